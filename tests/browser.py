"""Helpers for the browser tests: the built site on a loopback server, and Debian's Chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
# Quiet, offline Chromium: no background requests to hosts this machine cannot (and must not) reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (390, 900, 1219, 1220, 1440, 1600)
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ARTICLE = "russian-war-crimes-in-ukraine-are-backfiring/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is for failures
        pass


class StaticServer:
    """The built site, served from 127.0.0.1 as a CDN would serve the files."""

    def __init__(self, root: Path, handler: type = _QuietHandler):
        handler = functools.partial(handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class StallingServer(StaticServer):
    """The built site, with one page sent in two pieces, half a second apart, as a slow network sends it."""

    def __init__(self, root: Path, path: str, cut):
        page = (root / path / "index.html").read_bytes()
        at = cut(page)

        class Handler(_QuietHandler):
            def do_GET(self):
                if self.path.split("?")[0] != "/" + path:
                    return super().do_GET()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page[:at])
                self.wfile.flush()
                time.sleep(0.5)
                self.wfile.write(page[at:])

        super().__init__(root, Handler)


def is_local(url: str, base: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.netloc == urlsplit(base).netloc


def shot(page, name: str) -> None:
    """Screenshots are kept for a person to look at (CI uploads test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
