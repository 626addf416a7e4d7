"""The reading experience beyond the basics: measure, stability, filter, copy link, panels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser import ARTICLE, WIDTHS, StallingServer
from conftest import ROOT, SLUG
from edition import cli
from edition.schema import sort_key

pytestmark = pytest.mark.browser
NOTES = cli.load_notes(ROOT).articles[SLUG].notes

LINE_LENGTHS = """() => {
  const lengths = [];
  for (const p of document.querySelectorAll('.edition-article > p:not(.edition-credit)')) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const top = Math.round(rect.bottom);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
    const counts = [...lines.keys()].sort((a, b) => a - b).map(k => lines.get(k));
    lengths.push(...counts.slice(0, -1));  // a paragraph's last line is short by nature
  }
  return lengths;
}"""


@pytest.mark.parametrize("width", [1220, 1440, 1600])
def test_article_lines_hold_60_to_75_characters_on_wide_screens(open_page, width):
    page = open_page(width=width)
    lengths = page.evaluate(LINE_LENGTHS)
    assert max(lengths) <= 75, max(lengths)
    assert 60 <= sum(lengths) / len(lengths) <= 75, sum(lengths) / len(lengths)


SHIFTS = """window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
  if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"""


def layout_shift(chromium, url: str, width: int) -> float:
    """The page's cumulative layout shift, from the first byte to half a second after the network is idle."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(SHIFTS)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__cls")
    context.close()
    return shift


@pytest.mark.parametrize("width", [390, 1440])
def test_placing_the_cards_shifts_nothing(chromium, server, width):
    assert layout_shift(chromium, server.url + ARTICLE, width) == 0


# Where a slow network might pause the page: inside a label, a marker, a bar of the chart, all in the first screen.
PAUSES = {
    "legend label": rb'<span class="edition-kind" data-kind="context">',
    "chart label": rb'<span class="edition-chart__label">',
    "marker": rb'<a class="edition-marker"[^>]*>',
}


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("pause", PAUSES)
def test_a_page_that_arrives_in_pieces_shifts_nothing(chromium, site, width, pause):
    # A browser paints what it has parsed when the network pauses; what it draws then must not move after.
    with StallingServer(site, ARTICLE, lambda page: re.search(PAUSES[pause], page).end()) as server:
        assert layout_shift(chromium, server.url + ARTICLE, width) == 0


def test_copy_link_puts_the_notes_address_on_the_clipboard(chromium, server):
    context = chromium.new_context(viewport={"width": 390, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    page = context.new_page()
    page.goto(server.url + ARTICLE)
    note_id = page.locator(".edition-note").nth(4).get_attribute("data-annotation-id")
    note = page.locator(f"#note-{note_id}")  # by id: opening moves the note in place, out of list order
    note.locator(".edition-note__heading").click()  # a folded entry opens where it is clicked
    button = note.locator(".edition-note__copy")
    button.click()
    expect(button).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server.url}{ARTICLE}#note-{note_id}"
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_deep_link_opens_its_note_at_every_width(open_page, width):
    note_id = sorted(NOTES)[7]
    page = open_page(path=f"{ARTICLE}#note-{note_id}", width=width)
    note = page.locator(f"#note-{note_id}")
    expect(note.locator(".edition-note__text")).to_be_visible()
    expect(note).to_be_in_viewport()


def test_panels_are_reachable_from_the_top_of_the_article(open_page):
    page = open_page(width=390)
    for panel in ("timeline", "sources"):
        page.locator(f'.edition-jump a[href="#edition-{panel}"]').click()
        expect(page.locator(f'[data-panel="{panel}"]')).to_be_in_viewport()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_folded_source_list_opens_in_place_and_says_how_long_it_is(open_page, javascript):
    page = open_page(width=390, javascript=javascript)
    page.locator('.edition-jump a[href="#edition-sources"]').click()
    fold = page.locator('[data-panel="sources"] details')
    summary = fold.locator("summary")
    expect(summary).to_be_in_viewport()
    expect(fold.locator(".edition-source").first).to_be_hidden()
    summary.click()
    items = fold.locator(".edition-source")
    expect(items.first).to_be_visible()
    assert summary.inner_text().startswith(f"All {items.count()} sources, from ")


def test_timeline_panel_lists_every_event_once_in_order_with_every_note_that_tells_of_it(article):
    panel = article.select_one('[data-panel="timeline"]')
    told: dict[tuple[str, str], set[str]] = {}  # the same date and label from several notes is one event
    for note in NOTES.values():
        for event in note.note.events:
            told.setdefault((event.first, event.label), set()).add(note.id)
    events = panel.select("[data-event-date]:not([data-publication])")
    shown = {
        (e["data-event-date"], e.select_one(".edition-timeline__what").get_text()): {a["href"].removeprefix("#note-") for a in e.select('a[href^="#note-"]')}
        for e in events
    }
    assert len(events) == len(told) < sum(len(n.note.events) for n in NOTES.values())
    assert shown == told
    dates = [e["data-event-date"] for e in panel.select("[data-event-date]")]
    assert dates == sorted(dates, key=sort_key)
    publication = panel.select_one("[data-publication]")
    assert publication["data-event-date"] == "2022-06-30"
    for event in events:
        since = "edition-timeline__event--since" in event["class"]
        assert since == (sort_key(event["data-event-date"]) > sort_key("2022-06-30")) == event.has_attr("data-since")


def test_timeline_names_each_note_by_number_and_gist(article):
    numbers = {a["href"].removeprefix("#note-"): a for a in article.select(".edition-marker")}
    for link in article.select('[data-panel="timeline"] a[href^="#note-"]'):
        note = NOTES[link["href"].removeprefix("#note-")]
        number = numbers[note.id]["data-number"]
        assert link.get_text().startswith(f"Note {number}: {note.note.gist[:20]}"), link.get_text()


def test_sources_panel_lists_every_source_once_with_links_back(article):
    panel = article.select_one('[data-panel="sources"]')
    cited = {}
    for note in NOTES.values():
        for source in note.note.sources:
            cited.setdefault(source.url, set()).add(note.id)
    links = [a["href"] for a in panel.select(".edition-source > a[rel]") if "Archived" not in a.get_text()]
    assert sorted(links) == sorted(cited)
    for item in panel.select(".edition-source"):
        url = item.select_one("a[rel]")["href"]
        backs = {a["href"].removeprefix("#note-") for a in item.select('a[href^="#note-"]')}
        assert backs == cited[url]
