"""Notes that stay beside their words, and notes that open where the reader is (measured as a reader would:
where an entry sits next to its claim, what is on screen after a click, where Tab goes)."""

from __future__ import annotations

import re
import statistics

import pytest
from playwright.sync_api import expect

from browser import ARTICLE, shot
from conftest import ROOT, SLUG

pytestmark = pytest.mark.browser
NOTE_IDS = sorted(p.stem for p in (ROOT / "annotations" / SLUG).glob("*.md"))

# Every note's entry against its claim's first line, in page coordinates.
GEOMETRY = """() => {
  const article = document.querySelector('.edition-article').getBoundingClientRect();
  const notes = [...document.querySelectorAll('.edition-notes .edition-note')].filter(n => n.getClientRects().length).map(note => {
    const id = note.dataset.annotationId;
    const line = document.querySelector(`.edition-article mark[data-annotation-id="${id}"]`).getClientRects()[0];
    const r = note.getBoundingClientRect();
    return {id, offset: r.top - line.top, top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right};
  });
  return {notes, articleRight: article.right, articleBottom: article.bottom + scrollY, screen: innerHeight};
}"""

ON_SCREEN = """(el) => { const r = el.getBoundingClientRect(); const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return r.bottom > top && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }"""

OPEN = re.compile(r"\bis-open\b")
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""


def geometry(page) -> dict:
    return page.evaluate(GEOMETRY)


def overlaps(notes: list[dict]) -> list[tuple[str, str]]:
    ordered = sorted(notes, key=lambda n: n["top"])
    return [(a["id"], b["id"]) for a, b in zip(ordered, ordered[1:]) if b["top"] < a["bottom"] - 0.5]


@pytest.mark.parametrize("width", [900, 1220, 1440, 1920])
def test_every_entry_starts_beside_its_claim(open_page, width):
    page = open_page(width=width)
    shot(page, f"margin-{width}")
    found = geometry(page)
    offsets = [abs(n["offset"]) for n in found["notes"]]
    assert len(offsets) == len(NOTE_IDS)
    assert statistics.median(offsets) <= 60, sorted(offsets)
    assert max(offsets) <= 300, max(found["notes"], key=lambda n: abs(n["offset"]))
    assert overlaps(found["notes"]) == []
    assert all(n["left"] >= found["articleRight"] for n in found["notes"]), "an entry covers the text"
    last = max(n["bottom"] for n in found["notes"])
    assert last <= found["articleBottom"] + found["screen"], "the margin runs on more than a screen below the article"


def test_entries_are_placed_again_under_the_text_spacing_override(open_page):
    page = open_page(width=1440)
    before = geometry(page)["notes"]
    page.add_style_tag(content=TEXT_SPACING)
    page.wait_for_timeout(400)  # the entries re-place themselves (throttled)
    found = geometry(page)
    assert found["notes"] != before, "nothing moved: the override did not take"
    assert overlaps(found["notes"]) == []
    assert max(abs(n["offset"]) for n in found["notes"]) <= 300
    shot(page, "margin-text-spacing-1440")


@pytest.mark.parametrize("width", [900, 1440])
def test_a_claim_pointed_at_lights_its_entry_which_is_on_screen(open_page, width):
    page = open_page(width=width)
    for note_id in NOTE_IDS[::6]:
        marker = page.locator(f"#ref-{note_id}")
        marker.evaluate("el => el.scrollIntoView({block: 'center'})")
        page.locator(f'.edition-article mark[data-annotation-id="{note_id}"]').first.hover()
        entry = page.locator(f"#note-{note_id}")
        expect(entry).to_have_class(re.compile(r"\bis-active\b"))
        box = entry.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900, f"entry {note_id} is not fully visible"


@pytest.mark.parametrize("how", ["click", "enter"])
@pytest.mark.parametrize("width", [390, 900, 1440])
def test_opening_any_note_leaves_its_marker_on_screen(open_page, width, how):
    page = open_page(width=width, height=800)
    lost = []
    for note_id in NOTE_IDS:
        marker = page.locator(f"#ref-{note_id}")
        marker.evaluate("el => el.scrollIntoView({block: 'center'})")
        if how == "click":
            marker.click()
        else:
            marker.focus()
            page.keyboard.press("Enter")
        expect(page.locator(f"#note-{note_id}")).to_have_class(OPEN)
        if not marker.evaluate(ON_SCREEN):
            lost.append(note_id)
        page.keyboard.press("Escape")
        expect(page.locator(".edition-note.is-open")).to_have_count(0)
    assert lost == []


