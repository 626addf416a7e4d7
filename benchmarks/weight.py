"""Target 1: the article page's weight as served gzip-compressed, project against its footnote baseline.

    python benchmarks/weight.py [--patch FILE]

Serves both built sites from 127.0.0.1 with gzip (serve_static.py), opens the article page in Debian's
Chromium (Playwright, a phone-sized and a desktop-sized window) and records every request the page makes,
including the search worker and its index. Each resource is then fetched again with `Accept-Encoding: gzip`
and its size on the wire (the body as sent) is recorded. Pass: the project's CSS and JS together weigh at most
10 KiB (10,240 bytes) gzip more than the baseline's.
"""

from __future__ import annotations

import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CHROMIUM, CHROMIUM_FLAGS, results_name, save, say  # noqa: E402
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH, cli_patch, prepare  # noqa: E402

LIMIT = 10_240  # bytes gzip the project's CSS + JS may add (10 KiB)
WINDOWS = {
    "phone": dict(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True),
    "desktop": dict(viewport={"width": 1440, "height": 900}),
}


def kind_of(path: str, content_type: str) -> str:
    if path.endswith(".css") or "css" in content_type:
        return "css"
    if path.endswith(".js") or "javascript" in content_type:
        return "js"
    if "html" in content_type:
        return "html"
    if "json" in content_type:
        return "json"
    if content_type.startswith("image/"):
        return "image"
    if "font" in content_type:
        return "font"
    return "other"


def requested_urls(page_url: str) -> list[str]:
    """Every http(s) URL the page requests in either window (data: URLs are part of the CSS or JS)."""
    urls: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[f for f in CHROMIUM_FLAGS if f != "--headless=new"])
        for options in WINDOWS.values():
            context = browser.new_context(**options)
            page = context.new_page()
            page.on("request", lambda request: urls.append(request.url))
            page.goto(page_url, wait_until="networkidle")
            time.sleep(1.0)  # anything started late (search index, worker)
            context.close()
        browser.close()
    seen = []
    for url in urls:
        if url.startswith("http") and url not in seen:
            seen.append(url)
    return seen


def served_size(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()  # urllib does not decompress: this is the body as sent
        ctype = response.headers.get("Content-Type", "")
        encoding = response.headers.get("Content-Encoding", "identity")
    raw_request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(raw_request) as response:
        raw = len(response.read())
    path = url.split("/", 3)[3] or "/"
    return {"path": "/" + path, "kind": kind_of(path, ctype), "encoding": encoding, "gzip_bytes": len(body), "raw_bytes": raw}


def measure(site: Path) -> dict:
    with StaticServer(site) as server:
        urls = requested_urls(server.url + ARTICLE_PATH)
        resources = [served_size(url) for url in urls]
    totals: dict[str, int] = {}
    for r in resources:
        totals[r["kind"]] = totals.get(r["kind"], 0) + r["gzip_bytes"]
    return {
        "resources": resources,
        "gzip_by_kind": totals,
        "gzip_total": sum(r["gzip_bytes"] for r in resources),
        "gzip_css_js": totals.get("css", 0) + totals.get("js", 0),
        "own_css_js": [r for r in resources if r["path"].startswith("/assets/edition/") and r["kind"] in ("css", "js")],
    }


def main(patch: Path | None = None) -> dict:
    sites = prepare(patch=patch)
    result = {name: measure(sites[f"site-{name}"]) for name in ("project", "baseline")}
    project, base = result["project"], result["baseline"]
    added = project["gzip_css_js"] - base["gzip_css_js"]
    result["target"] = {
        "metric": "CSS+JS gzip bytes the project adds to the baseline's",
        "value": added,
        "project": project["gzip_css_js"],
        "baseline": base["gzip_css_js"],
        "ratio": project["gzip_css_js"] / base["gzip_css_js"],
        "limit": LIMIT,
        "pass": added <= LIMIT,
        "html_added": project["gzip_by_kind"].get("html", 0) - base["gzip_by_kind"].get("html", 0),
        "total_added": project["gzip_total"] - base["gzip_total"],
    }
    save(results_name("weight", patch), result)
    for name in ("project", "baseline"):
        say(f"weight: {name}")
        for r in result[name]["resources"]:
            say(f"  {r['gzip_bytes']:>8,} B gzip {r['raw_bytes']:>9,} B raw  {r['kind']:<5} {r['path']}")
        say(f"  total {result[name]['gzip_total']:,} B gzip; CSS+JS {result[name]['gzip_css_js']:,} B")
    t = result["target"]
    say(f"weight: CSS+JS added {t['value']:,} B gzip (limit {LIMIT:,}): {'PASS' if t['pass'] else 'FAIL'}; "
        f"HTML added {t['html_added']:,} B; whole page added {t['total_added']:,} B")
    return result


if __name__ == "__main__":
    main(cli_patch(sys.argv[1:])[0])
