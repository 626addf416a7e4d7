"""Note text to safe HTML, and the Jinja2 environment for the templates in overrides/.

A contributor's Markdown becomes HTML here, and that HTML passes an explicit nh3 allow-list: no raw HTML, no
images, no attributes but a link's address and title; links (checked by urls.link_problem) only to https pages
or within the site.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from . import characters, urls
from .schema import KINDS, VERDICTS

ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br"}
INLINE_TAGS = {"em", "strong", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https"}
LINK_REL = "noopener noreferrer"
_HREF = re.compile(r'<a\s[^>]*href="([^"]*)"')
TEMPLATE_DIR = "partials/edition"


def sanitize(fragment: str, tags: set[str] = ALLOWED_TAGS) -> Markup:
    """The allow-list itself: anything not named here is removed."""
    return Markup(nh3.clean(
        fragment,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ))


# One instance, reset() for each note. `smarty` gives note prose the article's typography (curly quotes and
# apostrophes, dashes) whatever the contributor typed; code spans keep their straight quotes. Its output is
# entities, which the raw-HTML rule below lets through like any plain entity.
_NOTE_MARKDOWN = markdown.Markdown(extensions=["smarty"], output_format="html")
# What smarty changes: straight quotes, -- and ---, ..., << and >>. A note written with the article's own
# characters has none (every note here), and smarty's fifteen inline patterns would only double the time
# Markdown takes over it: such a text is rendered without them, to the same HTML.
_PLAIN_MARKDOWN = markdown.Markdown(output_format="html")
_SMARTY_CHANGES = re.compile(r"""['"]|--|\.\.\.|<<|>>""")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


# What makes a note's text more than paragraphs of plain prose to Markdown or to the allow-list: markup,
# entities, escapes, what starts a block (a list, heading, quote, rule or code) or a line break, and the
# characters the allow-list writes as entities. A text with none of them, and none of smarty's (above), is
# paragraphs between blank lines, as Markdown would write them: most notes (a Markdown run is the largest part
# of reading a note at scale).
_BODY_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&!#=\x00-\x09\x0b-\x1f\x7f\u00a0]|^[^\S\n]|[^\S\n]$|^[-+]|^\d+[.)]", re.M)
_BLANK_LINES = re.compile(r"\n{2,}")


def markdown_to_html(text: str) -> tuple[Markup, list[str]]:
    """(sanitised HTML, complaints) for a note's Markdown text."""
    smarty = _SMARTY_CHANGES.search(text)
    if not smarty and not _BODY_NOT_PLAIN.search(text):
        return Markup("\n".join(f"<p>{block}</p>" for block in _BLANK_LINES.split(text.strip("\n")) if block)), []
    md = (_NOTE_MARKDOWN if smarty else _PLAIN_MARKDOWN).reset()
    raw = md.convert(text)
    complaints = []
    for block in md.htmlStash.rawHtmlBlocks:
        block = str(block)
        if not _ENTITY.fullmatch(block):  # `5&nbsp;km` and `AT&amp;T` are text, not HTML
            complaints.append("raw HTML is not allowed in note text; write Markdown (*emphasis*, [link](https://...))")
            break
        if found := characters.find(html.unescape(block)):
            complaints.append(f"'{block}' writes an invisible character ({found[0].name}); {characters.FIX}")
    if "<img" in raw:
        complaints.append("images are not allowed in note text")
    for href in links(raw):
        problem = urls.link_problem(href)
        if problem:
            complaints.append(problem)
    return sanitize(raw), complaints


def links(fragment: str) -> list[str]:
    """The addresses of the links in an HTML fragment, as a browser reads them (entities decoded: an email
    link's address is written as entities)."""
    return [html.unescape(href) for href in _HREF.findall(fragment)]


def inline_links(text: str) -> list[str]:
    """The addresses of the links in a one-line field, as it is rendered (inline_markdown)."""
    return links(str(inline_markdown(text)))


# Characters and runs that Markdown or smarty would turn into something else: markup, entities, escapes,
# straight quotes, dashes, ellipses, and what starts a block (a list, heading, quote or code). A one-line
# field with none of them comes back from Markdown, smarty and the allow-list exactly as written, so it
# skips all three (most gists, labels and titles: a Markdown run per field was half of checking a note).
_NOT_PLAIN = re.compile(r"""[\\`*_\[\]<>&'"!\n\r\t\u00a0]|--|\.\.|^\s|\s$|^[#>+=-]|^\d+[.)]""")


@functools.lru_cache(maxsize=4096)
def inline_markdown(text: str, tags: frozenset[str] = frozenset(INLINE_TAGS)) -> Markup:
    """A one-line field (gist, event label, change summary, source title) as inline Markdown: *emphasis*,
    `code`, links, curly quotes.

    Raw HTML in these fields is shown as text, never parsed: <, > and & are escaped before Markdown sees them
    (quotes are left for smarty; the result passes the allow-list like any note text).
    """
    if text and not _NOT_PLAIN.search(text):
        return Markup(text)
    return _inline_markdown(text, tags)


def _inline_markdown(text: str, tags: frozenset[str]) -> Markup:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rendered = _NOTE_MARKDOWN.reset().convert(escaped)
    rendered = re.sub(r"^<p>|</p>$", "", rendered.strip())
    return sanitize(rendered, set(tags))


def title_text(text: str) -> Markup:
    """A source's title, shown inside its link: the same typography, no link of its own."""
    return inline_markdown(text, frozenset(INLINE_TAGS - {"a"}))


@functools.lru_cache(maxsize=8)
def environment(overrides: Path) -> jinja2.Environment:
    """The one Jinja2 environment that renders edition markup, whatever the site engine: over overrides/,
    autoescaping, strict about undefined names. Compiled templates are cached between builds, checked
    against each template's source (compiling them was a third of a build of the real site)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(overrides)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(FILTERS)
    env.globals.update(KINDS=KINDS, VERDICTS=VERDICTS)
    return env


def snippets(env: jinja2.Environment):
    """The macros that write a highlighted span's opening and closing tags and its marker."""
    return env.get_template(f"{TEMPLATE_DIR}/inline.html").module


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@functools.lru_cache(maxsize=4096)  # a page shows each date many times (every note's dates, every source's)
def human_date(value: str) -> str:
    """'2022-06-27' -> '27 June 2022'; partial dates stay partial ('June 2022', '2022')."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def event_dates(event) -> str:
    return human_date(event.date) if event.date else f"{human_date(event.start)} to {human_date(event.end)}"


def percent(value: float) -> str:
    """A position computed in views.py, as an SVG length: '37.125%'."""
    return f"{value:.3f}%"


FILTERS = {"human_date": human_date, "event_dates": event_dates, "inline_markdown": inline_markdown, "title_text": title_text, "percent": percent}
