"""Site-wide values in page text: `<!-- edition:NAME -->` becomes `extra.edition.NAME` from mkdocs.yml.

An HTML comment, so a page still reads sensibly where nothing expands it; an unknown name is an error
rather than a silent gap (a missing contact address must not publish as an empty sentence).
"""

from __future__ import annotations

import re

SHORTCODE = re.compile(r"<!--\s*edition:([a-z_]+)\s*-->")


def expand(markdown: str, values: dict[str, str], page: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"{page}: unknown shortcode 'edition:{name}'; set extra.edition.{name} in mkdocs.yml")
        return values[name]

    return SHORTCODE.sub(value, markdown)
