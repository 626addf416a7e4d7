"""Pages in docs/ are edited by pull request too: nothing a page author writes may run script or load from
elsewhere, and a bad page gets an error naming it, never a traceback, before anything is built."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import SLUG, build
from edition import cli, csp
from edition.problems import EditionError

ABOUT = "docs/about.md"
ARTICLE_MD = f"docs/{SLUG}.md"


def problems_for(project) -> list:
    with pytest.raises(EditionError) as error:
        cli.load_notes(project)
    return error.value.problems


def edit(project, page: str, change) -> None:
    path = project / page
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def append(text: str):
    return lambda page: page + "\n" + text + "\n"


def in_front_matter(line: str):
    return lambda page: page.replace("---\n", f"---\n{line}\n", 1)


PAGE_CASES = {
    # front matter reaches <title>, <meta> and the nav unescaped
    "title that closes <title>": (ARTICLE_MD, lambda t: t.replace('title: "Russian War Crimes in Ukraine Are Backfiring"', '''title: "War</title><script>alert('title')</script>"'''), "'<' '>' cannot be used in front matter"),
    "description that closes the attribute": (ABOUT, lambda t: t.replace("description: What", 'description: \'x" http-equiv="refresh" content="0;url=https://evil.example\' #'), "'\"' cannot be used in front matter"),
    "ampersand in a title": (ABOUT, in_front_matter('title: "Tom &amp; Jerry"'), "'&' cannot be used"),
    "a page that picks its template": (ABOUT, in_front_matter('template: "partials/edition/article.html"'), "cannot be a page's template"),
    "a page without the policy's template": (ABOUT, in_front_matter('template: "base.html"'), "cannot be a page's template"),
    # raw HTML, comments included, and attributes
    "script appended to a page": (ABOUT, append("<script>alert(1)</script>"), "raw HTML is not allowed in pages: <script>alert(1)</script>"),
    "inline HTML with a handler": (ABOUT, append("Read <b onclick=alert(1)>this</b>."), "raw HTML is not allowed in pages"),
    "an HTML comment": (ABOUT, append("<!-- a comment that is not a shortcode -->"), "raw HTML is not allowed in pages: <!-- a comment"),
    "an event handler through attr_list": (ABOUT, append('A paragraph.\n{ onclick="alert(1)" }'), "attribute 'onclick' is not allowed"),
    "a style through attr_list": (ABOUT, append('A paragraph.\n{ style="background:url(https://evil.example/x)" }'), "attribute 'style' is not allowed"),
    "a javascript: link": (ABOUT, append("[x](javascript:alert(1))"), "'javascript:alert(1)' is not an https:// link"),
    "a protocol-relative link": (ABOUT, append("[x](//evil.example/a)"), "leads to another site"),
    "an image from another site": (ABOUT, append("![x](https://evil.example/pixel.png)"), "loads from another site"),
    "an unknown shortcode": (ABOUT, append("<!-- edition:nothing -->"), "unknown shortcode 'edition:nothing'"),
    # text a reader cannot see
    "a bidi override in a page": (ABOUT, append("Toll: \u202e0001\u202c"), "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "an invisible character as an entity": (ABOUT, append("Toll: &#x202e;1"), "U+202E RIGHT-TO-LEFT OVERRIDE"),
    # an article that stops being one without a word
    "an article that starts with a BOM": (ARTICLE_MD, lambda t: "\ufeff" + t, "byte-order mark"),
}


@pytest.mark.parametrize("page, change, expected", PAGE_CASES.values(), ids=PAGE_CASES.keys())
def test_a_bad_page_is_named_with_what_to_fix(project, page, change, expected):
    edit(project, page, change)
    problems = problems_for(project)
    mine = [p for p in problems if p.path == page]
    assert any(expected in str(p) for p in mine), "\n".join(map(str, problems))
    assert all(p.line is not None for p in mine if "raw HTML" in p.message or "front matter" in p.message)


def test_the_real_pages_pass_with_their_shortcodes_entities_and_links(project):
    edit(project, ABOUT, append("5&nbsp;km, AT&amp;T, [the policy](policy.md#verdicts), <corrections@example.org>"))
    cli.load_notes(project)


@pytest.mark.parametrize("case", ["title that closes <title>", "script appended to a page", "a page that picks its template"])
def test_the_build_stops_on_a_bad_page_before_writing_anything(project, tmp_path, case):
    page, change, expected = PAGE_CASES[case]
    edit(project, page, change)
    site = tmp_path / "fresh-site"
    result = build(project, site)
    assert result.returncode != 0 and page in result.stderr and expected in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert not site.exists() or not list(site.rglob("*.html"))


# ---------------------------------------------------------------- links in docs/ and annotations/


LINKS = {
    "a page that links to a system file": ("docs/leak.md", "/etc/os-release", "outside the repository"),
    "a folder that links to /etc": ("docs/etc", "/etc", "outside the repository"),
    "a broken link": ("docs/gone.md", "/nonexistent/file.md", "broken link"),
    "a folder link inside the repository": ("docs/scripts", "../scripts", "link to a folder"),
    "a note that links outside": (f"annotations/{SLUG}/leak.md", "/etc/hostname", "outside the repository"),
    "a page that links into .git": ("docs/config.md", "../.git/config", "outside the repository's files"),
}


@pytest.mark.parametrize("link, target, expected", LINKS.values(), ids=LINKS.keys())
def test_links_that_leave_the_repository_or_lead_nowhere_are_refused(project, link, target, expected):
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git/config").write_text("[remote]\n", encoding="utf-8")
    (project / link).symlink_to(target)
    problems = problems_for(project)
    assert any(p.path == link and expected in p.message for p in problems), "\n".join(map(str, problems))


def test_a_link_to_a_file_inside_the_repository_is_read(project):
    (project / "docs/again.md").symlink_to("about.md")
    cli.load_notes(project)


def test_a_leaking_link_stops_the_build_and_publishes_nothing(project, tmp_path):
    (project / "docs/leak.md").symlink_to("/etc/os-release")
    (project / "docs/etc").symlink_to("/etc")
    site = tmp_path / "fresh-site"
    result = build(project, site)
    assert result.returncode != 0 and "docs/leak.md" in result.stderr and "docs/etc" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or not list(site.rglob("*"))


def test_a_pipe_in_docs_is_refused_without_waiting(project):
    os.mkfifo(project / "docs/pipe.md")
    result = subprocess.run([sys.executable, "-m", "edition", "--root", str(project)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "docs/pipe.md" in result.stderr and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the policy hashes only the templates' own scripts


TEMPLATE = f"""<html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self' {csp.MARKER}">
<script>theme()</script></head><body>{{content}}<script type="application/ld+json">{{{{}}}}</script></body></html>"""


def test_the_policy_allows_the_templates_scripts_and_not_the_contents():
    page = TEMPLATE.format(content=csp.mark_content("<p>Text</p><script>alert(1)</script>"))
    filled = csp.fill(page)
    assert filled != page and csp.MARKER not in filled
    assert csp.inline_script_hashes("<script>theme()</script>")[0] in filled, "the template's own script runs"
    assert csp.inline_script_hashes("<script>alert(1)</script>")[0] not in filled, "a script in the content does not"
    assert "'unsafe-inline'" not in filled
    assert csp.CONTENT_START not in filled and csp.CONTENT_END not in filled


def test_under_serve_the_policy_lets_the_live_reload_script_run():
    served = csp.fill(TEMPLATE.format(content=csp.mark_content("<p>Text</p>")), serving=True)
    assert "'unsafe-inline'" in served
