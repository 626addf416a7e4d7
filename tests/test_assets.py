"""The edition's stylesheets and script reach readers minified (a phone downloads less), and still whole."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import ROOT

SOURCES = sorted((ROOT / "overrides/assets/edition").glob("*.[cj]s*"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_the_site_serves_each_asset_minified(site, source):
    served = (site / "assets/edition" / source.name).read_text(encoding="utf-8")
    written = source.read_text(encoding="utf-8")
    assert len(served) < 0.8 * len(written), f"{source.name}: {len(served):,} characters served for {len(written):,} written"
    assert "/*" not in served and "\n  " not in served, "comments and indentation are for the source"
    # Nothing but comments and white space goes: every quoted string of the source is still there.
    code = re.sub(r"(?m)(^|\s)//.*$", "", re.sub(r"(?s)/\*.*?\*/", "", written))  # comments out
    for literal in set(re.findall(r'"[\w .#,:=\[\]()-]{3,}"', code)):
        assert literal in served, literal


@pytest.mark.skipif(not shutil.which("node"), reason="needs Node.js (scripts/setup --test installs the npm packages with it)")
def test_the_served_script_parses(site):
    result = subprocess.run(["node", "--check", str(site / "assets/edition/edition.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
