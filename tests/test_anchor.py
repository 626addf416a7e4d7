"""Quotes are found in the text a reader sees and wrapped without breaking the HTML."""

import re

from hypothesis import given
from hypothesis import strategies as st

from edition.anchor import Span, find_quote, page_text, partial_overlaps, wrap

HTML = "<p>Putin&rsquo;s tactic has <em>finally</em> backfired.</p>\n<p>But Putin’s tactics have finally backfired.</p>"


def spans_of(source, quote, **context):
    return find_quote(page_text(source).text, quote, **context)


def test_text_is_what_a_reader_sees():
    text = page_text(HTML).text
    assert "Putin’s tactic has finally backfired." in text
    assert "<em>" not in text


def test_quote_never_spans_two_paragraphs():
    assert spans_of("<p>one two</p><p>three</p>", "two three") == []


def test_white_space_runs_match_each_other_but_not_other_characters():
    assert len(spans_of("<p>over\n20 people</p>", "over 20 people")) == 1
    assert spans_of("<p>Joe\u00a0Biden</p>", "Joe Biden") == []
    assert len(spans_of("<p>Joe\u00a0Biden</p>", "Joe\u00a0Biden")) == 1


@given(st.text(alphabet="ab  \n\t\r", max_size=60), st.data())
def test_a_quote_is_found_where_its_words_stand_whatever_the_spaces_between(text, data):
    """Where find_quote says each match is, against the plainest reading of the rule: the quote's words in
    order, any run of white space matching any other."""
    words = text.split() or ["a"]
    start = data.draw(st.integers(0, len(words) - 1))
    quote = data.draw(st.sampled_from(["  ", "\n", " "])).join(words[start : start + data.draw(st.integers(1, 3))])
    expected = [m.span() for m in re.finditer(r"[ \t\n\r]+".join(map(re.escape, quote.split())), text)]
    assert [tuple(r) for r in find_quote(text, quote)] == expected


def test_prefix_and_suffix_pick_one_match():
    assert len(spans_of(HTML, "finally backfired")) == 2
    assert len(spans_of(HTML, "finally backfired", prefix="tactics have ")) == 1
    assert len(spans_of(HTML, "finally backfired", suffix=". ")) == 0
    assert len(spans_of(HTML, "has finally", suffix=" backfired")) == 1


def test_partial_overlaps_are_found_but_nesting_is_fine():
    assert partial_overlaps([("a", 0, 10), ("b", 5, 15)]) == [("a", "b")]
    assert partial_overlaps([("a", 0, 10), ("b", 2, 8), ("c", 0, 10)]) == []


def span(key, start, end):
    return Span(key, start, end, f"<m {key}>", f"</m {key}>", f"<x {key}>")


def test_wrap_splits_at_inline_tags_and_puts_the_marker_after_the_last_piece():
    page = page_text(HTML)
    start, end = find_quote(page.text, "tactic has finally")[0]
    out = wrap(page, [span("a", start, end)])
    assert out.startswith("<p>Putin&rsquo;s <m a>tactic has </m a><em><m a>finally</m a><x a></em>")


def test_wrap_nests_identical_and_inner_spans():
    page = page_text("<p>one two three</p>")
    (whole,), (inner,) = find_quote(page.text, "one two three"), find_quote(page.text, "two")
    out = wrap(page, [span("outer", *whole), span("inner", *inner), span("same", *whole)])
    assert out == "<p><m outer><m same>one <m inner>two</m inner><x inner> three</m same><x same></m outer><x outer></p>"


def test_entities_stay_whole():
    page = page_text("<p>A &amp; B</p>")
    start, end = find_quote(page.text, "& B")[0]
    assert wrap(page, [span("a", start, end)]) == "<p>A <m a>&amp; B</m a><x a></p>"
