"""A catalogue of bad input: each gets one clear message naming the file, and no site is built."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

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


def source(publisher: str, url: str, **more: str) -> str:
    """One source entry, its fields in the order contributors write them."""
    fields = {"title": "A page", "publisher": publisher, **{k: v for k, v in more.items() if k in ("wire", "statement_of")},
              "url": url, "published": "2022-06-30", "accessed": "2026-11-25", **({"archive_url": more["archive_url"]} if "archive_url" in more else {})}
    return "  - " + "\n    ".join(f'{key}: "{value}"' for key, value in fields.items()) + "\n"


def sources(*entries: str, kind: str = "fact-check") -> str:
    text = GOOD.replace("created:", "sources:\n" + "".join(entries) + "created:")
    return text.replace('kind: "context"', 'kind: "fact-check"\nverdict: "accurate"') if kind == "fact-check" else text


HRW = source("Human Rights Watch", "https://www.hrw.org/a")


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
    # sources: what kind of publisher (annotations/publishers.yml gives each its type)
    "aggregator as a source": (sources(HRW, source("MarketScreener", "https://www.marketscreener.com/news/x")),
                               "bad.md:13: sources[1].publisher: 'MarketScreener' is an aggregator"),
    "web archive as a source": (sources(HRW, source("Internet Archive", "https://web.archive.org/web/2022/https://www.hrw.org/b")),
                                "put the archive's copy in 'archive_url'"),
    "archive link not on an archive": (sources(source("Human Rights Watch", "https://www.hrw.org/a", archive_url="https://archive.example.org/a"), kind="context"),
                                       "sources[0].archive_url: archive link https://archive.example.org/a is not on a registered archive"),
    "state media without whose statement": (sources(HRW, source("TASS", "https://tass.com/world/1")),
                                            "bad.md:12: sources[1]: 'TASS' is state media: cite it only for its own government's statements"),
    "state media's copy on another site": (sources(HRW, source("Kyiv Independent", "https://kyivindependent.com/b", wire="TASS")),
                                           "'TASS' is state media (the page carries its copy: 'wire: TASS')"),
    "statement_of on a source that is not state media": (
        sources(source("Human Rights Watch", "https://www.hrw.org/a", statement_of="Government of Russia"), source("Reuters", "https://www.reuters.com/b")),
        "sources[0].statement_of: statement_of is for state media only; 'Human Rights Watch' is a non-governmental organisation"),
    "statement_of on a wire story carried by state media": (
        sources(HRW, source("CNA", "https://www.channelnewsasia.com/world/x", wire="Reuters", statement_of="Government of Singapore")),
        "statement_of is for state media only; 'Reuters' is a news agency"),
    "wire that is not a news agency": (sources(HRW, source("Kyiv Independent", "https://kyivindependent.com/b", wire="The Guardian")),
                                       "sources[1].wire: 'The Guardian' is a newspaper, not a news agency"),
    # sources: the page itself, once
    "tracking parameters": (with_url("https://www.hrw.org/a?utm_source=twitter&utm_medium=social&id=7"),
                            "has tracking parameters utm_source, utm_medium\n    fix: cite the clean URL: https://www.hrw.org/a?id=7"),
    "BBC-style tracking parameters": (with_url("https://www.hrw.org/a?at_medium=RSS&at_campaign=KARANGA"),
                                      "at_medium, at_campaign\n    fix: cite the clean URL: https://www.hrw.org/a"),
    "a click id": (with_url("https://www.hrw.org/a?fbclid=IwAR0abc"), "has tracking parameter fbclid"),
    "AMP page (/amp/)": (with_url("https://www.hrw.org/amp/news/2022/06/30/a"), "probably https://www.hrw.org/news/2022/06/30/a "),
    "AMP page (/amp at the end)": (with_url("https://www.hrw.org/news/2022/06/30/a/amp"), "probably https://www.hrw.org/news/2022/06/30/a "),
    "AMP page (amp. host)": (with_url("https://amp.hrw.org/news/a"), "is an AMP page (an 'amp.' host)"),
    "AMP page (?amp)": (with_url("https://www.hrw.org/news/a?amp"), "probably https://www.hrw.org/news/a "),
    "AMP page (outputType=amp)": (with_url("https://www.hrw.org/news/a?outputType=amp"), "is an AMP page ('outputType=amp' in the query)"),
    "embed variant": (with_url("https://www.hrw.org/embed/video/a"), "is an embed variant ('/embed' in the path)"),
    "the same URL twice": (sources(HRW, source("Kyiv Independent", "https://kyivindependent.com/b"), HRW),
                           "bad.md:19: sources[2].url: the same page as sources[0] (line 9)"),
    "the same URL twice, once as a wire story": (
        sources(source("Kyiv Independent", "https://kyivindependent.com/b"), source("Kyiv Independent", "https://kyivindependent.com/b/", wire="Reuters")),
        "two independent publishers; all come from Kyiv Independent, Reuters (the same page cited twice counts once)"),
    "one story on two hosts of one publisher": (
        sources(source("BBC News", "https://www.bbc.com/news/world-1"), source("BBC News", "https://www.bbc.co.uk/news/world-1", wire="Reuters")),
        "sources[1].url: the same page as sources[0]"),
    # note text
    "no note text": (GOOD.replace("Test text.\n", ""), "the note has no text"),
    "raw HTML in text": (GOOD.replace("Test text.", "Test <b>bold</b> text."), "raw HTML is not allowed"),
    "script in text": (GOOD.replace("Test text.", "<script>alert(1)</script>"), "raw HTML is not allowed"),
    "javascript: link in text": (GOOD.replace("Test text.", "[x](javascript:alert(1))"), "not an https:// link"),
    "image in text": (GOOD.replace("Test text.", "![x](https://example.org/x.png)"), "images are not allowed"),
    "blank quote": (NOTE_TEMPLATE.format(quote="   "), "quote: is blank"),
    # URLs as a browser reads them (tests/test_urls.py has the parser's cases)
    "backslash that moves the host": (fact_check(TWO_SOURCES.replace("https://www.hrw.org/a", "https://evil.example\\\\.hrw.org/a")), "backslash"),
    "user name before the host": (with_url("https://www.hrw.org@evil.example/a"), "user name"),
    "port": (with_url("https://www.hrw.org:8443/a"), "port"),
    "host that IDNA rewrites": (with_url("https://ｗｗｗ.hrw.org/a"), "read by browsers as"),
    "slash-backslash link in text": (GOOD.replace("Test text.", "[x](/\\\\evil.example/path)"), "backslash"),
    "protocol-relative link in text": (GOOD.replace("Test text.", "[x](//evil.example/path)"), "another site"),
    "email link in text names the address": (GOOD.replace("Test text.", "Write to <a@b.example>."), "'mailto:a@b.example'"),
    # one-line fields follow the links rules of the text
    "plain http link in the gist": (GOOD.replace('gist: "A test note."', 'gist: "See [this](http://example.org/a)."'), "gist: 'http://example.org/a' uses plain http"),
    "protocol-relative link in an event label": (with_field('events:\n  - date: "2022"\n    label: "[x](//evil.example/a)"'), "events[0].label: '//evil.example/a' leads to another site"),
    "bare relative link in a change summary": (GOOD.replace('summary: "First version."', 'summary: "[x](evil.example/path)"'), "history[0].summary: 'evil.example/path' is a relative link"),
    # the same page twice is one publisher, whatever its 'wire' says
    "same page twice with another wire": (fact_check(TWO_SOURCES.replace("https://kyivindependent.com/b", "https://www.hrw.org/a").replace("Kyiv Independent", "Human Rights Watch").replace('    accessed: "2026-11-25"\n', '    accessed: "2026-11-25"\n    wire: "Reuters"\n', 1)), "the same page as sources[0]"),
    # dates in order, none in the future
    "source published after it was accessed": (with_url("https://www.hrw.org/a").replace('published: "2022-06-30"', 'published: "2026-11-26"', 1), "published (2026-11-26) after it was accessed (2026-11-25)"),
    "date in the future": (GOOD.replace('reviewed: "2026-11-25"', 'reviewed: "2999-01-01"'), "2999-01-01 is in the future"),
    "history older than created": (GOOD.replace('  - date: "2026-11-25"', '  - date: "2026-01-01"'), "history entry dated 2026-01-01 is before 'created'"),
    # invisible and control characters, by name and place, however they are written
    "right-to-left override": (GOOD.replace("A test note.", "Toll: \u202e0001\u202c"), "U+202E RIGHT-TO-LEFT OVERRIDE at line 4, column 14"),
    "NUL in a quote": (NOTE_TEMPLATE.format(quote="in ruin.\x00The abhorrent"), "U+0000 NULL"),
    "zero-width space in the text": (GOOD.replace("Test text.", "Test\u200btext."), "U+200B ZERO WIDTH SPACE"),
    "C1 control": (GOOD.replace("A test note.", "A test\x85note."), "U+0085"),
    "invisible character as a YAML escape": (GOOD.replace("A test note.", "A test \\u202e note."), "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "invisible character as an HTML entity": (GOOD.replace("Test text.", "Test &#x202E; text."), "U+202E RIGHT-TO-LEFT OVERRIDE"),
    # why a quote is not found, when the reason cannot be seen
    "quote with a no-break space": (NOTE_TEMPLATE.format(quote="Marioupol\u00a0is now in ruin"), "the article has U+0020 SPACE where the quote has U+00A0 NO-BREAK SPACE"),
    "quote with a Cyrillic letter": (NOTE_TEMPLATE.format(quote="M\u0430rioupol is now in ruin"), "where the quote has U+0430 CYRILLIC SMALL LETTER A"),
    "quote with a straight apostrophe": (NOTE_TEMPLATE.format(quote="The city's mayor"), "the article has U+2019 RIGHT SINGLE QUOTATION MARK where the quote has U+0027 APOSTROPHE"),
    "quote found but not its prefix": (NOTE_TEMPLATE.format(quote="Marioupol is now in ruin").replace('kind:', 'prefix: "steelworks! "\nkind:'), "the quote itself occurs 1 time(s), but not with this prefix"),
    # YAML that crashed, recursed or blew up
    "YAML anchor and alias": (with_field('extra: &a "x"\nmore: *a'), "anchors"),
    "YAML ended early by '...'": (GOOD.replace('kind: "context"\n', 'kind: "context"\n...\n'), "bad.md:5: broken YAML"),
    "YAML nested too deep": (with_field("events: " + "[" * 100 + "]" * 100), "nested more than 16 levels"),
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


# Good examples of what the source rules allow: each must load without a problem.
ACCEPTED = {
    "state media for its government's statement": sources(HRW, source("TASS", "https://tass.com/economy/1", statement_of="Government of Russia")),
    "a wire story carried by state media is the wire's": sources(HRW, source("CNA", "https://www.channelnewsasia.com/world/x", wire="Reuters")),
    "state media's copy on another site, attributed": sources(HRW, source("Kyiv Independent", "https://kyivindependent.com/b", wire="TASS", statement_of="Government of Russia")),
    "one publisher, two pages": sources(HRW, source("Human Rights Watch", "https://www.hrw.org/b"), source("Reuters", "https://www.reuters.com/c")),
    "two pages of a site, told apart by their query": sources(source("NATO", "https://www.nato.int/cps/en/natohq/opinions_1.htm?selectedLocale=en"),
                                                           source("The Japan News", "https://japannews.yomiuri.co.jp/?p=37280"),
                                                           source("The Japan News", "https://japannews.yomiuri.co.jp/?p=37281")),
    "an archive link on the archive": sources(source("Human Rights Watch", "https://www.hrw.org/a", archive_url="https://web.archive.org/web/2022/https://www.hrw.org/a"),
                                              source("Reuters", "https://www.reuters.com/c")),
    "words that merely contain amp or embed": sources(source("Human Rights Watch", "https://www.hrw.org/news/camp-ampersand/embedded-reporters?page=2"),
                                                     source("Reuters", "https://www.reuters.com/c?ref_id=5&sample=amped")),
}


@pytest.mark.parametrize("content", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_sources_the_rules_allow_pass(project, content):
    write_note(project / f"annotations/{SLUG}", "fine", content)
    cli.load_notes(project)


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


# ---------------------------------------------------------------- files that are not notes, and the registry


@pytest.mark.parametrize("name", ["x.MD", "x.markdown", "x.md.txt", "notes/y.md"])
def test_a_file_the_build_would_not_read_is_reported(project, name):
    path = project / f"annotations/{SLUG}" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")
    shown = f"annotations/{SLUG}/{name.split('/')[0]}"
    assert any(p.path == shown and "not read" in p.message for p in problems_for(project)), problems_for(project)


def registry_problems(project, change) -> list:
    registry = project / "annotations/publishers.yml"
    registry.write_text(change(registry.read_text(encoding="utf-8")), encoding="utf-8")
    return problems_for(project)


def line_of(project, text: str) -> int:
    lines = (project / "annotations/publishers.yml").read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


HRW_ENTRY = '"Human Rights Watch": {type: "ngo", hosts: ["hrw.org"]}'  # its line in annotations/publishers.yml


def test_one_stray_quote_in_the_registry_is_one_problem_on_its_line(project):
    problems = registry_problems(project, lambda text: text.replace(HRW_ENTRY, HRW_ENTRY.replace('Watch":', 'Watch:')))
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].path == "annotations/publishers.yml"
    assert problems[0].line == line_of(project, HRW_ENTRY.replace('Watch":', 'Watch:'))


def test_a_document_marker_does_not_cut_the_registry_short(project):
    problems = registry_problems(project, lambda text: text.replace(HRW_ENTRY, "---\n" + HRW_ENTRY))
    assert len(problems) == 1 and "second YAML document" in problems[0].message
    assert problems[0].line == line_of(project, "---")


def test_registry_errors_name_the_right_line(project):
    problems = registry_problems(project, lambda text: text.replace(HRW_ENTRY, HRW_ENTRY.replace('"hrw.org"', '"Hrw Org"')))
    assert [(p.line, p.field) for p in problems] == [(line_of(project, "Hrw Org"), "Human Rights Watch.hosts[0]")]


# ---------------------------------------------------------------- input that crashed, recursed, hung or exhausted memory


def check_in_a_subprocess(project, seconds: float = 60) -> subprocess.CompletedProcess:
    """scripts/check in its own process, with a memory ceiling: a crash, a hang or a blow-up fails the test,
    not the test run."""
    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    return subprocess.run([sys.executable, "-m", "edition", "--root", str(project)], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=limit_memory)


def assert_refused_cleanly(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, f"exit {result.returncode} (a negative number is a signal: the process crashed)\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert all(word in result.stderr for word in words), result.stderr[-2000:]


HOSTILE_YAML = {
    "50 KB of nested brackets (libyaml's tree builder segfaults)": "quote: " + "[" * 25_000 + "]" * 25_000,
    "5,000 levels of nesting (RecursionError)": "quote: " + "{a: " * 5_000 + "b" + "}" * 5_000,
    "an alias bomb of a kilobyte": 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)),
}


@pytest.mark.parametrize("front_matter", HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_hostile_yaml_is_refused_without_a_crash(project, front_matter):
    (project / BAD).write_text(f"---\n{front_matter}\n---\nText.\n", encoding="utf-8")
    assert_refused_cleanly(check_in_a_subprocess(project), BAD)


def test_a_note_that_is_a_pipe_is_refused_without_waiting(project):
    os.mkfifo(project / BAD)
    assert_refused_cleanly(check_in_a_subprocess(project, seconds=30), BAD, "not a regular file")


def test_a_note_that_links_to_an_endless_device_is_refused_unread(project):
    (project / BAD).symlink_to("/dev/zero")
    assert_refused_cleanly(check_in_a_subprocess(project, seconds=30), BAD, "outside the repository")


def test_a_long_article_has_its_own_limit(project):
    page = project / f"docs/{SLUG}.md"
    text = page.read_text(encoding="utf-8")
    long_read = text + "\n" + "\n\n".join(f"Paragraph {i} of a long read, which goes on for a while." * 20 for i in range(80)) + "\n"
    assert len(long_read.encode()) > 70_000
    page.write_text(long_read, encoding="utf-8")
    cli.load_notes(project)  # a 10,000-word article loads
    page.write_text(text + "x" * 1_100_000, encoding="utf-8")
    problems = problems_for(project)
    assert any(p.path == f"docs/{SLUG}.md" and "limit is 1,048,576 for a page" in p.message for p in problems), problems
