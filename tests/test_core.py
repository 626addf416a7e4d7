"""Unit tests of the core's small pieces: the page policy, shortcodes, URLs, and one list of kinds and verdicts."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SLUG
from edition import csp, shortcodes
from edition.schema import KINDS, VERDICTS
from edition.site import page_href, source_href

POLICY = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\' edition-inline-script-hashes; style-src \'self\' edition-inline-style-hashes">'


def page(content: str, head: str = "<script>theme()</script>") -> str:
    return f"<html><head>{POLICY}{head}</head><body>{csp.mark_content(content)}</body></html>"


def allowed(html: str) -> str:
    return re.search(r"script-src ([^;\"]*)", html).group(1)


def test_policy_allows_the_templates_scripts_by_hash():
    html = csp.fill(page("<p>text</p>"))
    assert allowed(html) == f"'self' {csp.digest('theme()')}"
    assert "edition-inline-script-hashes" not in html and "edition:content" not in html


def test_policy_never_allows_a_script_from_the_content():
    html = csp.fill(page("<p>text</p><script>alert(1)</script>"))
    assert csp.digest("alert(1)") not in html
    assert allowed(html) == f"'self' {csp.digest('theme()')}"


def test_policy_ignores_data_blocks_and_external_scripts():
    head = '<script type="application/ld+json">{}</script><script src="x.js"></script>'
    assert allowed(csp.fill(page("", head))) == "'self'"


def test_policy_under_serve_lets_the_live_reload_script_run():
    assert allowed(csp.fill(page(""), serving=True)) == "'self' 'unsafe-inline'"


def test_policy_allows_a_stylesheet_the_theme_script_inserts():
    html = csp.fill(page(""), styles=(":host{color:red}",))
    assert f"style-src 'self' {csp.digest(':host{color:red}')}" in html
    assert "style-src 'self'\"" in csp.fill(page(""))


def test_value_shortcodes_expand_and_blocks_stay_for_the_html():
    text = "Write to <!-- edition:contact -->.\n\n<!--edition:timeline-->\n"
    assert shortcodes.expand(text, {"contact": "x@example.org"}, "about.md") == "Write to x@example.org.\n\n<!-- edition:timeline -->\n"


@pytest.mark.parametrize("text", ["<!-- edition:nothing -->", "<!-- edition:contact -->"])
def test_an_unknown_or_unset_shortcode_is_an_error_naming_the_page(text):
    with pytest.raises(ValueError, match=r"^about\.md: unknown shortcode"):
        shortcodes.expand(text, {"contact": ""}, "about.md")


def test_block_shortcodes_are_replaced_with_their_panel_and_its_paragraph():
    html = "<p>Intro</p>\n<!-- edition:timeline -->\n<p><!-- edition:sources --></p>"
    assert shortcodes.blocks(html) == ["timeline", "sources"]
    assert shortcodes.fill(html, {"timeline": "<ol>T</ol>", "sources": "<ul>S</ul>"}) == "<p>Intro</p>\n<ol>T</ol>\n<ul>S</ul>"


@pytest.mark.parametrize("target, here, expected", [
    ("policy/", "", "policy/"),
    ("policy/", "article/", "../policy/"),
    ("feed.xml", "article/", "../feed.xml"),
    ("article/annotations.jsonld", "article/", "annotations.jsonld"),
    ("", "article/", "../"),
    ("article/", "article/", "."),
    ("a/b.html", "c/d.html", "../a/b.html"),
])
def test_links_relative_to_the_page(target, here, expected):
    assert page_href(lambda src: here)(target, "page.md") == expected


@pytest.mark.parametrize("target, source, expected", [
    ("policy/", "article.md", "policy/"),
    ("feed.xml", "a/article.md", "../feed.xml"),
    ("article/annotations.jsonld", "article.md", "article/annotations.jsonld"),
])
def test_links_relative_to_the_source_file_for_zensical(target, source, expected):
    assert source_href(target, source) == expected


def test_zensicals_build_gets_the_checked_config_once_and_its_own_parser_back():
    from types import SimpleNamespace

    from edition.adapters.zensical import _parsed_once

    own = lambda path: {"parsed by zensical": path}  # noqa: E731
    module, checked = SimpleNamespace(parse_config=own), {"checked": True}
    with _parsed_once(module, "/site/mkdocs.yml", checked):
        assert module.parse_config("/other.yml") == {"parsed by zensical": "/other.yml"}
        assert module.parse_config("/site/mkdocs.yml") is checked
        assert module.parse_config("/site/mkdocs.yml") == {"parsed by zensical": "/site/mkdocs.yml"}  # a rebuild
    assert module.parse_config is own


def test_the_stylesheet_colours_exactly_the_schemas_kinds_and_verdicts():
    css = (ROOT / "overrides/assets/edition/edition.css").read_text(encoding="utf-8")
    assert re.findall(r'^\[data-kind="([a-z-]+)"\] \{ --edition-kind-color:', css, re.M) == list(KINDS)
    assert re.findall(r'^\[data-verdict="([a-z-]+)"\] \{ --edition-verdict-color:', css, re.M) == list(VERDICTS)


def test_the_layers_footprint_in_mkdocs_yml_is_the_plugin_its_extension_and_the_theme():
    import yaml

    from edition import config

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    site = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert "hooks" not in site and "watch" not in site
    assert not {"extra_css", "extra_javascript"} & set(site), "the plugin adds the edition's stylesheets and script"
    assert [p if isinstance(p, str) else next(iter(p)) for p in site["plugins"]] == ["search", "edition"]
    assert config.MARKDOWN_EXTENSION in [e if isinstance(e, str) else next(iter(e)) for e in site["markdown_extensions"]]
    assert site["theme"]["custom_dir"] == "overrides"


def test_a_rebuild_reads_again_only_what_changed(project):
    """Under serve, a note whose bytes and registry are as before is not read again; a change to either is."""
    from edition import config, load
    from edition.problems import EditionError
    from edition.site import Site

    site = Site(config.read(project))
    first = site.load().edition.articles[SLUG]
    ids = sorted(first.notes)
    edited, untouched = project / "annotations" / SLUG / f"{ids[0]}.md", ids[1]
    text = edited.read_text(encoding="utf-8")
    gist = re.search(r'^gist: "(.)', text, re.M)
    edited.write_text(text[: gist.start(1)] + ("Q" if gist.group(1) != "Q" else "R") + text[gist.end(1):], encoding="utf-8")
    second = site.load().edition.articles[SLUG]
    assert second.notes[ids[0]].note.gist != first.notes[ids[0]].note.gist, "an edit of the same size is seen"
    assert second.notes[untouched] is first.notes[untouched], "an unchanged note is kept"
    # The registry changed: every note is checked against it again (here: a publisher is gone).
    registry = project / "annotations" / "publishers.yml"
    publisher = second.notes[untouched].note.sources[0].publisher
    kept = [line for line in registry.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(f'"{publisher}":')]
    registry.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(EditionError) as error:
        site.load()
    assert any(publisher in p.message and p.path.endswith(f"{untouched}.md") for p in error.value.problems)
    assert load._read_before  # the memo lives in the process: serve's rebuilds share it
