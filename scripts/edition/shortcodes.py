"""Shortcodes in page text: `<!-- edition:NAME -->`, an HTML comment, so a page still reads sensibly where
nothing expands it.

- A value (`<!-- edition:contact -->`) becomes the plugin option of that name, in the page's Markdown.
- A block (`<!-- edition:timeline -->`, `articles`, `sources`) stays in place through Markdown and is replaced
  by the rendered panel in the page's HTML (site.py), where every article's notes are known.

An unknown name is an error rather than a silent gap (a missing address must not publish as an empty sentence).
"""

from __future__ import annotations

import re

SHORTCODE = re.compile(r"<!--\s*edition:([a-z_]+)\s*-->")
BLOCKS = ("articles", "timeline", "sources")


def expand(markdown: str, values: dict[str, str], page: str) -> str:
    """The page's Markdown with every value shortcode replaced; block shortcodes are left for the HTML."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in BLOCKS:
            return f"<!-- edition:{name} -->"
        if not values.get(name):
            raise ValueError(f"{page}: unknown shortcode 'edition:{name}'; set the edition plugin's option '{name}' in mkdocs.yml")
        return values[name]

    return SHORTCODE.sub(value, markdown)


def blocks(html: str) -> list[str]:
    """The block shortcodes a page's HTML asks for, in order."""
    return [name for name in SHORTCODE.findall(html) if name in BLOCKS]


def fill(html: str, rendered: dict[str, str]) -> str:
    """Each block shortcode replaced by its panel, and the paragraph Markdown may have wrapped it in."""
    pattern = re.compile(r"(?:<p>\s*)?<!--\s*edition:(" + "|".join(rendered) + r")\s*-->(?:\s*</p>)?")
    return pattern.sub(lambda match: rendered[match.group(1)], html) if rendered else html
