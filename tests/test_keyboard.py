"""The keyboard and screen-reader path through an edition: few and meaningful tab stops, nothing invisible
focused, a skip link first on every page, names that explain themselves, a 404 page that helps."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect
from test_exports import _SubPathHandler

from browser import ARTICLE, shot
from conftest import ROOT, SLUG
from edition import cli

pytestmark = pytest.mark.browser
NOTES = cli.load_notes(ROOT).articles[SLUG].notes
PAGES = ["", ARTICLE, "timeline/", "sources/", "policy/", "about/"]

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const seen = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight; };
  // Material's palette switch is a hidden radio whose label beside it shows the focus ring.
  const shows = e.matches('.md-option') && e.nextElementSibling?.matches('label:not([hidden])') ? e.nextElementSibling : e;
  const where = e.closest('.edition-article') ? 'marker' : e.closest('.edition-notes') ? 'note' : 'control';
  return {where, visible: seen(shows), id: e.id, name: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40)};
}"""


def tab_cycle(page, limit: int = 1500) -> list[dict]:
    """Every stop Tab visits from the top of the page until it comes round to the first one again."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop == stops[0]):
            return stops
        stops.append(stop)
    pytest.fail(f"Tab did not come round in {limit} presses")


@pytest.mark.parametrize("width, controls", [(390, 26), (1440, 27)])
def test_the_article_page_has_a_stop_a_note_and_its_controls(open_page, width, controls):
    """390 px: 55 markers + 26 controls = 81 stops; 1440 px: 82 (the logo is a link there). The controls: the
    two skip links, search, the palette switch, the publisher's link, 'Why these dates', the chart's four
    verdicts, two policy links, the filter, the edition switch, the three jumps, the timeline (one stop, arrow
    keys inside), the two folded panels, the two export links and the footer's four links."""
    page = open_page(width=width)
    stops = tab_cycle(page)
    markers = [s["id"] for s in stops if s["where"] == "marker"]
    assert sorted(markers) == sorted(f"ref-{note_id}" for note_id in NOTES), "each marker once"
    assert [s for s in stops if s["where"] == "note"] == [], "a folded note took a tab stop"
    assert len(stops) == len(NOTES) + controls, [s["name"] for s in stops if s["where"] == "control"]


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("path", PAGES)
def test_nothing_invisible_takes_focus(open_page, path, width):
    page = open_page(path=path, width=width)
    hidden = [s for s in tab_cycle(page) if not s["visible"]]
    assert hidden == []


@pytest.mark.parametrize("path", PAGES + ["404.html"])
def test_a_skip_link_is_the_first_stop_on_every_page(open_page, path):
    page = open_page(path=path, width=1440)
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert first[0].startswith("Skip to"), first
    expect(page.locator(":focus")).to_be_visible()
    page.keyboard.press("Enter")
    target = page.evaluate("() => location.hash")
    assert target and page.locator(target).count() == 1
    if path == ARTICLE:
        assert target == "#edition-text"
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('.edition-article') !== null")


def test_a_second_skip_link_goes_from_the_text_past_the_notes(open_page):
    page = open_page(width=1440)
    skip = page.locator(".edition-skip")
    skip.focus()
    expect(skip).to_be_visible()
    skip.press("Enter")
    assert page.evaluate("() => location.hash") == "#edition-timeline"


def test_the_timeline_is_one_stop_and_arrow_keys_move_inside_it(open_page):
    page = open_page(width=1440)
    links = page.locator('[data-panel="timeline"] a[href]')
    first = links.first
    first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement") == links.nth(1).evaluate("el => el")
    expect(links.nth(1)).to_have_attribute("tabindex", "0")
    expect(first).to_have_attribute("tabindex", "-1")
    page.keyboard.press("End")
    expect(links.last).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.closest('[data-panel=\"timeline\"]')")


@pytest.mark.parametrize("width", [390, 1440])
def test_names_in_the_accessibility_tree_explain_themselves(open_page, width):
    page = open_page(width=width)
    for view in (3, 15, 43):  # a fact-check, a wording note, ...
        note_id = page.locator(".edition-notes .edition-note").nth(view - 1).get_attribute("data-annotation-id")
        note = NOTES[note_id].note
        heading = page.get_by_role("heading", name=re.compile(rf"^Note {view} · "))
        expect(heading).to_have_count(1)
        name = heading.evaluate("h => h.textContent.replace(/\\s+/g, ' ').trim()")
        parts = name.split(" · ")
        assert parts[0] == f"Note {view}" and len(parts) == (3 if note.verdict else 2), name
        described = "e => e.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' ')"
        words = NOTES[note_id].note.quote.split()[0]
        assert words in page.locator(f"#note-{note_id}").evaluate(described), "a folded note names the words it is about"
        page.locator(f"#ref-{note_id}").click()  # opened, its heading is its toggle, described the same way
        assert words in page.locator(f"#note-{note_id} .edition-note__toggle").evaluate(described)
        page.keyboard.press("Escape")
    wording = [key for key, n in NOTES.items() if n.note.kind == "note"]
    for note_id in wording:
        assert page.locator(f"#ref-{note_id}").get_attribute("aria-label").endswith("wording note")
    snapshot = page.locator(".edition-notes").aria_snapshot()
    assert "Note : " not in snapshot and re.search(r'heading "Note \d+ · Fact-check · (Accurate|Needs context|Inaccurate|Unverifiable)"', snapshot)


def test_status_messages_are_announced(chromium, server):
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    page = context.new_page()
    page.goto(server.url + ARTICLE)
    status = page.locator('[role="status"]#edition-status')
    expect(status).to_have_count(1)
    page.select_option('select[name="show"]', "context")
    expect(status).to_have_text(re.compile(r"^\d+ of \d+ notes shown$"))
    page.select_option('select[name="show"]', "all")
    page.locator(".edition-article .edition-marker").first.click()
    page.locator(".edition-note.is-open .edition-note__copy").click()
    expect(status).to_have_text("Link copied")
    context.close()


@pytest.fixture(scope="module")
def unset_site_url_sub_path(site):
    """The site built without SITE_URL, served under /edition/ with 404.html for anything missing."""
    handler = functools.partial(_SubPathHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/edition/"
    httpd.shutdown()


def test_the_404_page_is_styled_and_leads_home_under_any_sub_path(chromium, unset_site_url_sub_path):
    base = unset_site_url_sub_path
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "no/such/page/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("This page is not here")
    styled = page.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth")
    assert styled != "none", "the page lost its styles"
    expect(page.get_by_role("link", name="Home")).to_have_attribute("href", "/edition/")
    expect(page.get_by_role("link", name="Timeline")).to_have_attribute("href", "/edition/timeline/")
    page.get_by_role("searchbox", name="Search the site").fill("Olenivka")
    found = page.locator("[data-edition-results] a")
    expect(found.first).to_be_visible()
    assert all(href.startswith("/edition/") for href in found.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    shot(page, "404-sub-path-390")
    found.first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(base) and errors == []
    context.close()
