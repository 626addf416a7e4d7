"""A catalogue of bad input: each gets one clear message naming the file, and no site is built."""

from __future__ import annotations

import pytest

from conftest import NOTE_TEMPLATE, SLUG, build, write_note
from edition import cli
from edition.problems import EditionError

BAD = f"annotations/{SLUG}/bad.md"
GOOD = NOTE_TEMPLATE.format(quote="Marioupol is now in ruin")
SOURCE = """    title: "A page"
    publisher: "Human Rights Watch"
    url: "{url}"
    published: "2022-06-30"
    accessed: "2026-11-25"
"""
TWO_SOURCES = (
    "sources:\n  - " + SOURCE.format(url="https://www.hrw.org/a").lstrip()
    + "  - " + SOURCE.format(url="https://kyivindependent.com/b").replace("Human Rights Watch", "Kyiv Independent").lstrip()
)


def with_field(line: str, text: str = GOOD) -> str:
    return text.replace('gist: "A test note."\n', f'gist: "A test note."\n{line}\n')


def fact_check(sources: str = TWO_SOURCES, verdict: str = "accurate") -> str:
    return GOOD.replace('kind: "context"', f'kind: "fact-check"\nverdict: "{verdict}"').replace(
        'created:', sources + "created:"
    )


def with_url(url: str) -> str:
    return fact_check(TWO_SOURCES.replace("https://www.hrw.org/a", url))


CASES = {
    # the file itself
    "empty file": (b"", "file is empty"),
    "no front matter": ("Marioupol is now in ruin\n", "no front matter"),
    "unclosed front matter": ('---\nquote: "x"\n', "front matter is not closed"),
    "byte-order mark": (b"\xef\xbb\xbf" + GOOD.encode(), "byte-order mark"),
    "bytes that are not UTF-8": (GOOD.replace("A test note.", "caf\udce9").encode("utf-8", "surrogateescape"), "not UTF-8"),
    "far too large": (GOOD + "x" * 70_000, "limit is 65,536"),
    "broken YAML": (GOOD.replace('kind: "context"', 'kind: "context'), "broken YAML"),
    "YAML tag": (with_field("extra: !!python/name:os.system"), "tag"),
    # fields
    "duplicate key": (with_field('kind: "note"'), "duplicate field 'kind'"),
    "missing required field": (GOOD.replace('kind: "context"\n', ""), "required field 'kind' is missing"),
    "unknown field": (with_field('colour: "red"'), "unknown field 'colour'"),
    "misspelt field": (with_field('sorces: []'), "did you mean 'sources'"),
    "wrong type": (with_field('events: "27 June 2022"'), "expected a list"),
    "verdict that YAML would make false": (fact_check(verdict="x").replace('verdict: "x"', "verdict: no"), "'no' is not allowed"),
    "unknown kind": (GOOD.replace('kind: "context"', 'kind: "opinion"'), "use one of: fact-check, context, update, note"),
    "verdict not on the scale": (fact_check(verdict="mostly-true"), "use one of: accurate, needs-context, inaccurate, unverifiable"),
    "verdict on an opinion": (with_field('verdict: "accurate"'), "only fact-checks have a verdict"),
    "impossible date": (GOOD.replace('created: "2026-11-25"', 'created: "2022-02-30"'), "not a real calendar date"),
    "badly formed date": (GOOD.replace('created: "2026-11-25"', 'created: "27/06/2022"'), "is not a date"),
    "reviewed before created": (GOOD.replace('reviewed: "2026-11-25"', 'reviewed: "2020-01-01"'), "is before 'created'"),
    "event range backwards": (with_field('events:\n  - start: "2023"\n    end: "2022"\n    label: "x"'), "'end' (2022) is before 'start' (2023)"),
    "event without a date": (with_field('events:\n  - label: "x"'), "needs 'date'"),
    "gist over two lines": (GOOD.replace('gist: "A test note."', 'gist: "A test\\nnote."'), "wrong form"),
    # quotes
    "quote not found": (NOTE_TEMPLATE.format(quote="Mariupol is now in ruins"), "quote not found"),
    "quote ambiguous": (NOTE_TEMPLATE.format(quote="Mariupol"), "occurs 2 times"),
    "quote partly overlapping": (NOTE_TEMPLATE.format(quote="steelworks. Marioupol is"), "partly overlaps the quote of note 'anchor'"),
    "quote across paragraphs": (NOTE_TEMPLATE.format(quote="in ruin. The abhorrent attack"), "quote not found"),
    # sources
    "fact-check without sources": (fact_check(sources=""), "needs at least two sources"),
    "fact-check with one publisher": (fact_check(TWO_SOURCES.replace("https://kyivindependent.com/b", "https://www.hrw.org/b").replace("Kyiv Independent", "Human Rights Watch")), "two independent publishers"),
    "javascript: URL": (with_url("javascript:alert(1)"), "not an absolute https:// URL"),
    "data: URL": (with_url("data:text/html,<script>alert(1)</script>"), "not an absolute https:// URL"),
    "vbscript: URL": (with_url("vbscript:msgbox(1)"), "not an absolute https:// URL"),
    "file: URL": (with_url("file:///etc/passwd"), "not an absolute https:// URL"),
    "protocol-relative URL": (with_url("//www.hrw.org/a"), "not an absolute https:// URL"),
    "relative URL": (with_url("/news/a"), "not an absolute https:// URL"),
    "schemeless URL": (with_url("www.hrw.org/a"), "not an absolute https:// URL"),
    "plain http URL": (with_url("http://www.hrw.org/a"), "plain http"),
    "URL with spaces": (with_url("https://www.hrw.org/a b"), "spaces"),
    "URL on another host": (with_url("https://mirror.example.org/a"), "is not a host of 'Human Rights Watch'"),
    "unknown publisher": (fact_check(TWO_SOURCES.replace("Kyiv Independent", "Some Blog")), "'Some Blog' is not in the publisher registry"),
    # note text
    "no note text": (GOOD.replace("Test text.\n", ""), "the note has no text"),
    "raw HTML in text": (GOOD.replace("Test text.", "Test <b>bold</b> text."), "raw HTML is not allowed"),
    "script in text": (GOOD.replace("Test text.", "<script>alert(1)</script>"), "raw HTML is not allowed"),
    "javascript: link in text": (GOOD.replace("Test text.", "[x](javascript:alert(1))"), "not an https:// link"),
    "image in text": (GOOD.replace("Test text.", "![x](https://example.org/x.png)"), "images are not allowed"),
}


