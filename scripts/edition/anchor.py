"""Anchor quotes in rendered HTML: find each note's words in the text a reader sees, then wrap them.

Matching works on the page's real characters (after Markdown, entities decoded, curly quotes and no-break
spaces as they are), like the W3C TextQuoteSelector: `exact` with optional `prefix`/`suffix` to pick one of
several matches. Only runs of ordinary white space are treated as equal, so a quote copied from a wrapped
line still matches. Quotes never match across block elements (paragraphs, headings, list items).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from .characters import describe

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", re.S)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
_SKIP = {"script", "style", "template"}
BLOCK_BREAK = "\x00"  # stands between blocks in the text; no quote can contain it
_SPACE = re.compile(r"[ \t\n\r]+")


class Range(NamedTuple):
    """Where a quote stands in a page's text: text[start:end]."""

    start: int
    end: int


@dataclass(frozen=True)
class PageText:
    """The text a reader sees, with the source position of every character."""

    html: str
    text: str
    starts: tuple[int, ...]  # source offset where each text character begins
    ends: tuple[int, ...]  # source offset where it ends


def page_text(source: str) -> PageText:
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    skipping = None
    position = 0

    def add_plain(chunk: str, offset: int) -> None:  # a run of plain characters at once, not one by one
        text.append(chunk)
        starts.extend(range(offset, offset + len(chunk)))
        ends.extend(range(offset + 1, offset + len(chunk) + 1))

    for match in _TOKEN.finditer(source):
        if not skipping:
            add_plain(source[position : match.start()], position)
        token = match.group()
        if token.startswith("&"):
            if not skipping:
                for ch in html.unescape(token):
                    text.append(ch)
                    starts.append(match.start())
                    ends.append(match.end())
        elif token.startswith("<") and not token.startswith("<!--"):
            name_match = _TAG_NAME.match(token)
            name = name_match.group(1).lower() if name_match else ""
            closing = token.startswith("</")
            if skipping:
                if closing and name == skipping:
                    skipping = None
            elif name in _SKIP and not closing:
                skipping = name
            elif name in _BLOCK:
                text.append(BLOCK_BREAK)
                starts.append(match.start())
                ends.append(match.start())
        position = match.end()
    if not skipping:
        add_plain(source[position:], position)
    return PageText(source, "".join(text), tuple(starts), tuple(ends))


@functools.cache  # each quote is searched twice a build: checked, then placed
def _pattern(quote: str) -> re.Pattern:
    parts = [re.escape(part) for part in _SPACE.split(quote.strip())]
    return re.compile(r"[ \t\n\r]+".join(parts))


def _collapse(value: str) -> str:
    return _SPACE.sub(" ", value)


_LONG_SPACE = re.compile(r"[ \t\n\r]{2,}")


class _Origin:
    """Where each character of the collapsed text stands in the text. Only runs of two or more characters
    move what follows them, and an article has few (a text has a run between most words, and a Python step
    per run was most of finding a page's quotes)."""

    def __init__(self, text: str):
        self.at: list[int] = []  # the collapsed index of each long run's space
        self.shift: list[int] = []  # how far the text is ahead of the collapsed text after that run
        shift = 0
        for run in _LONG_SPACE.finditer(text):
            self.at.append(run.start() - shift)
            shift += run.end() - run.start() - 1
            self.shift.append(shift)

    def __getitem__(self, index: int) -> int:
        runs = bisect.bisect_left(self.at, index)  # the long runs whose space stands before `index`
        return index + (self.shift[runs - 1] if runs else 0)


@functools.lru_cache(maxsize=8)  # a page's notes are found one after another in the same text
def _collapsed(text: str) -> tuple[str, _Origin]:
    """The text with each run of white space as one space, and where each of its characters is in the text."""
    return _collapse(text), _Origin(text)


def find_quote(text: str, quote: str, prefix: str | None = None, suffix: str | None = None) -> list[Range]:
    """Every (start, end) where the quote stands in the text with the given prefix and suffix, any run of white
    space in one matching any run in the other. Found with str.find in the text collapsed once per page, not
    with a pattern per quote (compiling one took longer than all the rest of checking its note)."""
    wanted = " ".join(_SPACE.split(quote.strip()))
    if not wanted:
        return [Range(*match.span()) for match in _pattern(quote).finditer(text)]
    collapsed, origin = _collapsed(text)
    before, after = _collapse(prefix or ""), _collapse(suffix or "")
    found, start = [], collapsed.find(wanted)
    while start != -1:
        end = start + len(wanted)  # the quote starts and ends with a character that is not a space
        if (not before or collapsed.endswith(before, 0, start)) and (not after or collapsed.startswith(after, end)):
            found.append(Range(origin[start], origin[end - 1] + 1))
        start = collapsed.find(wanted, end)
    return found


def context_around(text: str, start: int, end: int, width: int = 32) -> tuple[str, str]:
    """Prefix and suffix of a match as the page has them (for exports and for telling matches apart)."""
    prefix = text[max(0, start - width) : start].rsplit(BLOCK_BREAK, 1)[-1]
    suffix = text[end : end + width].split(BLOCK_BREAK, 1)[0]
    return prefix, suffix


