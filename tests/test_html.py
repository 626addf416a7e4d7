"""The built HTML: valid markup where the project writes it, every internal link and anchor resolving."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
# The theme's own markup that the checker objects to, matched by message and by the markup it quotes.
THEME_MESSAGES = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
]
# Markup the HTML standard allows and the checker does not know yet: `<link rel=expect blocking=render>` (WHATWG
# HTML pull request 9970; vnu 26.9.27 still allows `blocking` on stylesheets only).
LAGGING_MESSAGES = [
    ("A “link” element with a “blocking” attribute must have a “rel” attribute whose value is", 'rel="expect"'),
]


def matches(message: dict, known: list[tuple[str, str]]) -> bool:
    return any(message["message"].startswith(text) and quoted in message.get("extract", "") for text, quoted in known)


def theme_owned(message: dict) -> bool:
    return matches(message, THEME_MESSAGES)


def forgiven(message: dict) -> bool:
    return matches(message, THEME_MESSAGES + LAGGING_MESSAGES)


@pytest.fixture(scope="module")
def checker_messages(site):
    assert VNU.exists(), "node_modules/vnu-jar is missing: run scripts/setup --test"
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr)["messages"]


def test_every_page_passes_the_nu_html_checker(checker_messages):
    errors = [f"{Path(m['url']).parent.name}: {m['message']} :: {m.get('extract', '')}"
              for m in checker_messages if m["type"] == "error" and not forgiven(m)]
    assert errors == []


def test_the_checker_filter_only_forgives_the_theme(checker_messages, site):
    """Exactly Material's two toggles on each page (its drawer and search checkboxes), nothing else."""
    toggles = sorted((Path(m["url"]).parent.name, re.search(r'id="([^"]+)"', m["extract"]).group(1))
                     for m in checker_messages if m["type"] == "error" and theme_owned(m))
    pages = sorted(page.parent.name for page in site.rglob("*.html") if 'class="md-toggle"' in page.read_text(encoding="utf-8"))
    assert toggles == sorted((page, toggle) for page in pages for toggle in ("__drawer", "__search"))


def test_the_checker_filter_forgives_one_link_per_article(checker_messages, site):
    """The standard's render-blocking link, once in the head of each article page, nowhere else."""
    lagging = sorted(Path(m["url"]).parent.name for m in checker_messages
                     if m["type"] == "error" and matches(m, LAGGING_MESSAGES))
    articles = sorted(page.parent.name for page in site.rglob("*.html")
                      if '<link rel="expect" href="#edition-notes" blocking="render">' in page.read_text(encoding="utf-8"))
    assert articles and lagging == articles


def all_pages(site: Path) -> dict[Path, BeautifulSoup]:
    return {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in site.rglob("*.html")}


def test_every_internal_link_and_anchor_resolves(site):
    pages = all_pages(site)
    ids = {path: {el["id"] for el in soup.select("[id]")} | {el["name"] for el in soup.select("a[name]")} for path, soup in pages.items()}
    broken = []
    for path, soup in pages.items():
        for element in soup.select("a[href], link[href], script[src], img[src]"):
            url = element.get("href") or element.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("mailto:"):
                continue
            base = site if parts.path.startswith("/") else path.parent  # 404.html links from the site root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {url} (no file)")
            elif parts.fragment and target in ids and unquote(parts.fragment) not in ids[target]:
                broken.append(f"{path.relative_to(site)}: {url} (no anchor)")
    assert broken == []


def test_the_404_page_says_so_and_leads_home_articles_and_search(site):
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "This page is not here"
    assert {a["data-edition-root"] for a in page.select("a[data-edition-root]")} >= {"", "#articles", "timeline/", "sources/"}
    assert page.select_one('form[role="search"] input[type="search"]')
    assert not page.select('link[rel="stylesheet"]'), "its styles must not depend on where it is served"
