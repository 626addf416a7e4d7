"""The annotation core needs no site engine at all (the engines themselves are compared in test_engines.py)."""

from __future__ import annotations

import re

from conftest import ROOT


def test_the_core_imports_no_site_engine():
    for path in (ROOT / "scripts/edition").glob("*.py"):  # adapters/ are the only place that may
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(mkdocs|properdocs|material|zensical)\b", source, re.M), path.name
