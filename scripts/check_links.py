#!/usr/bin/env python3
"""Check every external source URL cited in the notes and report the dead ones, with their archive links.

    python3 scripts/check_links.py             check each URL; print a Markdown report; exit 1 if any failed
    python3 scripts/check_links.py --dry-run   list the URLs it would check, without touching the network

It needs the internet, so it is not part of the test suite: .github/workflows/links.yml runs it every week.
Standalone on purpose (standard library + PyYAML): it reads only the notes' front matter, not the edition core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import http.cookiejar
import os
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20  # seconds, per request
WORKERS = 4  # requests in flight at once
USER_AGENT = (
    "AnnotatedEditions-LinkCheck/1.0 (weekly check of the sources cited by the Annotated Editions notes; "
    "contact: corrections@annotated-editions.org)"
)
# Statuses that usually mean "no robots", not "gone": still reported, with a hint to check by hand.
BLOCKED = {"401", "403", "429"}


@dataclass(frozen=True)
class Link:
    note: str  # the note's path, relative to the project
    url: str
    archive_url: str | None  # the source's archive link (None for a row that is the archive link itself)
    is_archive: bool = False


class NoteError(Exception):
    pass


def front_matter(path: Path) -> dict | None:
    """The YAML between the first two '---' lines; None for a Markdown file without front matter."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError as exc:
                raise NoteError(f"{path}: the front matter is not valid YAML ({exc})") from None
            return data if isinstance(data, dict) else {}
    raise NoteError(f"{path}: the front matter is not closed by a '---' line")


def collect(root: Path) -> list[Link]:
    """Every sources[].url and sources[].archive_url of every note under annotations/, in file order."""
    links = []
    for path in sorted((root / "annotations").rglob("*.md")):
        data = front_matter(path)
        if data is None:
            continue
        note = path.relative_to(root).as_posix()
        for source in data.get("sources") or []:
            if not isinstance(source, dict):
                continue
            url, archive = source.get("url"), source.get("archive_url")
            url = str(url).strip() if url else None
            archive = str(archive).strip() if archive else None
            if url:
                links.append(Link(note, url, archive))
            if archive:
                links.append(Link(note, archive, None, is_archive=True))
    return links


def probe(url: str, timeout: float = TIMEOUT) -> tuple[bool, str]:
    """(alive, status): a HEAD request, then a GET if HEAD fails (many servers mishandle HEAD)."""
    if not url.startswith(("https://", "http://")):
        return False, "not an http(s) URL"
    status = "no answer"
    for method in ("HEAD", "GET"):
        # A fresh cookie jar per URL: some publishers set a cookie on a redirect and expect it back.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        request = urllib.request.Request(url, method=method, headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Language": "en",
        })
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return True, str(response.status)
        except urllib.error.HTTPError as exc:
            status = str(exc.code)
        except urllib.error.URLError as exc:
            status = f"error: {exc.reason}"
        except (TimeoutError, OSError, http.client.HTTPException, ValueError) as exc:
            status = f"error: {type(exc).__name__}" + (f": {exc}" if str(exc) else "")
    return False, status


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(links: list[Link], results: dict[str, tuple[bool, str]]) -> tuple[str, int]:
    """(Markdown report, number of failed rows)."""
    failed = [(link, results[link.url][1]) for link in links if not results[link.url][0]]
    notes = len({link.note for link in links})
    today = dt.date.today().isoformat()
    out = ["# Source links", ""]
    summary = f"Checked {len(results)} URLs cited in {notes} notes on {today}"
    if not failed:
        out.append(f"{summary}: every one answered.")
        return "\n".join(out) + "\n", 0
    out += [f"{summary}: {len(failed)} failed.", "",
            "| note | URL | status | archive_url |", "| --- | --- | --- | --- |"]
    for link, status in failed:
        url = f"{link.url} (the archive link itself)" if link.is_archive else link.url
        archive = link.archive_url or "—"
        out.append(f"| {cell(link.note)} | {cell(url)} | {cell(status)} | {cell(archive)} |")
    if any(status in BLOCKED for _, status in failed):
        out += ["", "Statuses 401, 403 and 429 often mean the site turns away automated requests: open the "
                "link in a browser before replacing it."]
    out += ["", "Fix a dead source by citing the publisher's new address for the same page, or add its "
            "`archive_url`, with a history entry (see CONTRIBUTING.md)."]
    return "\n".join(out) + "\n", len(failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="only list the URLs to check (no network)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this script's)")
    args = parser.parse_args(argv)
    try:
        links = collect(args.root)
    except NoteError as error:
        print(error, file=sys.stderr)
        print("run scripts/check to see what to fix", file=sys.stderr)
        return 2
    urls = list(dict.fromkeys(link.url for link in links))
    if args.dry_run:
        for url in urls:
            print(url)
        print(f"{len(urls)} URLs in {len({link.note for link in links})} notes (dry run: nothing requested)",
              file=sys.stderr)
        return 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = dict(zip(urls, pool.map(probe, urls)))
    text, failures = report(links, results)
    print(text, end="")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
