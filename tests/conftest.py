"""Shared fixtures: the real site built once, and throwaway copies of the project to break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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
