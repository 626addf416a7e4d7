"""A source URL's clean form: the page itself, without tracking parameters and not its AMP or embed variant.

`clean(url)` returns the clean URL and what was taken off, so the check can refuse a variant and suggest the
page to cite instead: certain for tracking parameters (the same page without them), a good guess for AMP and
embed variants (the contributor opens it to check). `page_key(url, owner)` says which page a URL is, so that
the same page cited twice in one note, or on two hosts of one publisher, counts once. The URL has passed
schema.check_url already.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

# Parameters that say how a reader arrived, never which page it is: analytics, newsletters, ad clicks, shares.
TRACKING = frozenset({
    "ito", "ocid", "cmpid", "cmp", "icid", "s_cid", "smid", "spm",  # publishers' campaign ids
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "igshid", "_ga", "_gl",  # ad and social clicks
    "ref", "ref_src", "ref_url",  # where the link was
})
TRACKING_PREFIXES = (
    "utm_",  # Google Analytics: utm_source, utm_medium, utm_campaign ...
    "at_",  # AT Internet (BBC and others): at_medium, at_campaign ...
    "ns_",  # comScore: ns_mchannel, ns_campaign, ns_source ...
    "mc_",  # Mailchimp: mc_cid, mc_eid
    "_hs",  # HubSpot: _hsenc, _hsmi
    "pk_", "mtm_",  # Matomo
)
_AMP_FILE = re.compile(r"\.amp(?=\.[a-z0-9]+$)|\.amp$", re.IGNORECASE)  # article.amp.html, article.amp


def is_tracking(name: str) -> bool:
    name = unquote(name).lower()
    return name in TRACKING or name.startswith(TRACKING_PREFIXES)


@dataclass(frozen=True)
class Cleaned:
    url: str  # the clean URL
    tracking: tuple[str, ...] = ()  # tracking parameters taken off: the clean URL is the same page
    variants: tuple[str, ...] = ()  # AMP or embed variants undone: the clean URL is the likely page

    @property
    def wrong(self) -> str:
        """What was wrong with the URL given, in words ("has tracking parameters utm_source, utm_medium and is
        an AMP page ('/amp' in the path)"); empty if it was clean."""
        said = [f"has tracking parameter{'s' if len(self.tracking) > 1 else ''} {', '.join(self.tracking)}"] if self.tracking else []
        return " and ".join(said + [f"is {variant}" for variant in self.variants])


@functools.lru_cache(maxsize=8192)  # pure, and Cleaned is frozen; many notes cite the same pages
def clean(url: str) -> Cleaned:
    parts = urlsplit(url)
    variants: list[str] = []
    host = parts.netloc
    if host.lower().startswith("amp."):
        host = host[len("amp."):]
        variants.append("an AMP page (an 'amp.' host)")

    segments = parts.path.split("/")
    for variant, what in (("amp", "an AMP page"), ("embed", "an embed variant")):
        if any(s.lower() == variant for s in segments):
            segments = [s for s in segments if s.lower() != variant]
            variants.append(f"{what} ('/{variant}' in the path)")
    if _AMP_FILE.search(segments[-1]):
        segments[-1] = _AMP_FILE.sub("", segments[-1])
        variants.append("an AMP page ('.amp' in the file name)")
    path = "/".join(segments) or "/"
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"

    kept, tracking = [], []
    for pair in filter(None, parts.query.split("&")):
        name, _, value = pair.partition("=")
        if is_tracking(name):
            tracking.append(unquote(name))
        elif name.lower() == "amp" or value.lower() == "amp":
            variants.append(f"an AMP page ('{pair}' in the query)")
        elif name.lower() in ("embed", "embedded"):
            variants.append(f"an embed variant ('{pair}' in the query)")
        else:
            kept.append(pair)
    return Cleaned(urlunsplit((parts.scheme, host, path, "&".join(kept), parts.fragment)), tuple(tracking), tuple(variants))


def page_key(url: str, owner: str | None) -> tuple[str, str, str]:
    """Which page a URL is: its publisher (or host), clean path and query; not its fragment or trailing slash."""
    parts = urlsplit(clean(url).url)
    return owner or (parts.hostname or ""), parts.path.rstrip("/") or "/", parts.query
