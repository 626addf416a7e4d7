"""What a reader sees in Chromium at phone, tablet and wide widths, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser import ARTICLE, WIDTHS, shot
from conftest import ROOT, SLUG
from edition import cli

pytestmark = pytest.mark.browser


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length).map(e => { const r = e.getBoundingClientRect();"
        " return {id: e.dataset.annotationId || e.id, top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; })"
    )


NOTE_COUNT = len(list((ROOT / "annotations" / SLUG).glob("*.md")))
NOTES = cli.load_notes(ROOT).articles[SLUG].notes


@pytest.mark.parametrize("width", WIDTHS)
def test_article_loads_cleanly_at_every_width(open_page, width):
    page = open_page(width=width)
    shot(page, f"article-{width}")
    assert page.errors == []
    assert page.foreign == []
    assert page.failed == []
    assert page.locator(".edition-note").count() == NOTE_COUNT
    # Nothing reaches past the right edge (Material hides overflow, so check the boxes themselves).
    too_wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect();"
        " return r.width && r.right > innerWidth + 1 && getComputedStyle(e).position !== 'fixed'"
        " && !e.closest('.md-sidebar, .md-search, [hidden], .md-nav'); }).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert too_wide == []


def test_hovering_a_card_highlights_its_words_and_back(open_page):
    page = open_page(width=1440)
    card = page.locator(".edition-note").nth(2)
    note_id = card.get_attribute("data-annotation-id")
    mark = page.locator(f'.edition-article mark[data-annotation-id="{note_id}"]').first
    card.hover()
    expect(mark).to_have_class(re.compile(r"\bis-active\b"))
    mark.hover()
    expect(card).to_have_class(re.compile(r"\bis-active\b"))


@pytest.mark.parametrize("width", [390, 800])
def test_narrow_marker_opens_the_note_in_place_and_escape_returns_focus(open_page, width):
    page = open_page(width=width)
    marker = page.locator(".edition-article .edition-marker").nth(2)
    note_id = marker.get_attribute("href").removeprefix("#note-")
    note = page.locator(f"#note-{note_id}")
    assert marker.get_attribute("aria-expanded") == "false"
    marker.focus()
    page.keyboard.press("Enter")
    assert marker.get_attribute("aria-expanded") == "true"
    # In place: the note now follows the paragraph that holds the marker, in the slot written after it, and
    # on screen it starts below that paragraph.
    assert page.evaluate(f"""() => {{
      const note = document.getElementById('note-{note_id}'), marker = document.getElementById('ref-{note_id}');
      const slot = note.parentElement;
      const block = slot.previousElementSibling;
      return slot.matches('.edition-slot') && block.contains(marker)
        && note.getBoundingClientRect().top >= block.getBoundingClientRect().bottom - 1;
    }}""")
    expect(note).to_be_in_viewport()
    shot(page, f"note-open-{width}")
    page.keyboard.press("Escape")
    assert marker.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.id") == f"ref-{note_id}"
    assert page.locator(f'.edition-notes #note-{note_id}').count() == 1


@pytest.mark.parametrize("width", [390, 1440])
def test_without_javascript_every_note_is_readable_in_full(open_page, width):
    page = open_page(width=width, javascript=False)
    shot(page, f"article-nojs-{width}")
    for index in range(NOTE_COUNT):
        note = page.locator(".edition-note").nth(index)
        expect(note.locator(".edition-note__text")).to_be_visible()
        expect(note.locator(".edition-note__sources, .edition-note__meta").first).to_be_visible()


def contrast(foreground: str, background: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(float(c)) / 255 for c in rgb[rgb.index("(") + 1:].rstrip(")").split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_the_header_follows_the_system_theme_and_stays_readable(open_page, scheme):
    # axe needs scripts, so this checks the one place the no-script palette (edition.css) sets colours.
    page = open_page(width=1440, javascript=False, scheme=scheme)
    colours = page.evaluate("() => { const h = getComputedStyle(document.querySelector('.md-header'));"
                            " const t = getComputedStyle(document.querySelector('.md-header__topic'));"
                            " const b = getComputedStyle(document.body); return [t.color, h.backgroundColor, b.backgroundColor]; }")
    title, header, body = colours
    assert contrast(title, header) >= 4.5, colours
    assert (contrast("rgb(0, 0, 0)", body) > 10) == (scheme == "light"), colours


@pytest.mark.parametrize("width", [390, 1440])
def test_deep_link_opens_its_note(open_page, width):
    note_id = "azovstal-surrender" if (ROOT / "annotations" / SLUG / "azovstal-surrender.md").exists() else None
    note_id = note_id or sorted(p.stem for p in (ROOT / "annotations" / SLUG).glob("*.md"))[5]
    page = open_page(path=f"{ARTICLE}#note-{note_id}", width=width)
    note = page.locator(f"#note-{note_id}")
    expect(note.locator(".edition-note__text")).to_be_visible()
    expect(note).to_be_in_viewport()
    shot(page, f"deep-link-{width}")


def test_a_closed_card_carries_no_source_markup_until_it_is_opened(open_page):
    # With scripts, a note's full text stays one inert string until it is wanted: the page parses and
    # styles one line a note at load, not every note's sources (benchmarks/RESULTS.md).
    page = open_page(width=390)
    assert page.locator(".edition-note .edition-source").count() == 0
    note_id = page.locator(".edition-note").nth(3).get_attribute("data-annotation-id")
    note = page.locator(f"#note-{note_id}")
    page.locator(f"#ref-{note_id}").click()
    expect(note.locator(".edition-note__text")).to_be_visible()
    sources = len(NOTES[note_id].note.sources)
    assert sources and note.locator(".edition-source").count() == sources
    assert page.locator(".edition-note .edition-source").count() == sources


@pytest.mark.parametrize("scheme, other", [("light", "dark"), ("dark", "light")])
def test_theme_follows_the_system_and_the_toggle_is_remembered(open_page, scheme, other):
    names = {"light": "default", "dark": "slate"}
    page = open_page(width=1440, scheme=scheme)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", names[scheme])
    # Until the reader chooses, the page follows a change of the system setting.
    page.emulate_media(color_scheme=other)
    expect(body).to_have_attribute("data-md-color-scheme", names[other])
    page.emulate_media(color_scheme=scheme)
    expect(body).to_have_attribute("data-md-color-scheme", names[scheme])
    toggle = page.locator("[data-edition-palette] label:not([hidden])")
    expect(toggle).to_have_count(1)
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", names[other])
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", names[other])
    page.emulate_media(color_scheme=other)
    page.emulate_media(color_scheme=scheme)
    page.wait_for_timeout(200)
    expect(body).to_have_attribute("data-md-color-scheme", names[other])
    assert page.errors == []


def test_print_shows_numbered_notes_with_their_sources_and_no_navigation(open_page):
    page = open_page(width=1000)
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".edition-controls")).to_be_hidden()
    note = page.locator(".edition-note").first
    expect(note.locator(".edition-note__text")).to_be_visible()
    expect(note.locator(".edition-source__publisher").first).to_be_visible()
    expect(page.locator(".edition-note__number").first).to_have_text("1")


def test_copying_the_text_copies_no_marker_numbers(open_page):
    page = open_page(width=1440)
    copied = page.evaluate(
        "() => { const p = document.querySelectorAll('.edition-article p')[2]; const r = document.createRange();"
        " r.selectNodeContents(p); getSelection().removeAllRanges(); getSelection().addRange(r); return getSelection().toString(); }"
    )
    assert copied.startswith("This comes as two Russian missiles hit a crowded shopping center")
    assert "injuring 59." in copied or "injuring 59 ." not in copied
    assert not any(ch.isdigit() for ch in copied.replace("20", "").replace("59", ""))
