"""What the site search holds of an edition: each text once, in the entry a reader's search should lead to.
The article's entry is its words (not its panels), a note's entry its gist and text, the timeline page its
events, the sources page its sources. A phone downloads the whole index before its first search
(benchmarks/RESULTS.md: at most 1.2x the footnote baseline's)."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, SLUG
from edition import cli
from edition.site import Site

NOTES = cli.load_notes(ROOT).articles[SLUG].notes


@pytest.fixture(scope="module")
def entries(site) -> dict[str, str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {doc["location"]: html.unescape(re.sub(r"<[^>]+>", " ", doc["text"])) for doc in index}


def plain(markdown: str) -> str:
    """A one-line field as the index has it: Markdown's emphasis and links gone, quotes as typed."""
    return re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", markdown)


def test_the_articles_entry_holds_its_text_and_none_of_its_panels(entries):
    text = entries[f"{SLUG}/"]
    assert "Marioupol is now in ruin." in text
    title = cli.load_notes(ROOT).articles[SLUG].header.title  # one source is the original article itself
    titles = sorted({plain(s.title) for n in NOTES.values() for s in n.note.sources if len(s.title) > 30} - {title})
    leaked = [title for title in titles if title in text]
    assert not leaked, f"{len(leaked)} of {len(titles)} source titles are in the article's own entry, e.g. {leaked[:2]}"
    assert "Cited in note" not in text and "Corrections and changes" not in text


def test_a_notes_entry_is_its_gist_and_text_without_the_claim_dates_or_sources(entries):
    for note_id, note_file in NOTES.items():
        text = entries[f"{SLUG}/#note-{note_id}"]
        assert plain(note_file.note.gist)[:40] in text, note_id
        assert "On " + note_file.note.quote not in text, f"{note_id}: the claim's words are the article's entry"
        for event in note_file.note.events:
            assert plain(event.label) not in text, f"{note_id}: its dates are the timeline page's entry"
        body = html.unescape(re.sub(r"<[^>]+>", " ", str(note_file.body)))
        for source in note_file.note.sources:
            if plain(source.title) not in body:  # a title the note's own text quotes is the note's
                assert plain(source.title) not in text, f"{note_id}: its sources are the sources page's entry"


def test_the_timeline_page_has_each_event_once_and_no_notes_gist(entries):
    text = entries["timeline/"]
    labels = {plain(e.label) for n in NOTES.values() for e in n.note.events}
    assert all(label in text for label in labels)
    assert not [n for n in NOTES.values() if plain(n.note.gist)[:40] in text], "gists belong to the notes' own entries"
    assert not re.search(r"(19|20)\d\d(19|20)\d\d", text), "the axis's year labels are not text to search"


def test_the_sources_page_lists_sources_not_the_notes_citing_them(entries):
    text = entries["sources/"]
    assert "Human Rights Watch" in text and "Cited in" not in text


def sections(html_text: str) -> list[tuple]:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html_text)
    parser.close()
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data if not s.is_excluded()]


@pytest.mark.parametrize("page", [f"{SLUG}.md", "timeline.md", "sources.md", "index.md"])
def test_the_search_reads_the_same_sections_from_the_searchable_part_of_a_page(page):
    """The plugin hands Material's search only what it would index (Site.searchable); it must index the same."""
    from edition import load

    site = cli.load_site(ROOT)
    render = load.markdown_renderer(site.settings.extensions, site.settings.extension_configs)
    markdown = (ROOT / "docs" / page).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    content = site.page_content(page, render(site.expand(page, markdown)).html)
    searchable = site.searchable(content)
    assert len(searchable) < len(content) or "data-search-exclude" not in content
    assert sections(searchable) == sections(content)


@given(st.lists(st.sampled_from(['<p data-search-exclude="x">', "</p>", " ", "\n", "text", 'data-search-a="b"', 'data-search-', '"', "<", ">"]), max_size=30))
def test_hints_go_as_materials_search_plugin_takes_them_out(parts):
    html_text = "".join(parts)
    assert Site.without_search_hints(html_text) == re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html_text)
