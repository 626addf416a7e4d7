"""Each page's Content Security Policy: only the scripts the site's own templates wrote may run.

The template writes the policy with markers where the allowed scripts and styles go. The core wraps every page's content
(what authors wrote, and the edition's markup around it) between two comments, and `fill` hashes only the
inline scripts outside them: the theme's and the project's templates. A script that reached a page through its
content is never hashed, so the browser refuses it. Data blocks (JSON, JSON-LD) are not run and not hashed.

Under `serve`, MkDocs adds a live-reload script to every page as it serves it, different on every request:
that preview allows inline scripts instead (`serving=True`); the built site never does.
"""

from __future__ import annotations

import base64
import hashlib
import re

MARKER = "edition-inline-script-hashes"
STYLE_MARKER = "edition-inline-style-hashes"
CONTENT_START = "<!--edition:content-->"
CONTENT_END = "<!--/edition:content-->"
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style(?:\s[^>]*)?>(?P<body>.*?)</style>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def mark_content(html: str) -> str:
    """Fence a page's content off from the template around it."""
    return f"{CONTENT_START}{html}{CONTENT_END}"


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if re.search(r"\bsrc\s*=", attrs, re.I) or _DATA_TYPE.search(attrs):
            continue
        if digest(body) not in hashes:
            hashes.append(digest(body))
    return hashes


def fill(html: str, serving: bool = False, styles: tuple[str, ...] = ()) -> str:
    """The finished page: its policy filled in, the content fences removed.

    `styles`: stylesheets a theme's script inserts at run time (an engine adapter knows them), allowed by hash
    like the inline <style> elements of the template."""
    template = _without_content(html)
    if MARKER in html:
        scripts = ["'unsafe-inline'"] if serving else inline_script_hashes(template)
        html = _put(html, MARKER, scripts)
    if STYLE_MARKER in html:
        sheets = [match.group("body") for match in _INLINE_STYLE.finditer(template)] + list(styles)
        html = _put(html, STYLE_MARKER, list(dict.fromkeys(map(digest, sheets))))
    return html.replace(CONTENT_START, "").replace(CONTENT_END, "")


def _without_content(html: str) -> str:
    """The page with its fenced content cut out (str.find: a lazy regex over a page of notes took 8 ms)."""
    kept, start = [], 0
    while (begin := html.find(CONTENT_START, start)) != -1:
        end = html.find(CONTENT_END, begin)
        if end == -1:  # an unclosed fence hides nothing: what follows is the template's and is hashed
            break
        kept.append(html[start:begin])
        start = end + len(CONTENT_END)
    kept.append(html[start:])
    return "".join(kept)


def _put(html: str, marker: str, sources: list[str]) -> str:
    return html.replace(marker, " ".join(sources), 1) if sources else html.replace(" " + marker, "", 1)
