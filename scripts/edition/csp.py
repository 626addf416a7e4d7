"""Allow a page's own inline scripts by hash in its Content Security Policy.

The template writes the policy with a marker where the hashes go; this fills in the sha256 of every inline
script the browser would run on that page (data blocks such as JSON and JSON-LD are not run, so not hashed).
"""

from __future__ import annotations

import base64
import hashlib
import re

MARKER = "edition-inline-script-hashes"
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)


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


def fill(html: str) -> str:
    if MARKER not in html:
        return html
    return html.replace(MARKER, " ".join(inline_script_hashes(html)) or "'none'", 1)
