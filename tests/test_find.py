"""Finding things in an edition, as a reader would: the site search reaches the notes, the filter shows only
what was chosen (and says so, and keeps it in the address), the verdict is readable at the claim, forced
colours keep the linking, and the printed edition is short and legible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_browser import contrast

from browser import ARTICLE, shot
from conftest import ROOT, SLUG
from edition import cli
from edition.schema import VERDICTS

pytestmark = pytest.mark.browser
NOTES = cli.load_notes(ROOT).articles[SLUG].notes
SEARCHES = {"Road Vehicle Factory": "kremenchuk-strike", "2,439": "azovstal-surrender", "Olenivka": "azovstal-prisoners-update"}
OPEN = re.compile(r"\bis-open\b")


@pytest.mark.parametrize("words, note_id", SEARCHES.items())
def test_site_search_finds_a_note_and_the_result_opens_it(open_page, words, note_id):
    page = open_page(width=1440)
    page.keyboard.press("/")  # Material's search
    page.keyboard.type(words)
    result = page.locator(f'.md-search-result__link[href*="#note-{note_id}"]')
    expect(result.first).to_be_attached()
    if not result.first.is_visible():  # Material folds a page's further hits under "N more on this page"
        page.locator(".md-search-result__item", has=result.first).locator(".md-search-result__more > summary").click()
    expect(result.first).to_be_visible()
    title = result.first.locator("h1, h2").first.inner_text()
    assert title.startswith("Note ") and " · " in title, title  # "Note 4 · Fact-check · Needs context"
    result.first.click()
    note = page.locator(f"#note-{note_id}")
    expect(note).to_have_class(OPEN)
    expect(note).to_be_in_viewport()
    expect(page.locator(f"#ref-{note_id}")).to_be_in_viewport()
    hits = note.locator("mark.edition-search-hit")
    expect(hits.first).to_be_visible()
    assert all(word.lower() in words.lower() for word in hits.all_inner_texts()), hits.all_inner_texts()
    shot(page, f"search-{note_id}")


def test_the_timeline_and_sources_pages_are_indexed_in_full(site):
    import json

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {doc["location"]: doc["text"] for doc in index}
    assert "Kredmash" in text["timeline/"] or "Amstor" in text["timeline/"]
    assert "Human Rights Watch" in text["sources/"] and "Kyiv Independent" in text["sources/"]
    notes = [doc for doc in index if "#note-" in doc["location"]]
    assert sorted(doc["location"].split("#note-")[1] for doc in notes) == sorted(NOTES)


def shown(page) -> list[str]:
    return page.eval_on_selector_all(".edition-notes .edition-note", "els => els.filter(e => e.getClientRects().length).map(e => e.dataset.annotationId)")


def markers_shown(page) -> list[str]:
    return page.eval_on_selector_all(".edition-article .edition-marker", "els => els.filter(e => e.getClientRects().length).map(e => e.id.slice(4))")


@pytest.mark.parametrize("width", [390, 1440])
def test_the_filter_shows_only_the_chosen_notes_says_how_many_and_keeps_it_in_the_address(open_page, width):
    page = open_page(width=width)
    inaccurate = sorted(key for key, n in NOTES.items() if n.note.verdict == "inaccurate")
    page.select_option('select[name="show"]', "inaccurate")
    expect(page.locator("#edition-status")).to_have_text(f"{len(inaccurate)} of {len(NOTES)} notes shown")
    assert sorted(shown(page)) == inaccurate
    assert sorted(markers_shown(page)) == inaccurate, "a marker of a hidden note could still be opened"
    assert "show=inaccurate" in page.url
    shot(page, f"filter-inaccurate-{width}")
    if width >= 880:  # re-placed beside its claim, not left under an empty margin
        offset = page.evaluate("""(id) => document.getElementById('note-' + id).getBoundingClientRect().top
            - document.querySelector(`.edition-article mark[data-annotation-id="${id}"]`).getClientRects()[0].top""", inaccurate[0])
        assert abs(offset) <= 60, offset
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator('select[name="show"]')).to_have_value("inaccurate")
    assert sorted(shown(page)) == inaccurate
    page.select_option('select[name="show"]', "update")
    updates = sorted(key for key, n in NOTES.items() if n.note.kind == "update")
    assert sorted(shown(page)) == updates
    page.select_option('select[name="show"]', "all")
    assert len(shown(page)) == len(NOTES) and "show=" not in page.url


def test_as_published_hides_every_update_and_every_later_event_and_back(open_page):
    page = open_page(width=1440)
    page.locator('[data-view="as-published"]').check()
    updates = {key for key, n in NOTES.items() if n.note.kind == "update"}
    assert not updates & set(shown(page)) and len(shown(page)) == len(NOTES) - len(updates)
    assert "view=as-published" in page.url
    later = page.locator('[data-panel="timeline"] [data-since]')
    assert later.count() and all(not box for box in later.evaluate_all("els => els.map(e => e.getClientRects().length)"))
    assert page.locator('[data-panel="timeline"] [data-publication]').first.is_visible()
    expect(page.locator("#edition-status")).to_contain_text("as first published")
    shot(page, "as-published-1440")
    page.reload()
    expect(page.locator('[data-view="as-published"]')).to_be_checked()
    page.locator('[data-view="now"]').check()
    assert len(shown(page)) == len(NOTES)


def test_a_link_to_a_hidden_note_shows_everything_and_opens_it(open_page):
    update = next(key for key, n in NOTES.items() if n.note.kind == "update")
    page = open_page(path=f"{ARTICLE}?view=as-published#note-{update}", width=1440)
    expect(page.locator(f"#note-{update}")).to_have_class(OPEN)
    expect(page.locator('[data-view="now"]')).to_be_checked()


@pytest.mark.parametrize("width", [390, 1440])
def test_every_control_shows_keyboard_focus(open_page, width):
    page = open_page(width=width)
    for selector in ('select[name="show"]', '[data-view="now"]', ".edition-article .edition-marker"):
        control = page.locator(selector).first
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached from the keyboard, so :focus-visible applies
        style = control.evaluate("el => { const s = getComputedStyle(el); return [el.matches(':focus-visible'), s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        assert style[0] and style[1] != "none" and style[2] >= 2, (selector, style)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_verdict_is_readable_at_the_claim_in_more_than_colour(open_page, scheme):
    page = open_page(width=1440, scheme=scheme)
    for note_id, note_file in NOTES.items():
        marker = page.locator(f"#ref-{note_id}")
        label = marker.get_attribute("aria-label")
        shown_text = marker.evaluate("el => getComputedStyle(el, '::after').content")
        if note_file.note.verdict:
            term = VERDICTS[note_file.note.verdict]
            assert label.endswith(f"fact-check, {term.spoken}"), label
            assert term.symbol in shown_text, (note_id, shown_text)
        colours = marker.evaluate("el => { const s = getComputedStyle(el); return [s.color, s.backgroundColor]; }")
        assert contrast(*colours) >= 4.5, (note_id, colours)
    assert page.locator('.edition-article .edition-marker[aria-label$="wording note"]').count() == sum(n.note.kind == "note" for n in NOTES.values())


def test_forced_colours_keep_the_linking_the_ring_and_the_labels(chromium, server):
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, forced_colors="active")
    page = context.new_page()
    page.goto(server.url + ARTICLE)
    page.wait_for_load_state("load")
    note_id = next(iter(sorted(NOTES)))
    page.locator(f'.edition-article mark[data-annotation-id="{note_id}"]').first.hover()
    for selector in (f'.edition-article mark[data-annotation-id="{note_id}"]', f"#note-{note_id}"):
        outline = page.locator(selector).first.evaluate("el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]")
        assert outline[0] != "none" and outline[1] != "0px", (selector, outline)
    for selector in (".edition-note .edition-verdict", ".edition-note .edition-kind", ".edition-article .edition-marker"):
        border = page.locator(selector).first.evaluate("el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).borderTopWidth]")
        assert border[0] != "none" and border[1] != "0px", (selector, border)
    page.screenshot(path=str(ROOT / "test-artifacts" / "forced-colours-1440.png"))
    context.close()


def test_the_printed_edition_is_at_most_20_pages_with_legible_markers_and_no_controls(open_page, tmp_path):
    page = open_page(width=1000)
    pdf = page.pdf(format="A4", print_background=True)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "article.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 3 <= pages <= 20, pages
    page.emulate_media(media="print")
    for selector in (".edition-controls", ".edition-jump", ".md-header", '[data-panel="sources"]'):
        expect(page.locator(selector).first).to_be_hidden()
    assert page.locator(".edition-note__copy:visible, .edition-note__permalink:visible").count() == 0
    # The note's heading is its toggle on screen; on paper it is just the heading, with no close sign.
    assert page.eval_on_selector_all(".edition-note__toggle", "els => els.filter(e => getComputedStyle(e, '::after').content !== 'none').length") == 0
    colours = page.eval_on_selector_all(".edition-article .edition-marker",
                                        "els => els.map(e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : s.backgroundColor]; })")
    assert min(contrast(*pair) for pair in colours) >= 4.5
    # Every note is there in full, with its sources as short references.
    assert page.locator(".edition-note .edition-note__text:visible").count() == len(NOTES)
    stranded = page.evaluate("""() => [...document.querySelectorAll('.edition-notes__title, .edition-panel h2')]
        .filter(h => getComputedStyle(h).breakAfter !== 'avoid').map(h => h.textContent)""")
    assert stranded == []
