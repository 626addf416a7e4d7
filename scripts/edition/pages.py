"""The pages in docs/ are contributors' text too: nothing in a page may run script or load from elsewhere.

Checked at load time, for every page (not only articles), before an engine writes anything:

- Front-matter strings reach `<title>`, `<meta>` and the nav through the engine's Jinja, which does not
  escape them: none may hold `<`, `>`, `"` or `&`.
- A page may not pick its template: the site's own (overrides/main.html) is the one that carries the security
  policy, and the edition's partials are not pages (rendered as one, they stop the build with a traceback).
- Raw HTML (whatever Python-Markdown sets aside in its htmlStash: tags, comments) is refused, except the
  edition's shortcodes (`<!-- edition:NAME -->`) and character references (`&nbsp;`, `AT&amp;T`).
- Attributes, which `attr_list` lets Markdown add to any element, come from an allow-list (no `on*`, no
  `style`); links follow the URL rules (urls.py) and images load only from this site.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from . import characters, shortcodes, urls
from .frontmatter import FrontMatterDoc
from .problems import Problem

UNSAFE_IN_META = re.compile(r'[<>"&]')
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# What Markdown and its extensions write, and what attr_list may sensibly add: nothing that runs or loads.
ALLOWED_ATTRIBUTES = {
    "id", "class", "title", "alt", "href", "src", "lang", "width", "height", "loading", "colspan", "rowspan",
    "align", "start", "reversed", "datetime", "name", "rel", "type", "checked", "for", "tabindex", "open",
}
TABLE_ALIGN = re.compile(r"text-align: (?:left|right|center);")  # the tables extension's own style attribute
LINKS = {"href": {"relative": True, "mail": True}, "src": {"relative": True, "elsewhere": False}}
SITE_TEMPLATE = "main.html"


def front_matter_problems(doc: FrontMatterDoc, shown: str) -> list[Problem]:
    problems = []
    for path, value in _strings(doc.data, ()):
        bad = sorted(set(UNSAFE_IN_META.findall(value)))
        if bad:
            problems.append(Problem(
                shown, f"{' '.join(repr(ch) for ch in bad)} cannot be used in front matter (it reaches the page's <title> and <meta> unescaped)",
                "use curly quotes “ ” ‘ ’ instead of \", write 'and' instead of &, and leave out < and >",
                doc.line_of(path), ".".join(map(str, path)) or None,
            ))
    template = doc.data.get("template")
    if template is not None and template != SITE_TEMPLATE:
        problems.append(Problem(
            shown, f"'{template}' cannot be a page's template: the site's own ({SITE_TEMPLATE}) carries the security policy",
            "remove 'template:' (an article is marked by 'annotations:', not by a template)", doc.line_of(("template",)), "template",
        ))
    return problems


def _strings(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), key
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def raw_html_problems(raw_blocks: list[str], body: str, body_line: int, shown: str) -> list[Problem]:
    """Python-Markdown's htmlStash of a page: only shortcodes and character references may be in it."""
    problems = []
    for block in raw_blocks:
        block = str(block)
        if shortcodes.SHORTCODE.fullmatch(block.strip()):
            continue
        line = _line_of(body, block, body_line)
        if ENTITY.fullmatch(block):
            found = characters.find(html.unescape(block))
            if found:
                problems.append(Problem(shown, f"'{block}' writes an invisible character ({found[0].name})", characters.FIX, line))
            continue
        snippet = block.strip().replace("\n", " ")
        snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
        problems.append(Problem(
            shown, f"raw HTML is not allowed in pages: {snippet}",
            "write Markdown ([link](https://...), *emphasis*, { .class } for a class); the edition's shortcodes are <!-- edition:NAME -->",
            line,
        ))
    return problems


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def markup_problems(rendered: str, body: str, body_line: int, shown: str) -> list[Problem]:
    """Attributes and links in a page's HTML as its Markdown renders it."""
    parser = _Attributes()
    parser.feed(rendered)
    problems, seen = [], set()
    for tag, name, value in parser.found:
        message = None
        if name in LINKS:
            message = urls.link_problem(value, **LINKS[name])
        elif name == "style" and tag in ("td", "th") and TABLE_ALIGN.fullmatch(value):
            continue
        elif name not in ALLOWED_ATTRIBUTES:
            message = f"attribute '{name}' is not allowed on a page (it could run script or load from elsewhere)"
        if message and message not in seen:
            seen.add(message)
            problems.append(Problem(shown, message, "remove it; pages carry text, links within the site or to https:// pages, and images from this site",
                                    _line_of(body, value if name in LINKS else name, body_line)))
    return problems


def _line_of(body: str, snippet: str, body_line: int) -> int | None:
    """The line of the page a snippet of its HTML came from, where the snippet appears in the source as is."""
    start = body.find(snippet.strip().split("\n", 1)[0][:60]) if snippet.strip() else -1
    return body_line + body.count("\n", 0, start) if start >= 0 else None
