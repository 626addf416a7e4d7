"""Shared fixtures: the real site built once, and throwaway copies of the project to break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from browser import ARTICLE, CHROMIUM, CHROMIUM_ARGS, StaticServer, is_local

ROOT = Path(__file__).resolve().parent.parent
SLUG = "russian-war-crimes-in-ukraine-are-backfiring"
ARTICLE_PAGE = f"{SLUG}/index.html"
PROJECT_PARTS = ("docs", "annotations", "overrides", "scripts", "mkdocs.yml")


def copy_project(target: Path) -> Path:
    """A copy of everything a build reads, to change without touching the real project."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def mkdocs(project: Path, *args: str, tool: str = "mkdocs") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", tool, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def build(project: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    site = site or project / "site"
    return mkdocs(project, "build", "--strict", "--site-dir", str(site))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def article(site) -> BeautifulSoup:
    return soup(site / ARTICLE_PAGE)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


NOTE_TEMPLATE = """---
quote: "{quote}"
kind: "context"
gist: "A test note."
created: "2026-11-25"
reviewed: "2026-11-25"
history:
  - date: "2026-11-25"
    change: "added"
    summary: "First version."
---
Test text.
"""


def write_note(folder: Path, note_id: str, text: str) -> Path:
    path = folder / f"{note_id}.md"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- browser fixtures


@pytest.fixture(scope="session")
def server(site):
    with StaticServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def chromium():
    # Never skipped: a missing browser is a failure (scripts/setup --test installs Debian's chromium).
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/setup --test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, server):
    """Open a page of the site at a width; records console errors and every request that leaves the site."""
    contexts = []

    def _open(path=ARTICLE, width=1440, javascript=True, scheme="light", height=900):
        # bypass_csp lets the tests inject axe-core; tests/test_privacy.py checks the policy itself.
        context = chromium.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript, color_scheme=scheme,
            bypass_csp=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.errors, page.foreign, page.failed = [], [], []
        page.on("response", lambda response: response.status >= 400 and page.failed.append(response.url))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("request", lambda req: is_local(req.url, server.url) or page.foreign.append(req.url))
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        return page

    yield _open
    for context in contexts:
        context.close()
