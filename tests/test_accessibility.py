"""axe-core finds nothing on any page, at phone and wide widths, light and dark, in every state a reader
reaches; highlights keep their contrast; the keyboard alone reaches and operates every note."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import ARTICLE, ROOT

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules/axe-core/axe.min.js"
PAGES = ["", ARTICLE, "timeline/", "sources/", "policy/", "about/"]


def axe_problems(page, exclude: tuple[str, ...] = ()) -> list[str]:
    """Violations of every axe rule — best-practice and experimental included; only the AAA-level
    "enhanced" contrast (7:1) is left out, the AA level (4.5:1) applies — and any contrast axe could not
    decide on a highlight or a marker: those must be decided, not waved through."""
    assert AXE.exists(), "node_modules/axe-core is missing: run scripts/setup --test"
    page.add_script_tag(path=str(AXE))
    # What the browser skips while off screen (content-visibility: auto: the panels under the article; on a
    # phone its paragraphs and folded notes too) is not drawn, and axe decides contrast from what is drawn:
    # each part is checked as a reader sees it, scrolled to (with the other parts then wholly on screen), and
    # the rest of the page without them, from its top (nothing sits under the fixed header there).
    regions = page.evaluate("""(exclude) => [...document.querySelectorAll('body *')]
        .filter((e) => getComputedStyle(e).contentVisibility === 'auto' && !exclude.some((s) => e.closest(s)))
        .map((e, i) => (e.dataset.axeRegion = i, i))""", list(exclude))
    problems, unchecked = [], list(regions)
    while unchecked:
        page.evaluate(f"document.querySelector('[data-axe-region=\"{unchecked[0]}\"]').scrollIntoView({{block: 'center'}})")
        _settle(page)
        drawn = page.evaluate(ON_SCREEN, unchecked) or unchecked[:1]  # or hidden altogether: checked as it is
        problems += _axe(page, [f'[data-axe-region="{region}"]' for region in drawn], exclude)
        unchecked = [region for region in unchecked if region not in drawn]
    page.evaluate("window.scrollTo(0, 0)")
    _settle(page)
    return _axe(page, ["html"], (*exclude, *(f'[data-axe-region="{region}"]' for region in regions))) + problems


# The parts drawn and wholly in view, below the fixed header: axe cannot see colours under it or off screen.
ON_SCREEN = """(ids) => {
  const top = document.querySelector('.md-header')?.getBoundingClientRect().bottom ?? 0;
  return ids.filter((i) => {
    const part = document.querySelector(`[data-axe-region='${i}']`);
    const box = part.getBoundingClientRect();
    return part.checkVisibility({contentVisibilityAuto: true}) && box.top >= top && box.bottom <= innerHeight;
  });
}"""


def _settle(page) -> None:
    """After a scroll: drawn, and every transition it started ended. Material's header swaps the site's name for
    the page's title with a fade; axe measured a colour half-way through it (4:1) on one CI run."""
    page.evaluate("""async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const ending = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
        await Promise.all(ending.map((a) => a.finished.catch(() => null)));
    }""")


def _axe(page, include: list[str], exclude: tuple[str, ...]) -> list[str]:
    return page.evaluate(
        "async ([include, exclude]) => { const rules = axe.getRules().map(r => r.ruleId).filter(id => id !== 'color-contrast-enhanced');"
        " const r = await axe.run({include: include.map(s => [s]), exclude: exclude.map(s => [s])},"
        " {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations', 'incomplete']});"
        " const show = (kind) => (v) => v.nodes.map(n => `${kind} ${v.id}: ${n.target.join(' ')} ${(n.any[0] || {}).message || ''}`);"
        " return [...r.violations.flatMap(show('violation')),"
        " ...r.incomplete.filter(v => v.id.startsWith('color-contrast')).flatMap(show('undecided'))"
        " .filter(line => /^undecided [^ ]+: [^ ]*(mark|edition-marker)/.test(line))]; }",
        [list(include), list(exclude)],
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations_on_any_page(open_page, path, width, scheme):
    page = open_page(path=path, width=width, scheme=scheme)
    assert axe_problems(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_no_axe_violations_with_a_note_open(open_page, width, scheme):
    page = open_page(width=width, scheme=scheme)
    page.locator(".edition-article .edition-marker").nth(3).click()
    expect(page.locator(".edition-note.is-open")).to_have_count(1)
    assert axe_problems(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_no_axe_violations_with_search_open(open_page, width, scheme):
    page = open_page(width=width, scheme=scheme)
    page.keyboard.press("/")  # Material's shortcut opens search
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("Mariupol")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    # On a phone the search dialog covers the whole page: the text beneath is not shown, so not judged.
    assert axe_problems(page, exclude=(".md-main",) if width < 960 else ()) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_the_navigation_drawer_open(open_page, scheme):
    page = open_page(width=390, scheme=scheme)
    page.locator('label.md-header__button[for="__drawer"]').click()
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    assert axe_problems(page) == []


CONTRAST = """([selector, edge]) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  const page = getComputedStyle(document.body).backgroundColor;
  const line = style.textDecorationColor;
  const behind = style.backgroundColor === 'rgba(0, 0, 0, 0)' ? page : style.backgroundColor;
  return {text: ratio(style.color, behind), edge: ratio(line, page)};
}"""


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlights_keep_their_contrast(open_page, scheme, javascript):
    page = open_page(width=1440, scheme=scheme, javascript=javascript)
    measured = page.evaluate(CONTRAST, [".edition-article mark.edition-mark", None])
    assert measured["text"] >= 4.5, measured
    assert measured["edge"] >= 3, measured


def test_dark_follows_the_system_without_javascript(open_page):
    page = open_page(width=1440, scheme="dark", javascript=False)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(30, 33, 41)"


def test_keyboard_alone_reaches_a_marker_and_opens_its_note(open_page):
    page = open_page(width=390)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('edition-marker')"):
            break
    else:
        pytest.fail("no marker reached with Tab")
    note_id = page.evaluate("() => document.activeElement.id.replace('ref-', '')")
    page.keyboard.press("Enter")
    expect(page.locator(f"#ref-{note_id}")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")  # into the note just opened
    assert page.evaluate("() => document.activeElement.closest('.edition-note')?.dataset.annotationId") == note_id
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.id") == f"ref-{note_id}"
