"""One core, three engines: MkDocs, ProperDocs and Zensical build the same edition from the same checkout.

Each engine's site is built with `scripts/build --engine E`; the edition's markup (every note and mark, the
header, both panels, the home page's article list) and its files (annotations, feed) must be identical once
whitespace between tags is collapsed and links are resolved against the page's URL (Zensical writes links its
own way). A bad note stops every engine with the same message, before anything is written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from browser import StaticServer, is_local
from conftest import ARTICLE_PAGE, ROOT, SLUG, copy_project, soup

ENGINES = ("mkdocs", "properdocs", "zensical")
PAGES = ("index.html", ARTICLE_PAGE, "timeline/index.html", "sources/index.html")
# What the edition writes into a page, by page: the parts every engine must agree on.
EDITION_PARTS = {
    ARTICLE_PAGE: ["[data-annotation-id]", ".edition-header", '[data-panel="timeline"]', '[data-panel="sources"]', "#edition-changes"],
    "index.html": [".edition-index"],
    "timeline/index.html": ['[data-panel="timeline"]'],
    "sources/index.html": ['[data-panel="sources"]'],
}
UNFILLED = ("edition-inline-script-hashes", "<!-- edition:", "<!--edition:", "{{", "{%")


def build_with(engine: str, project: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(project / "scripts" / "build"), "--engine", engine, "-d", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory) -> dict[str, Path]:
    sites = {}
    for engine in ENGINES:
        out = tmp_path_factory.mktemp(engine) / "site"
        result = build_with(engine, ROOT, out)
        assert result.returncode == 0, f"{engine}: {result.stdout}\n{result.stderr}"
        sites[engine] = out
    return sites


def normalised(element, page_url: str) -> str:
    """The element's HTML with links resolved against its page and whitespace between tags collapsed."""
    for tag in element.find_all(True):
        for name in ("href", "src"):
            if tag.has_attr(name):
                tag[name] = urljoin(page_url, tag[name])
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(element))).strip()


def edition_markup(site: Path, page: str) -> list[str]:
    html = soup(site / page)
    url = "https://site.example/" + page.removesuffix("index.html")
    parts = []
    for selector in EDITION_PARTS[page]:
        found = html.select(selector)
        assert found, f"{page}: nothing matches {selector}"
        parts += [normalised(element, url) for element in found]
    return parts


@pytest.mark.parametrize("engine", ENGINES[1:])
@pytest.mark.parametrize("page", PAGES)
def test_every_engine_writes_the_same_edition_markup(engine_sites, engine, page):
    expected, got = edition_markup(engine_sites["mkdocs"], page), edition_markup(engine_sites[engine], page)
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected):
        assert mine == theirs


@pytest.mark.parametrize("engine", ENGINES[1:])
def test_every_engine_writes_the_same_exports(engine_sites, engine):
    for name in (f"{SLUG}/annotations.jsonld", "feed.xml"):
        assert (engine_sites[engine] / name).read_text(encoding="utf-8") == (engine_sites["mkdocs"] / name).read_text(encoding="utf-8"), name
    json.loads((engine_sites[engine] / SLUG / "annotations.jsonld").read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ENGINES)
def test_no_page_keeps_an_unfilled_placeholder(engine_sites, engine):
    site = engine_sites[engine]
    left = [f"{path.relative_to(site)}: {mark}" for path in site.rglob("*") if path.suffix in (".html", ".xml", ".jsonld")
            for mark in UNFILLED if mark in path.read_text(encoding="utf-8")]
    assert left == []
    article = soup(site / ARTICLE_PAGE)
    assert len(article.select(".edition-note")) == len(list((ROOT / "annotations" / SLUG).glob("*.md")))


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_no_engines_site_asks_another_host_or_breaks_its_policy(engine_sites, chromium, engine):
    from test_privacy import COLLECT_VIOLATIONS

    with StaticServer(engine_sites[engine]) as server:
        context = chromium.new_context(viewport={"width": 1440, "height": 900})
        context.add_init_script(COLLECT_VIOLATIONS)
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        for path in ("", f"{SLUG}/", "timeline/", "404.html"):
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__violations") == [], f"{engine} {path}"
        page.goto(server.url + f"{SLUG}/")
        page.locator(".edition-article .edition-marker").first.click()
        assert page.locator(".edition-note.is-open").count() == 1
        assert [url for url in requests if not is_local(url, server.url)] == []
        context.close()


BAD_NOTE = '---\nquote: "Marioupol is now in ruin"\nkind: "context"\ngist: "x"\ncreated: "2026-11-25"\nreviewed: "2026-11-25"\nhistory: []\n---\nText.\n'


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    for part in ("pyproject.toml", "requirements.lock", "requirements-properdocs.lock", "requirements-zensical.lock"):
        shutil.copy2(ROOT / part, project / part)
    for venv in (".venv", ".venv-properdocs", ".venv-zensical"):  # the engines' environments, as set up already
        (project / venv).symlink_to(ROOT / venv)
    (project / "annotations" / SLUG / "broken.md").write_text(BAD_NOTE, encoding="utf-8")
    return project


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bad_note_stops_every_engine_with_the_same_message_and_leaves_the_site_alone(broken_project, tmp_path, engine):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous build", encoding="utf-8")
    result = build_with(engine, broken_project, out)
    assert result.returncode != 0
    message = f"annotations/{SLUG}/broken.md:7: history: must not be empty"
    assert message in result.stdout + result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "the previous build"


@pytest.mark.browser
def test_zensicals_own_search_reaches_the_notes_and_opens_one(engine_sites, chromium):
    with StaticServer(engine_sites["zensical"]) as server:
        page = chromium.new_page(viewport={"width": 1440, "height": 900})
        page.goto(server.url + f"{SLUG}/")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")  # Zensical's search, in a shadow root (Playwright's locators reach into it)
        page.keyboard.type("Olenivka")
        result = page.get_by_role("option", name=re.compile(r"^Note \d+ · ")).first  # its results are options
        expect(result).to_have_attribute("href", re.compile(r"#note-azovstal-prisoners-update$"))
        result.click()
        page.wait_for_load_state("load")
        expect(page.locator(".edition-note.is-open")).to_have_count(1)
        assert "Olenivka" in page.locator(".edition-note.is-open").inner_text()
        page.close()