@dataclass(frozen=True)
class Span:
    """One anchored note: its range in the text, and the snippets that wrap it."""

    key: str
    start: int
    end: int
    open_tag: str
    close_tag: str
    marker: str


def partial_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    """Pairs of keys whose ranges overlap without one containing the other."""
    ordered = sorted(spans, key=lambda s: (s[1], -s[2]))
    pairs = []
    for i, (key_a, start_a, end_a) in enumerate(ordered):
        for key_b, start_b, end_b in ordered[i + 1 :]:
            if start_b >= end_a:
                break
            if end_b > end_a and start_b > start_a:
                pairs.append((key_a, key_b))
    return pairs


def wrap(page: PageText, spans: list[Span]) -> str:
    """Insert the spans' tags into the HTML: nested spans nest, a span crossing inline tags is split at them.

    Spans must not partly overlap (check with `partial_overlaps` first).
    """
    order = sorted(spans, key=lambda s: (s.start, -s.end, s.key))
    rank = {span.key: i for i, span in enumerate(order)}
    inserts: list[tuple[int, int, int, str]] = []  # (source offset, phase, order, snippet)
    for span in order:
        segments = _segments(page, span.start, span.end)
        for number, (src_start, src_end) in enumerate(segments):
            last = number == len(segments) - 1
            # At one offset: closings first, innermost first (each followed by its marker), then openings, outermost first.
            inserts.append((src_end, 0, -rank[span.key], span.close_tag + (span.marker if last else "")))
            inserts.append((src_start, 1, rank[span.key], span.open_tag))
    inserts.sort(key=lambda item: item[:3])
    out, position = [], 0
    for offset, _, _, snippet in inserts:
        out.append(page.html[position:offset])
        out.append(snippet)
        position = offset
    out.append(page.html[position:])
    return "".join(out)


_PARAGRAPH = re.compile(r"<(p|h[1-6])(?=[\s>])[^>]*>.*?</\1>", re.S)  # paragraphs and headings never nest


def with_slots(html: str, slot: str, marker_class: str = "edition-marker") -> str:
    """`slot` written after each paragraph or heading that holds a marker (see inline.html's `slot`)."""
    return _PARAGRAPH.sub(lambda m: m.group(0) + slot if marker_class in m.group(0) else m.group(0), html)


def _segments(page: PageText, start: int, end: int) -> list[tuple[int, int]]:
    """Source ranges covering text[start:end], split wherever markup stands between characters."""
    segments: list[list[int]] = []
    for i in range(start, end):
        if page.text[i] == BLOCK_BREAK:
            continue
        if segments and segments[-1][1] == page.starts[i]:
            segments[-1][1] = page.ends[i]
        else:
            segments.append([page.starts[i], page.ends[i]])
    return [tuple(s) for s in segments]


# Letters that look like Latin ones, and the typographer's quotes and dashes: what a quote typed or copied from
# elsewhere most often has in place of the article's characters. Only for explaining a miss, never for matching.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁАВЕКМНОРСТХУІЈЅαοιρνυτκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ‘’‚‛“”„‟–—‐‑−",
    "aeopcyxijsdABEKMHOPCTXYIJSaoipvutkABEZHIKMNOPTYX''''\"\"\"\"-----",
)


def _fold(text: str) -> tuple[str, list[int]]:
    """The text with look-alike differences removed (compatibility forms, accents, invisible characters,
    look-alike letters), and for each folded character the index of the character it came from."""
    folded, origin = [], []
    for index, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch).translate(_LOOKALIKES):
            if unicodedata.combining(part) or unicodedata.category(part) == "Cf":
                continue
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def explain_miss(text: str, quote: str, prefix: str | None = None, suffix: str | None = None) -> str | None:
    """Why a quote is not found, where that can be told: the quote stands in the text but the prefix or suffix
    does not, or it differs from the text only in characters that look the same (a no-break space, a
    Cyrillic letter, an accent written as two characters, an invisible character)."""
    plain = find_quote(text, quote)
    if plain and (prefix or suffix):
        before, after = context_around(text, *plain[0], width=max(len(prefix or ""), len(suffix or "")) + 12)
        return (f"the quote itself occurs {len(plain)} time(s), but not with this prefix/suffix; "
                f"the first has \u201c\u2026{before}\u201d before it and \u201c{after}\u2026\u201d after it")
    folded_text, origin = _fold(text)
    folded_quote, _ = _fold(quote)
    if not folded_quote.strip():
        return None
    match = _pattern(folded_quote).search(folded_text)
    if not match:
        return None
    start, end = origin[match.start()], origin[match.end() - 1] + 1
    differences = []
    matcher = difflib.SequenceMatcher(None, quote, text[start:end], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        theirs = ", ".join(describe(ch) for ch in text[start + b1 : start + b2]) or "nothing"
        ours = ", ".join(describe(ch) for ch in quote[a1:a2]) or "nothing"
        if theirs != ours:
            differences.append(f"the article has {theirs} where the quote has {ours}")
    if not differences:
        return None
    more = f" (and {len(differences) - 3} more differences)" if len(differences) > 3 else ""
    return "it differs from the article only in characters that look alike: " + "; ".join(differences[:3]) + more
