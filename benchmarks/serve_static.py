"""A static file server on 127.0.0.1 that sends text resources gzip-compressed, as a CDN or nginx would.

    python benchmarks/serve_static.py SITE_DIR [PORT]

Used in-process by weight.py and lighthouse.py (`StaticServer`). Compressed bodies are cached per file, so
the compression time is paid once and not counted in page loads.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common import GZIP_LEVEL

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/json", ".json")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def __init__(self, *args, root: Path, cache: dict, **kwargs):
        self.root, self.cache = root, cache
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        path = self._file()
        if path is None:
            missing = self.root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            self._send(404, "text/html; charset=utf-8", body, head, compress=False)
            return
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        compress = ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        self._send(200, ctype, path, head, compress)

    def _send(self, status: int, ctype: str, body, head: bool, compress: bool):
        if isinstance(body, Path):
            key = (body, compress)
            if key not in self.cache:
                raw = body.read_bytes()
                self.cache[key] = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0) if compress else raw
            body = self.cache[key]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class StaticServer:
    """`with StaticServer(site) as server: server.url` serves `site` on a free port until the block ends."""

    def __init__(self, root: Path, port: int = 0):
        handler = partial(Handler, root=Path(root).resolve(), cache={})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    with StaticServer(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8001) as server:
        print(f"serving {sys.argv[1]} gzip-compressed on {server.url} (Ctrl-C stops)", flush=True)
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass
