"""Every URL a contributor writes, read as a browser reads it: the WHATWG URL standard, through ada.

Python's `urlsplit` is not a browser. It reads `https://evil.example\\.atlantico.fr/` as a page on an Atlantico
host, where a browser (which reads `\\` as `/`) goes to `evil.example`; it keeps `%40`, ports and user names
where a browser decodes or drops them, and it leaves Unicode host names as typed where a browser maps them
(IDNA) to another name. So every check here parses with ada (a WHATWG implementation) and refuses a URL
whenever the host a browser would visit is not the host as written, or the browser would rewrite the part
that names the site. One set of rules for every place a URL can be written: a source's `url` and
`archive_url`, an article's original, links in note text, in one-line fields and in pages.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

import ada_url

from . import characters

SITE_HOST = "edition.invalid"  # stands for this site when a relative link is resolved (.invalid never resolves)
SITE_PAGE = f"https://{SITE_HOST}/an/article/"
_HOST_NAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]*[a-z]{2,}$")  # dotted names, no IP addresses


def parse(value: str, base: str | None = None) -> ada_url.URL | None:
    """The URL as a browser parses it (relative to `base`), or None where a browser could not follow it."""
    try:
        return ada_url.URL(value, base)
    except ValueError:
        return None


def host(url: str) -> str:
    """The host a browser visits for an absolute URL ('' if none): what registry checks must compare."""
    parsed = parse(url)
    return parsed.hostname.lower() if parsed else ""


_PLAIN = re.compile(r"[!-\[\]-~]*")  # printable ASCII without space or backslash: nothing to look at closely


def _character_problem(value: str) -> str | None:
    if _PLAIN.fullmatch(value):
        return None
    for position, ch in enumerate(value, start=1):
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            return f"'{value}' must not contain spaces or invisible characters ({characters.describe(ch)} at character {position}); copy the address again"
        if ch == "\\":
            return f"'{value}' contains a backslash, which browsers read as '/'; copy the address from the browser's address bar"
    return None


@functools.lru_cache(maxsize=8192)  # a pure function of the text; many notes cite the same pages
def web_address_problem(value: str) -> str | None:
    """Why `value` is not an absolute https:// address that a browser reads as written, or None."""
    problem = _character_problem(value)
    if problem:
        return problem
    parsed = parse(value)
    scheme = parsed.protocol if parsed else ""
    if scheme == "http:":
        return f"'{value}' uses plain http; cite the https:// address of the page"
    if scheme != "https:" or not value[:8].lower() == "https://" or not parsed.hostname:
        return f"'{value}' is not an absolute https:// URL; copy the address of the page you read"
    authority = value[8:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if "@" in authority or parsed.username or parsed.password:
        return f"'{value}' carries a user name or password before '@'; cite the address without it"
    if parsed.port or ":" in authority:
        return f"'{value}' names a port; cite the address without ':' and a number after the host"
    try:
        written = (urlsplit(value).hostname or "").lower()
    except ValueError:
        written = ""
    if written != parsed.hostname.lower():
        return (f"'{value}' is read by browsers as a page on '{parsed.hostname}', not on '{written}'; "
                "write the host plainly (ASCII letters, digits, dots and hyphens), as the address bar shows it")
    if not _HOST_NAME.match(written):
        return f"'{value}' does not name a site ('{written}' is not a host name like www.example.org); copy the address of the page you read"
    return None


def link_problem(href: str, *, relative: bool = False, mail: bool = False, elsewhere: bool = True) -> str | None:
    """Why a link written in text is refused, or None.

    Allowed: an https:// page elsewhere (when `elsewhere`), and links that a browser resolves within this site:
    `#fragment` and `/path` (not `//host` or `/\\host`, which leave it). Pages may also use plain relative links
    (`relative`, resolved by the site engine) and `mailto:` (`mail`).
    """
    problem = _character_problem(href)
    if problem:
        return problem
    if not href:
        return "a link with no address; write where it leads"
    absolute = parse(href)
    if absolute is None:  # relative: the browser resolves it against the page it is on
        resolved = parse(href, SITE_PAGE)
        if resolved is None:
            return f"'{href}' is not a link a browser can follow"
        if resolved.hostname != SITE_HOST:
            return f"'{href}' leads to another site ({resolved.hostname}); write the full https:// address instead"
        if href.startswith(("#", "/")) or relative:
            return None
        return (f"'{href}' is a relative link; write the full https:// address of a page elsewhere, "
                "or a path within this site starting with '/' or '#'")
    if absolute.protocol == "https:" and elsewhere:
        return web_address_problem(href)
    if absolute.protocol == "mailto:" and mail:
        return None
    if absolute.protocol == "http:" and elsewhere:
        return f"'{href}' uses plain http; link the https:// address"
    if not elsewhere:
        return f"'{href}' loads from another site or a {absolute.protocol} URL; use a file within this site"
    return f"'{href}' is not an https:// link or a link within this site"