@pytest.mark.parametrize("width", [390, 900, 1440])
def test_closing_returns_focus_to_the_marker_and_tapping_the_marker_again_closes(open_page, width):
    page = open_page(width=width)
    marker = page.locator(".edition-article .edition-marker").nth(2)
    note = page.locator(f"#note-{marker.get_attribute('id').removeprefix('ref-')}")
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(marker).to_be_focused()
    marker.click()
    expect(note).to_have_class(OPEN)
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "false")


def test_a_long_note_on_a_phone_can_be_closed_from_anywhere_in_it(open_page):
    page = open_page(width=390, height=700)
    heights = {}
    for note_id in NOTE_IDS:  # the tallest note, opened
        page.locator(f"#ref-{note_id}").click()
        heights[note_id] = page.locator(f"#note-{note_id}").bounding_box()["height"]
        page.keyboard.press("Escape")
    tallest = max(heights, key=heights.get)
    assert heights[tallest] > 700, "no note is taller than the screen: nothing to test"
    page.locator(f"#ref-{tallest}").click()
    note = page.locator(f"#note-{tallest}")
    page.mouse.wheel(0, heights[tallest] - 300)  # read on, to near the note's end
    page.wait_for_timeout(200)
    close = note.locator(".edition-note__toggle")
    assert close.evaluate(ON_SCREEN), "the close control scrolled away"
    shot(page, "long-note-390")
    close.click()
    expect(note).not_to_have_class(OPEN)
    expect(page.locator(f"#ref-{tallest}")).to_be_focused()


@pytest.mark.parametrize("width", [390, 1440])
def test_tab_goes_through_the_open_note_then_on_in_the_text(open_page, width):
    page = open_page(width=width)
    first, following = notes_in_reading_order(page)[4:6]
    marker = page.locator(f"#ref-{first}")
    marker.focus()
    page.keyboard.press("Enter")
    inside = page.locator(f"#note-{first}").evaluate(
        "note => [...note.querySelectorAll('a[href], button')].filter(e => e.tabIndex >= 0 && e.getClientRects().length).length")
    assert inside >= 2  # its heading toggle, its source links, its link and copy button
    visited = []
    for _ in range(inside):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("() => document.activeElement.closest('.edition-note')?.dataset.annotationId || null"))
    assert visited == [first] * inside, visited
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == f"ref-{following}"


def notes_in_reading_order(page) -> list[str]:
    return page.eval_on_selector_all(".edition-article .edition-marker", "els => els.map(e => e.id.slice(4))")


def test_900_px_uses_the_space_beside_the_text(open_page):
    page = open_page(width=900)
    found = geometry(page)
    assert all(n["left"] >= found["articleRight"] for n in found["notes"])
    width = page.evaluate("() => document.querySelector('.edition-notes').getBoundingClientRect().width")
    assert width >= 280, width


def test_a_malformed_note_address_does_nothing_harmful(open_page):
    page = open_page(path=ARTICLE + "#note-%E0%A4%A", width=1440)
    page.wait_for_timeout(200)
    assert page.errors == []
    expect(page.locator(".edition-note.is-open")).to_have_count(0)


def test_a_link_to_the_note_already_in_the_address_opens_it_again(open_page):
    note_id = NOTE_IDS[3]
    page = open_page(path=ARTICLE + f"#note-{note_id}", width=1440)
    note = page.locator(f"#note-{note_id}")
    expect(note).to_have_class(OPEN)
    page.keyboard.press("Escape")
    expect(note).not_to_have_class(OPEN)
    page.locator(f'[data-panel="timeline"] a[href="#note-{note_id}"]').first.click()
    expect(note).to_have_class(OPEN)
    expect(page.locator(f"#ref-{note_id}")).to_be_in_viewport()


def test_the_page_script_adds_one_listener_set_not_one_per_note(open_page):
    page = open_page(width=1440)
    cdp = page.context.new_cdp_session(page)
    node = cdp.send("Runtime.evaluate", {"expression": "document.querySelector('.edition-note')"})["result"]["objectId"]
    listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": node})["listeners"]
    assert listeners == [], listeners
