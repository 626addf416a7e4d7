"""One-line fields (gists, event labels, change summaries, source titles) as readers see them: text that
Markdown and smarty would leave alone skips them, and comes out exactly as the full rendering gives it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from edition import cli, render

TAGS = frozenset(render.INLINE_TAGS)
FIELDS = sorted({
    text
    for article in cli.load_notes(ROOT).articles.values()
    for n in article.notes.values()
    for text in [n.note.gist, *(e.label for e in n.note.events), *(s.title for s in n.note.sources),
                 *(h.summary or "" for h in n.note.history)]
    if text
})
TRICKY = [
    "plain words, 2,439 of them (and more) in 2022: fine", "well-worn", "a -- b", "a --- b", "wait...", "It's",
    '"quoted"', "*em*", "_em_", "`code`", "[link](https://example.org)", "<b>raw</b>", "AT&T", "a\u00a0b",
    "- a list", "+ a list", "1. a list", "2) maybe a list", "# heading", "> quote", "    code", "trailing ",
    "x\\y", "a << b >> c", "!bang", "=====", "a\tb", "50%", "café “curly” ‘quotes’ – dashes — too",
]


@pytest.mark.parametrize("text", FIELDS + TRICKY)
def test_a_one_line_field_renders_as_markdown_renders_it(text):
    for tags in (TAGS, TAGS - {"a"}):  # inline_markdown, title_text
        assert render.inline_markdown(text, tags) == render._inline_markdown(text, tags)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40))
def test_any_one_line_field_renders_as_markdown_renders_it(text):
    render.inline_markdown.cache_clear()
    assert render.inline_markdown(text, TAGS) == render._inline_markdown(text, TAGS)


def test_most_real_fields_take_the_short_way():
    plain = [text for text in FIELDS if not render._NOT_PLAIN.search(text)]
    assert len(plain) > len(FIELDS) / 2, f"only {len(plain)} of {len(FIELDS)} fields are plain"
