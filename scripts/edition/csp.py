"""Each page's Content Security Policy: only the scripts the site's own templates wrote may run.

The template writes the policy with a marker where the allowed scripts go. The core wraps every page's content
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
CONTENT_START = "<!--edition:content-->"
CONTENT_END = "<!--/edition:content-->"
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_CONTENT = re.compile(re.escape(CONTENT_START) + ".*?" + re.escape(CONTENT_END), re.S)


def mark_content(html: str) -> str:
    """Fence a page's content off from the template around it."""
    return f"{CONTENT_START}{html}{CONTENT_END}"


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if re.search(r"\bsrc\s*=", attrs, re.I) or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def fill(html: str, serving: bool = False) -> str:
    """The finished page: its policy filled in, the content fences removed."""
    if MARKER in html:
        allowed = "'unsafe-inline'" if serving else " ".join(inline_script_hashes(_CONTENT.sub("", html))) or "'none'"
        html = html.replace(MARKER, allowed, 1)
    return html.replace(CONTENT_START, "").replace(CONTENT_END, "")
