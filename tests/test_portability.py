"""The same site builds unchanged with ProperDocs, and the annotation core needs no site engine at all."""

from __future__ import annotations

import os
import re
import subprocess

from conftest import ARTICLE_PAGE, ROOT, SLUG, soup

PROPERDOCS = ROOT / ".venv-properdocs/bin/properdocs"


def test_properdocs_builds_the_site_with_every_note(tmp_path):
    assert PROPERDOCS.exists(), "run scripts/setup --test (it creates .venv-properdocs)"
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / ARTICLE_PAGE)
    notes = {p.stem for p in (ROOT / "annotations" / SLUG).glob("*.md")}
    assert {n["data-annotation-id"] for n in page.select(".edition-note")} == notes
    assert {m["data-annotation-id"] for m in page.select(".edition-article mark")} == notes


def test_the_core_imports_no_site_engine():
    for path in (ROOT / "scripts/edition").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(mkdocs|properdocs|material)\b", source, re.M), path.name
