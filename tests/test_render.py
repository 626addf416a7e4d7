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


BODIES = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in sorted((ROOT / "annotations").glob("*/*.md"))]


@pytest.mark.parametrize("text", BODIES + ["A *note* with `code`, a [link](https://example.org) and 5&nbsp;km.\n\n- a\n- list"])
def test_a_note_without_smartys_characters_renders_as_with_smarty(text):
    assert not render._SMARTY_CHANGES.search(text)
    assert render._PLAIN_MARKDOWN.reset().convert(text) == render._NOTE_MARKDOWN.reset().convert(text)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="'\"<>"), max_size=80))
def test_any_note_text_renders_as_with_smarty(text):
    assert render.markdown_to_html(text)[0] == render.sanitize(render._NOTE_MARKDOWN.reset().convert(text)) or render._SMARTY_CHANGES.search(text)


def test_note_text_with_straight_quotes_still_gets_curly_ones():
    assert "\u2019" in render.markdown_to_html("It's the article's word.")[0]


def full_rendering(text: str):
    """A note's text the whole way: Markdown (with smarty where it changes something), then the allow-list."""
    md = render._NOTE_MARKDOWN if render._SMARTY_CHANGES.search(text) else render._PLAIN_MARKDOWN
    return render.sanitize(md.reset().convert(text))


# Texts at the edge of "paragraphs of plain prose": each either takes the short way to the same HTML, or the
# whole way. Unicode spaces matter: Markdown strips them from a paragraph's start and drops a block of them.
PARAGRAPH_EDGES = [
    "one\n\ntwo", "\n\none\n\n\n\ntwo\n\n", "a\nb", "\u2003an em space first", "last\u2003\n\nx", "\u3000", "x\n\u2003\ny",
    "1. a list", "2022. A year first", "- a list", "+ a list", "* a list", "a heading\n===", "a heading\n---", "    code",
    "a  \nline break", "a\ttab", "5 > 4", "AT&T", "a\u00a0b", "#tag", "an escape\\", "", "\n", "   ", "a\r\nb", "x\n \ny",
]


@pytest.mark.parametrize("text", BODIES + PARAGRAPH_EDGES)
def test_a_note_of_plain_paragraphs_renders_as_markdown_renders_it(text):
    assert render.markdown_to_html(text)[0] == full_rendering(text)


@given(st.text(alphabet=st.sampled_from([*"ab.,:;()?/1)+-=#*\n\n\n ", "\u2003", "\u3000", "\u00a0", "\u2019", "\u00e9", "\U0001f600"]), max_size=60))
def test_any_paragraphs_render_as_markdown_renders_them(text):
    assert render.markdown_to_html(text)[0] == full_rendering(text)


def test_most_real_notes_take_the_short_way():
    plain = [text for text in BODIES if not render._SMARTY_CHANGES.search(text) and not render._BODY_NOT_PLAIN.search(text)]
    assert len(plain) > len(BODIES) / 2, f"only {len(plain)} of {len(BODIES)} notes are plain paragraphs"