@pytest.fixture
def project(project):
    """The real project with one known note in place of the article's notes, so each case stands alone."""
    folder = project / f"annotations/{SLUG}"
    for path in folder.glob("*.md"):
        path.unlink()
    write_note(folder, "anchor", GOOD)
    return project


def problems_for(project) -> list:
    with pytest.raises(EditionError) as error:
        cli.load_notes(project)
    return error.value.problems


@pytest.mark.parametrize("content, expected", CASES.values(), ids=CASES.keys())
def test_bad_note_is_named_with_what_to_fix(project, content, expected):
    path = project / BAD
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    problems = problems_for(project)
    mine = [p for p in problems if p.path == BAD]
    assert mine, f"no problem names {BAD}: {problems}"
    assert any(expected in str(p) for p in mine), "\n".join(map(str, mine))
    assert all(p.path == BAD or "overlaps" in p.message for p in problems)


def test_bad_file_name_is_a_bad_id(project):
    (project / f"annotations/{SLUG}/Bad Note.md").write_text(GOOD, encoding="utf-8")
    assert any("not a valid note id" in p.message for p in problems_for(project))


def test_bare_dates_and_words_stay_text(project):
    write_note(project / f"annotations/{SLUG}", "bare", GOOD.replace('created: "2026-11-25"', "created: 2026-11-25"))
    edition = cli.load_notes(project)
    assert edition.articles[SLUG].notes["bare"].note.created == "2026-11-25"


def test_every_problem_is_reported_at_once(project):
    folder = project / f"annotations/{SLUG}"
    write_note(folder, "one", NOTE_TEMPLATE.format(quote="not in the article"))
    write_note(folder, "two", GOOD.replace('kind: "context"', 'kind: "opinion"'))
    paths = {p.path for p in problems_for(project)}
    assert {f"annotations/{SLUG}/one.md", f"annotations/{SLUG}/two.md"} <= paths


def test_article_whose_notes_folder_is_missing(project):
    (project / "docs/second.md").write_text(
        '---\ntitle: "Second"\nannotations: second-article\noriginal:\n  publisher: "P"\n  url: "https://example.org/a"\n'
        '  author: "A"\n  published:\n    earliest: "2022-01-01"\n    latest: "2022-01-02"\n    reason: "R"\n---\nText.\n',
        encoding="utf-8",
    )
    problems = problems_for(project)
    assert any(p.path == "docs/second.md" and "notes folder annotations/second-article does not exist" in p.message for p in problems)


def test_notes_folder_without_article(project):
    (project / "annotations/orphan").mkdir()
    assert any(p.path == "annotations/orphan" and "no article uses this notes folder" in p.message for p in problems_for(project))


def test_article_header_errors_name_the_page(project):
    page = project / f"docs/{SLUG}.md"
    page.write_text(page.read_text(encoding="utf-8").replace('earliest: "2022-06-30"', 'earliest: "30 June 2022"'), encoding="utf-8")
    assert any(p.path == f"docs/{SLUG}.md" and p.field == "original.published.earliest" for p in problems_for(project))


def test_missing_publisher_registry(project):
    (project / "annotations/publishers.yml").unlink()
    assert any("publisher registry is missing" in p.message for p in problems_for(project))


BUILD_CASES = ["quote not found", "quote ambiguous", "quote partly overlapping", "unknown field",
               "missing required field", "duplicate key", "broken YAML", "javascript: URL"]


@pytest.mark.parametrize("case", BUILD_CASES)
def test_strict_build_stops_before_writing_any_page(project, tmp_path, case):
    content, expected = CASES[case]
    (project / BAD).write_text(content, encoding="utf-8")
    site = tmp_path / "fresh-site"
    result = build(project, site)
    assert result.returncode != 0
    assert BAD in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(site.rglob("*.html")) if site.exists() else True


def test_config_pointing_at_no_docs_folder(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: nowhere"), encoding="utf-8")
    problems = problems_for(project)
    assert any(p.path == "nowhere" and "docs_dir (the pages) does not exist" in p.message for p in problems)
    result = build(project)
    assert result.returncode != 0 and "nowhere" in result.stderr and "Traceback" not in result.stderr


def test_missing_annotations_folder(project):
    import shutil

    shutil.rmtree(project / "annotations")
    assert any(p.path == "annotations" and "does not exist" in p.message for p in problems_for(project))
