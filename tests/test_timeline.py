"""The timeline drawn to scale and the scorecard's chart: the axis itself (time_scale), and what a reader sees
of the drawing in Chromium at phone and wide widths, without JavaScript, in the accessibility tree and in print."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from browser import ARTICLE, shot
from conftest import ROOT, SLUG
from edition import cli
from edition.schema import VERDICTS, sort_key
from edition.views import MIN_BREAK, day_of, time_scale

NOTES = cli.load_notes(ROOT).articles[SLUG].notes
PUBLISHED = "2022-06-30"
PAGES = [ARTICLE, "timeline/"]

# ---------------------------------------------------------------- the axis, without a browser


def days(*dates: str) -> list[tuple[dt.date, dt.date]]:
    """Dates as the spans time_scale takes: each day from itself to itself."""
    return [(day_of(date), day_of(date)) for date in dates]


def test_partial_dates_are_placed_at_their_first_day_and_end_at_their_last():
    assert day_of("2022-06-27") == dt.date(2022, 6, 27)
    assert (day_of("2022-06"), day_of("2022-06", last=True)) == (dt.date(2022, 6, 1), dt.date(2022, 6, 30))
    assert (day_of("2014"), day_of("2014", last=True)) == (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert day_of("2024-12", last=True) == dt.date(2024, 12, 31)
    assert day_of("2024-02", last=True) == dt.date(2024, 2, 29)


def test_the_axis_runs_from_0_to_100_in_date_order():
    scale = time_scale(days("2000-01-27", "2008-08-01", "2022-06-27", "2022-06-30", "2026-06-03"))
    xs = [scale.x(day) for day, _ in days("2000-01-27", "2008-08-01", "2022-06-27", "2022-06-30", "2026-06-03")]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert 0 < xs[0] and xs[-1] < 100
    assert scale.stretches[0].x0 == 0 and scale.stretches[-1].x1 == pytest.approx(100)


def test_only_long_empty_stretches_are_cut_out_and_every_stretch_has_the_same_scale():
    short = MIN_BREAK - dt.timedelta(days=1)
    start = dt.date(2010, 1, 1)
    later = start + short + MIN_BREAK + dt.timedelta(days=1)
    scale = time_scale([(start, start), (start + short, start + short), (later, later)])
    assert len(scale.stretches) == 2 and len(scale.breaks) == 1
    first, second = scale.stretches
    assert first.x1 < scale.breaks[0].x < second.x0
    slopes = [s.width / (s.last - s.first).days for s in scale.stretches]
    assert slopes[0] == pytest.approx(slopes[1])


def test_a_range_that_spans_a_long_stretch_keeps_it_on_the_axis():
    operation = (day_of("2014-04"), day_of("2018-04-30"))  # nothing else happens in those four years
    scale = time_scale([*days("2014-04", "2019-06-01"), operation])
    assert len(scale.stretches) == 1
    assert len(time_scale(days("2014-04", "2019-06-01")).stretches) == 2


def test_a_day_is_placed_in_proportion_within_its_stretch():
    scale = time_scale(days("2022-02-24", "2022-06-30"))
    a, b, c = (scale.x(day) for day, _ in days("2022-02-24", "2022-04-28", "2022-06-30"))
    assert (b - a) / (c - a) == pytest.approx(63 / 126)


def test_year_labels_are_kept_apart_and_the_publication_year_is_labelled_first():
    every_half_year = [f"{year}-{month:02}-01" for year in range(2014, 2027) for month in (1, 7)]
    scale = time_scale(days("2000-01-27", "2008-08-01", "2009-09-01", "2010-11-20", *every_half_year))
    marks = scale.years(prefer={2022})
    assert [m.year for m in marks if m.tick] == [2000, 2009, 2010, 2011, *range(2014, 2027)]
    assert [m.year for m in marks if not m.tick] == [2008]  # its stretch opens after 1 January
    for level in (0, 1):
        shown = sorted(m.x for m in marks if m.level is not None and m.level <= level)
        assert all(b - a >= (11.0, 7.0)[level] for a, b in zip(shown, shown[1:]))
    assert next(m for m in marks if m.year == 2022).level == 0


# ---------------------------------------------------------------- the drawing, in Chromium

GEOMETRY = """(panel) => {
  const centre = (el) => { const r = el.getBoundingClientRect(); return r.left + r.width / 2; };
  const days = [...panel.querySelectorAll('.edition-timeline__day')].map((day) => ({
    dates: [...day.querySelectorAll('[data-event-date]'), ...(day.matches('[data-event-date]') ? [day] : [])]
      .map((e) => e.dataset.eventDate),
    x: centre(day.querySelector('.edition-timeline__dot')),
    top: day.getBoundingClientRect().top,
  }));
  const publications = [...panel.querySelectorAll('[data-publication]')].map((p) => ({
    date: p.dataset.eventDate, top: p.getBoundingClientRect().top,
  }));
  const lines = [...panel.querySelectorAll('.edition-timeline__grid .edition-timeline__published')].map(centre);
  const stretches = [...panel.querySelectorAll('.edition-timeline__grid .edition-timeline__stretch')]
    .map((r) => { const b = r.getBoundingClientRect(); return [b.left, b.right]; });
  const band = panel.querySelector('.edition-timeline__grid .edition-timeline__band').getBoundingClientRect();
  const axis = panel.querySelector('.edition-timeline__grid').getBoundingClientRect();
  return {days, publications, lines, stretches, band: [band.left, band.right], axis: [axis.left, axis.right]};
}"""


def ordinal(date: str) -> int:
    return day_of(date).toordinal()


@pytest.fixture(params=[390, 1440], ids=lambda width: f"{width}px")
def drawing(request, open_page):
    page = open_page(width=request.param)
    return page.locator('[data-panel="timeline"]').evaluate(GEOMETRY)


@pytest.mark.browser
def test_event_positions_increase_with_their_dates_and_are_proportional_within_each_stretch(drawing):
    placed = [(ordinal(day["dates"][0]), day["x"]) for day in drawing["days"]]
    assert [x for _, x in placed] == sorted(x for _, x in placed)
    runs: dict[int, list[tuple[int, float]]] = {}
    for day, x in placed:  # which stretch of the drawing each mark sits in
        (index,) = [i for i, (left, right) in enumerate(drawing["stretches"]) if left <= x <= right]
        runs.setdefault(index, []).append((day, x))
    slopes = []
    for run in runs.values():
        (first, x0), (last, x1) = run[0], run[-1]
        if last == first:
            continue
        slope = (x1 - x0) / (last - first)
        slopes.append(slope)
        for day, x in run:
            assert x == pytest.approx(x0 + slope * (day - first), abs=0.6)
    assert len(runs) == len(drawing["stretches"]) > 1
    assert max(slopes) == pytest.approx(min(slopes), rel=0.02)  # one scale for every stretch


@pytest.mark.browser
def test_breaks_are_where_the_long_empty_stretches_are(drawing):
    placed = [(day_of(day["dates"][0]), day["x"]) for day in drawing["days"]]
    stretch_of = [next(i for i, (left, right) in enumerate(drawing["stretches"]) if left <= x <= right) for _, x in placed]
    # Years without an event are cut out (2000-2008, 2011-2013 here); months without one are not. Between
    # the two it is the code's choice (MIN_BREAK), which this test does not take from the code.
    long, short = dt.timedelta(days=3 * 365), dt.timedelta(days=365)
    for (a, _), (b, _), sa, sb in zip(placed, placed[1:], stretch_of, stretch_of[1:]):
        if b - a > long:
            assert sb == sa + 1, (a, b)
        elif b - a < short:
            assert sb == sa, (a, b)
    assert len(drawing["stretches"]) >= 3


@pytest.mark.browser
def test_the_publication_line_sits_between_the_last_event_before_and_the_first_after(drawing):
    (line,) = drawing["lines"]
    (publication,) = drawing["publications"]
    before = [d for d in drawing["days"] if sort_key(d["dates"][0]) < sort_key(PUBLISHED)]
    after = [d for d in drawing["days"] if sort_key(d["dates"][0]) > sort_key(PUBLISHED)]
    assert before[-1]["x"] < line < after[0]["x"]
    assert before[-1]["top"] < publication["top"] < after[0]["top"]  # and the list's row between theirs
    assert drawing["band"][0] == pytest.approx(line, abs=0.5)  # the band starts at the line
    assert drawing["band"][1] == pytest.approx(drawing["axis"][1], abs=0.5)  # and runs to the axis's end
    assert all(drawing["band"][0] <= d["x"] for d in after)
    assert all(d["x"] <= drawing["band"][0] for d in before)


# What a reader would see past the right edge: each element's box, cut by the boxes that clip it inside the
# drawing or chart (a gist cut short with an ellipsis is not past the edge; the page's own clipping is not
# counted, or nothing could ever be found).
PAST_THE_RIGHT_EDGE = """(roots) => [...document.querySelectorAll(roots)].flatMap((root) =>
  [...root.querySelectorAll('*')].filter((e) => {
    let right = e.getBoundingClientRect().right;
    for (let a = e.parentElement; a && a !== root.parentElement; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right);
    return right > innerWidth + 0.5;
  }).map((e) => `${e.tagName}.${e.getAttribute('class')}`))"""


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_past_the_right_edge_at_390px(open_page, path):
    page = open_page(path=path, width=390)
    past = page.evaluate(PAST_THE_RIGHT_EDGE, "[data-panel=timeline], [data-chart]")
    assert past == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
def test_the_list_is_intact_without_javascript(open_page):
    page = open_page(width=390, javascript=False)
    panel = page.locator('[data-panel="timeline"]')
    events = panel.locator("[data-event-date]:not([data-publication])")
    told = {(e.first, e.label) for n in NOTES.values() for e in n.note.events}
    expect(events).to_have_count(len(told))
    expect(panel.locator("[data-publication]")).to_have_count(1)
    expect(panel.locator(".edition-timeline__dot").first).to_be_visible()  # the drawing needs no script
    for index in (0, len(told) // 2, len(told) - 1):
        expect(events.nth(index).locator("a").first).to_be_visible()


@pytest.mark.browser
def test_screen_readers_get_the_list_and_not_the_drawing(open_page):
    page = open_page(width=1440)
    snapshot = page.locator('[data-panel="timeline"] .edition-timeline').aria_snapshot()
    lines = snapshot.splitlines()
    days = len({e.first for n in NOTES.values() for e in n.note.events})
    assert lines[0] == "- list:" and sum(line.startswith("  - listitem") for line in lines) == days + 1
    # The drawing is hidden: no graphic, no axis labels, no legend; what a screen reader gets is the list.
    assert not re.search(r"^\s*- (img|graphics|text: (\d{4} ?)+$)", snapshot, re.M)
    assert "To scale" not in snapshot
    citations = {(e.first, e.label, n.id) for n in NOTES.values() for e in n.note.events}
    assert snapshot.count('link "Note ') == len(citations)
    for note in list(NOTES.values())[:10]:
        if note.note.events:
            assert f": {note.note.gist[:40]}" in snapshot, note.id
    assert "Since publication" in snapshot and "published by Geopolitical Monitor" in snapshot


@pytest.mark.browser
def test_print_shows_the_list_without_the_drawing(open_page):
    page = open_page(width=1000)
    page.emulate_media(media="print")
    panel = page.locator('[data-panel="timeline"]')
    expect(panel.locator(".edition-timeline__axis")).to_be_hidden()
    expect(panel.locator("svg:visible")).to_have_count(0)
    expect(panel.locator(".edition-timeline__gist").first).to_be_hidden()  # "Note 12" is enough on paper
    expect(panel.locator("[data-event-date]").first).to_be_visible()
    expect(panel.locator(".edition-timeline__note").first).to_be_visible()


@pytest.mark.browser
def test_forced_colours_keep_the_lines_and_labels(chromium, server):
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, forced_colors="active")
    page = context.new_page()
    page.goto(server.url + ARTICLE)
    canvas_text = page.evaluate("getComputedStyle(document.body).color")
    for selector, prop in ((".edition-timeline__baseline", "stroke"), (".edition-timeline__tick", "stroke"),
                           (".edition-timeline__year", "fill"), (".edition-timeline__dot", "fill"),
                           (".edition-chart__fill", "fill")):
        assert page.locator(selector).first.evaluate(f"(e) => getComputedStyle(e).{prop}") == canvas_text, selector
    published = page.locator(".edition-timeline__published").first.evaluate("(e) => getComputedStyle(e).stroke")
    assert published not in (canvas_text, "none", "rgba(0, 0, 0, 0)")  # the highlight colour
    page.locator('[data-panel="timeline"] [data-publication]').evaluate("(e) => e.scrollIntoView({block: 'center'})")
    shot(page, "timeline-forced-colours-1440")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_screenshots_of_the_timeline_and_the_chart(open_page, width, scheme):
    page = open_page(width=width, scheme=scheme)
    page.locator(".edition-scorecard").scroll_into_view_if_needed()
    shot(page, f"scorecard-{width}-{scheme}")
    page.locator('.edition-jump a[href="#edition-timeline"]').click()
    shot(page, f"timeline-{width}-{scheme}")
    page.locator('[data-panel="timeline"] [data-publication]').evaluate("(e) => e.scrollIntoView({block: 'center'})")
    shot(page, f"timeline-publication-{width}-{scheme}")
    assert page.errors == []


# ---------------------------------------------------------------- the scorecard's chart


@pytest.mark.browser
def test_the_chart_shows_each_verdicts_count_in_words_numbers_and_bar_length(open_page):
    page = open_page(width=390)
    bars = page.locator('[data-chart="verdicts"] [data-verdict]')
    expect(bars).to_have_count(len(VERDICTS))
    counts = {key: sum(n.note.verdict == key for n in NOTES.values()) for key in VERDICTS}
    widths = {}
    for index, (key, term) in enumerate(VERDICTS.items()):
        bar = bars.nth(index)
        assert (bar.get_attribute("data-verdict"), bar.get_attribute("data-count")) == (key, str(counts[key]))
        expect(bar).to_contain_text(term.label)
        expect(bar.locator(".edition-chart__count")).to_have_text(str(counts[key]))
        widths[key] = bar.locator(".edition-chart__fill").bounding_box()["width"] if counts[key] else 0
        assert bar.locator("a").get_attribute("href") == f"?show={key}#edition-notes"
    track = bars.first.locator(".edition-chart__track").bounding_box()["width"]
    for key in VERDICTS:
        assert widths[key] == pytest.approx(track * counts[key] / max(counts.values()), abs=1)
