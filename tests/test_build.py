"""What the built site contains: the article verbatim, each note once, markers that add no text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import ARTICLE_PAGE, NOTE_TEMPLATE, ROOT, SLUG, build, soup, write_note
from edition import cli
from edition.schema import VERDICTS, json_schema, sort_key

ORIGINAL = (ROOT / f"tests/fixtures/{SLUG}.txt").read_text(encoding="utf-8")


def note_ids() -> set[str]:
    return {p.stem for p in (ROOT / "annotations" / SLUG).glob("*.md")}


def test_strict_build_is_clean(site):
    assert (site / ARTICLE_PAGE).is_file()


def test_article_text_is_the_original_word_for_word(site):
    """Title, credit line, every paragraph and the disclaimer, character for character; markers excluded."""
    article = soup(site / ARTICLE_PAGE)
    for marker in article.select(".edition-marker"):
        marker.decompose()
    shown = [article.select_one("h1").get_text()]
    shown += [p.get_text() for p in article.select(".edition-article > p")]
    # The original page had a spacer paragraph holding only a no-break space; it carries no words.
    assert shown == [p for p in ORIGINAL.rstrip("\n").split("\n\n") if p.strip()]


def test_page_chrome_of_the_original_is_not_reproduced(article):
    text = article.select_one("article").get_text()
    for chrome in ("Back to Top", "Login", "Lost your password?"):
        assert chrome not in text


def test_spelling_is_kept_as_published(article):
    assert "Marioupol is now in ruin" in article.select_one(".edition-article").get_text()


def test_header_says_who_published_when_and_why(article):
    header = article.select_one(".edition-header")
    origin = header.select_one(".edition-header__origin")
    assert origin.a["href"] == "https://www.geopoliticalmonitor.com/russian-war-crimes-in-ukraine-are-backfiring"
    assert "Geopolitical Monitor" in origin.get_text()
    assert [t["datetime"] for t in origin.select("time")] == ["2022-06-30", "2022-07-31"]
    assert "Amnesty" in header.select_one(".edition-header__dating").get_text()


def test_each_note_is_one_element_with_its_id(article):
    for note_id in note_ids():
        assert len(article.select(f'[id="note-{note_id}"]')) == 1
        element = article.select_one(f"#note-{note_id}")
        assert element["data-annotation-id"] == note_id
        assert element.select_one(".edition-kind").get_text().strip()
        assert element.select_one(".edition-note__text").get_text().strip()


def test_each_note_is_anchored_once_with_a_marker_that_adds_no_text(article):
    for note_id in note_ids():
        marks = article.select(f'.edition-article mark[data-annotation-id="{note_id}"]')
        assert marks, note_id
        markers = article.select(f'.edition-article a.edition-marker[href="#note-{note_id}"]')
        assert len(markers) == 1
        marker = markers[0]
        assert marker.get_text() == ""
        assert re.fullmatch(r"Note \d+: [a-z -]+(, [a-z -]+)?", marker["aria-label"])


def test_numbers_follow_reading_order(article):
    """Note n is the n-th note whose words a reader meets, and the notes are listed in that order."""
    first_seen = list(dict.fromkeys(m["data-annotation-id"] for m in article.select(".edition-article mark")))
    numbers = {m["href"].removeprefix("#note-"): int(m["data-number"]) for m in article.select(".edition-article .edition-marker")}
    assert [numbers[note_id] for note_id in first_seen] == list(range(1, len(first_seen) + 1))
    listed = [n["data-annotation-id"] for n in article.select(".edition-notes .edition-note")]
    assert listed == first_seen


def test_fact_checks_show_their_verdict_in_words(article):
    for note in article.select('.edition-note[data-kind="fact-check"]'):
        verdict = note.select_one(".edition-verdict")
        assert verdict["data-verdict"] == note["data-verdict"]
        assert verdict.get_text().strip() in {"Accurate", "Needs context", "Inaccurate", "Unverifiable"}


def test_sources_are_linked_with_dates(article):
    for source in article.select(".edition-note .edition-source"):
        link = source.select_one("a.edition-source__title")
        assert link["href"].startswith("https://")
        assert link["rel"] == ["noopener", "noreferrer"]
        assert "Accessed" in source.get_text()


def test_scorecard_counts_the_fact_checks(article):
    checks = article.select('.edition-note[data-kind="fact-check"]')
    scorecard = article.select_one(".edition-scorecard").get_text(" ", strip=True)
    assert f"{len(checks)} claims checked" in scorecard
    for verdict, label in (("accurate", "Accurate"), ("inaccurate", "Inaccurate")):
        count = len(article.select(f'.edition-note[data-verdict="{verdict}"]'))
        assert f"{label} {count}" in scorecard


def test_header_says_how_many_notes_are_due_for_review(article):
    # Each note shows when it was last reviewed; the header counts those more than 180 days before the build.
    reviewed = [meta.select("time")[1]["datetime"] for meta in article.select(".edition-note__meta")]
    today = dt.date.today()
    due = sum((today - dt.date.fromisoformat(date)).days > 180 for date in reviewed)
    line = article.select_one(".edition-header [data-due]")
    assert line["data-due"] == str(due)
    assert f"Due for review: {due} of {len(reviewed)} notes" in line.get_text(" ", strip=True)


def test_scorecard_chart_has_one_bar_a_verdict_with_its_word_count_and_filter_link(article):
    bars = article.select('[data-chart="verdicts"] [data-verdict]')
    assert [bar["data-verdict"] for bar in bars] == list(VERDICTS)
    for bar, (key, term) in zip(bars, VERDICTS.items()):
        count = len(article.select(f'.edition-note[data-verdict="{key}"]'))
        assert bar["data-count"] == str(count)
        assert bar.get_text(" ", strip=True) == f"{term.label} {count}"  # words and numbers, not colour alone
        assert bar.select_one("a")["href"] == f"?show={key}#edition-notes"
    lengths = [float(bar.select_one(".edition-chart__fill")["width"].rstrip("%")) for bar in bars]
    counts = [int(bar["data-count"]) for bar in bars]
    assert lengths == [pytest.approx(100 * count / max(counts), abs=0.001) for count in counts]


def test_notes_resting_on_sources_from_after_publication_say_how_many(article):
    published, notes = "2022-06-30", cli.load_notes(ROOT).articles[SLUG].notes
    assert article.select(".edition-note[data-later-sources]")
    for element in article.select(".edition-note"):
        note = notes[element["data-annotation-id"]].note
        later = [s for s in note.sources if s.published != "undated" and sort_key(s.published) > sort_key(published)]
        assert element.get("data-later-sources") == (str(len(later)) if later else None), element["id"]


def test_no_page_mounts_materials_palette_component(site):
    # Mounted, Material re-applies the palette after first paint and restyles the whole page three times
    # over; partials/palette.html keeps the toggle without it (benchmarks/RESULTS.md).
    for page in site.rglob("*.html"):
        html = soup(page)
        assert not html.select('[data-md-component="palette"]'), page
        if html.select('input[name="__palette"]'):
            assert html.select("[data-edition-palette] + script"), f"{page}: the palette script is missing"


def test_site_wide_pages_exist_and_link_to_notes(site):
    timeline = soup(site / "timeline/index.html")
    events = timeline.select('[data-panel="timeline"] [data-event-date]')
    assert events and timeline.select("[data-publication]")
    assert all(a["href"].startswith(f"../{SLUG}/#note-") for a in timeline.select('[data-panel="timeline"] li a'))
    sources = soup(site / "sources/index.html")
    assert sources.select('[data-panel="sources"] .edition-source')


def test_schema_file_is_generated_from_the_code():
    written = json.loads((ROOT / "annotations/schema.json").read_text(encoding="utf-8"))
    assert written == json_schema(), "run: scripts/check schema"


def test_note_text_is_escaped_and_sanitised(project, tmp_path):
    folder = project / "annotations" / SLUG
    hostile = (ROOT / "tests/fixtures/hostile-note.md").read_text(encoding="utf-8")
    write_note(folder, "hostile", hostile)
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "out" / ARTICLE_PAGE)
    note = page.select_one("#note-hostile")
    assert not note.select("script, img, iframe, style")
    assert not [a for el in note.find_all(True) for a in el.attrs if a.startswith("on")]
    assert "<script>alert(‘gist’)</script>" in note.select_one(".edition-note__gist").get_text()  # shown as text, quotes curled
    assert note.select_one(".edition-note__text em").get_text() == "emphasis"
    assert note.select_one('.edition-note__text a[href="https://example.org/page"]')["rel"] == ["noopener", "noreferrer"]


def test_a_second_article_gets_its_own_notes_and_the_index_lists_both(project, tmp_path):
    (project / "docs/second.md").write_text(
        '---\ntitle: "A Second Article"\nannotations: second-article\n'
        'original:\n  publisher: "Example Weekly"\n  url: "https://example.org/second"\n  author: "A. Writer"\n'
        '  published:\n    earliest: "2023-01-01"\n    latest: "2023-01-01"\n    reason: "Dated on the page."\n---\n'
        "The second article says one thing. Then it says another.\n",
        encoding="utf-8",
    )
    folder = project / "annotations/second-article"
    folder.mkdir()
    note = (ROOT / "tests/fixtures/second-article-note.md").read_text(encoding="utf-8")
    write_note(folder, "one-thing", note)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"      - {SLUG}.md\n", f"      - {SLUG}.md\n      - second.md\n"), encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    second = soup(tmp_path / "out/second/index.html")
    assert [m["data-number"] for m in second.select(".edition-marker")] == ["1"]
    assert second.select_one("#note-one-thing")
    assert not second.select('[data-annotation-id="marioupol-spelling"]')
    first = soup(tmp_path / "out" / ARTICLE_PAGE)
    assert not first.select("#note-one-thing")
    index = soup(tmp_path / "out/index.html")
    titles = [a.get_text(strip=True) for a in index.select(".edition-index a")]
    assert titles == ["Russian War Crimes in Ukraine Are Backfiring", "A Second Article"]
    timeline = soup(tmp_path / "out/timeline/index.html")
    assert timeline.select('a[href="../second/#note-one-thing"]')
    assert len(timeline.select("[data-publication]")) == 2
    # The same drawing: one publication line across the axis per article, each at its own date.
    lines = timeline.select(".edition-timeline__grid .edition-timeline__published")
    assert len(lines) == 2 and lines[0]["x1"] != lines[1]["x1"]
    assert timeline.select_one('a[href="../second/#note-one-thing"]').get_text().startswith("Note 1 of A Second Article: ")


def test_contributor_check_passes_on_the_real_notes(capsys):
    assert cli.main(["--root", str(ROOT)]) == 0
    assert "pass every check" in capsys.readouterr().out


def test_no_raw_template_reaches_the_site(site):
    """Engines copy a theme's non-.html files into the site as they are: a Jinja template there would be
    published raw (the feed's once was). Every file the site has from overrides/, and the feed, is finished."""
    overrides = ROOT / "overrides"
    copied = [site / path.relative_to(overrides) for path in overrides.rglob("*") if path.is_file()]
    copied = [path for path in copied if path.is_file()]
    assert copied, "the edition's assets are in the site"
    for path in [*copied, site / "feed.xml"]:
        text = path.read_text(encoding="utf-8")
        assert "{%" not in text and "{{" not in text and "{#" not in text, path
    assert not list(site.rglob("*.xml.html")) and not (site / "partials").exists()


def test_note_ids_cannot_collide_with_another_notes_element_ids(project, tmp_path):
    """Sub-element ids are note-<id>--<part> (heading, gist, quote, detail), and an id cannot hold '--': the
    notes 'x', 'x-heading' and 'x-detail' get all their ids distinct."""
    from edition.schema import ID_PATTERN

    assert not ID_PATTERN.match("x--heading")
    folder = project / "annotations" / SLUG
    for note_id, quote in (("collide", "Marioupol is now in ruin"), ("collide-heading", "Azovstal steelworks"), ("collide-detail", "250 Ukrainian soldiers")):
        write_note(folder, note_id, NOTE_TEMPLATE.format(quote=quote))
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "out" / ARTICLE_PAGE)
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for note_id in ("collide", "collide-heading", "collide-detail"):
        note = page.select_one(f"#note-{note_id}")
        assert note["aria-labelledby"] == f"note-{note_id}--heading"
        assert note.select_one(f"#note-{note_id}--detail")
