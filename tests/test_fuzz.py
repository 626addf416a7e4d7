"""Hostile notes, generated: nothing a contributor writes adds a script, an event handler or a javascript:
URL to a built page, and no text can break out of the page's JSON-LD."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import ARTICLE_PAGE, SLUG, copy_project

HOSTILE = [
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>", '" onmouseover="alert(5)', "' onfocus='alert(6)", "javascript:alert(7)",
    "[click](javascript:alert(8))", "[x](JaVaScRiPt:alert(9))", "<a href=\"javascript:alert(10)\">a</a>",
    "<iframe src=//evil.example>", "{{ 7 * 7 }}", "{% raw %}", "]]>", "<!--", "-->", "\u2028\u2029",
    "</style><style>*{}</style>", "<math><mi xlink:href=\"javascript:alert(11)\">", "`<script>`", "&lt;script&gt;",
    "<details open ontoggle=alert(12)>", "[x](data:text/html,<script>alert(13)</script>)", "\\", "\"", "'", "<", ">", "&",
]
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)  # what a file can hold
fragment = st.one_of(st.sampled_from(HOSTILE), printable)
line = st.lists(fragment, min_size=1, max_size=5).map("".join).map(lambda s: s.replace("\n", " ").strip() or "x")
# Note text with raw HTML is refused outright (and that refusal is tested too); Markdown that merely looks
# hostile must build and come out inert.
markdown_only = st.sampled_from(["`<script>alert(1)</script>`", "5 < 6 & 7 > 3", "*em* **strong**", "[ok](https://example.org/a?b=<c>)",
                                 "\\<script\\>", "> quote", "- item", "&#x3C;script&#x3E;", "[x](#note-fuzz)", "{{ 7 * 7 }}"])
body = st.lists(st.one_of(markdown_only, markdown_only, printable, st.sampled_from(HOSTILE), st.just("\n\n")), min_size=1, max_size=8).map("".join)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def unsafe_markup(html: str, known_scripts: set) -> list[str]:
    """What a note could have smuggled into a page: new scripts, event handlers, javascript: URLs."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        key = (script.get("src"), script.get("type"), script.string if not script.get("type") else None)
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # must still parse: no text closed the element early
        elif key not in known_scripts:
            found.append(f"script {key}")
    for element in soup.find_all(True):
        if element.name in ("iframe", "object", "embed"):
            found.append(element.name)
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{element.name}[{name}]")
            if name.lower() in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", str(value)).lower().startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{element.name}[{name}={value}]")
    return found


def scripts_of(html: str) -> set:
    soup = BeautifulSoup(html, "html.parser")
    return {(s.get("src"), s.get("type"), s.string if not s.get("type") else None) for s in soup.find_all("script")}


def note_text(gist: str, label: str, summary: str, title: str, text: str) -> str:
    def q(value: str) -> str:  # a JSON string is a valid YAML double-quoted scalar
        return json.dumps(value, ensure_ascii=False)  # (YAML does not pair \\u surrogate escapes)
    return (
        f'---\nquote: "Marioupol"\nkind: "fact-check"\nverdict: "accurate"\ngist: {q(gist)}\n'
        f'events:\n  - date: "2022-05"\n    label: {q(label)}\n'
        "sources:\n"
        f'  - title: {q(title)}\n    publisher: "Human Rights Watch"\n    url: "https://www.hrw.org/x"\n'
        '    published: "2022-06-30"\n    accessed: "2026-11-25"\n'
        '  - title: "Second"\n    publisher: "Kyiv Independent"\n    url: "https://kyivindependent.com/y"\n'
        '    published: "2022-06-30"\n    accessed: "2026-11-25"\n'
        f'created: "2026-11-25"\nreviewed: "2026-11-25"\nhistory:\n  - date: "2026-11-25"\n    change: "added"\n'
        f"    summary: {q(summary)}\n---\n{text}\n"
    )


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    folder = project / "annotations" / SLUG
    shutil.rmtree(folder)
    folder.mkdir()
    return project


def build_page(project, text: str) -> str | None:
    """The article page built with this one note, or None when the build (rightly) refuses the note."""
    (project / "annotations" / SLUG / "fuzz.md").write_text(text, encoding="utf-8")
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    try:
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    except SystemExit:  # mkdocs' Abort: the note was rejected with a message, and no page was written
        assert not site.exists() or not list(site.rglob("*.html"))
        return None
    return (site / ARTICLE_PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def known_scripts(fuzz_project):
    page = build_page(fuzz_project, note_text("Plain gist", "Plain label", "First version.", "A title", "Plain text."))
    return scripts_of(page)


FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=os.environ.get("CI") == "true",  # a fixed seed in CI: the same examples every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_hostile_notes_add_nothing_that_runs(fuzz_project, known_scripts):
    built = []

    @FUZZ
    @seed(20261125)
    @given(gist=line, label=line, summary=line, title=line, text=body)
    def example(gist, label, summary, title, text):
        page = build_page(fuzz_project, note_text(gist, label, summary, title, text))
        if page is not None:
            built.append(page)
            assert unsafe_markup(page, known_scripts) == []

    example()
    # A fuzz run where every note was refused would pass without checking a page: most must build.
    assert len(built) >= FUZZ.max_examples // 2, f"only {len(built)} of {FUZZ.max_examples} hostile notes built"


def test_the_check_catches_what_it_looks_for(known_scripts):
    """One known-bad page: if a note's HTML went out unsanitised, the assertion above would fail."""
    bad = '<p><img src=x onerror=alert(1)><a href=" javascript:alert(2)">x</a></p><script>alert(3)</script>'
    assert len(unsafe_markup(bad, known_scripts)) == 3
