"""View models: what the templates show, computed once per build from the loaded edition.

Numbers are display only (reading order of each note's quote); ids and exports never use them.
The timeline is drawn to scale here too: `time_scale` is the axis (positions in percent of its width, which
the templates print into SVG geometry attributes: the page's style policy allows no style attributes).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from . import anchor
from .load import Article, Edition
from .schema import KINDS, VERDICTS, Event, Note, Source, Term, sort_key

REVIEW_AFTER_DAYS = 180  # a note last reviewed longer ago than this is due for review (docs/policy.md)


def days_since_review(note: Note, today: dt.date) -> int:
    return (today - dt.date.fromisoformat(note.reviewed)).days


def due_for_review(note: Note, today: dt.date) -> bool:
    """Reviewed more than REVIEW_AFTER_DAYS days before today: a warning for editors, never a failure."""
    return days_since_review(note, today) > REVIEW_AFTER_DAYS


@dataclass(frozen=True)
class NoteView:
    id: str
    number: int
    note: Note
    body: Markup
    exact: str  # the page's own characters, for exports
    prefix: str
    suffix: str
    published: str  # the article's earliest publication date: what "later" means for this note

    @property
    def later_sources(self) -> list[Source]:
        """The sources published after the article (a partial date counts from its first day): what the
        article's first readers could not have read."""
        return [
            source for source in self.note.sources
            if source.published != "undated" and sort_key(source.published) > sort_key(self.published)
        ]

    @property
    def kind(self) -> Term:
        return KINDS[self.note.kind]

    @property
    def verdict(self) -> Term | None:
        return VERDICTS[self.note.verdict] if self.note.verdict else None

    @property
    def symbol(self) -> str:
        """What the marker shows beside the number: the verdict's sign, or the kind's."""
        return self.verdict.symbol if self.verdict else self.kind.symbol

    @property
    def accessible_name(self) -> str:
        """What a screen reader says for the marker: "Note 3: fact-check, needs context"."""
        return f"Note {self.number}: {self.kind.spoken}" + (f", {self.verdict.spoken}" if self.verdict else "")

    @property
    def heading(self) -> str:
        """The note's heading (and its search result's title): "Note 3 · Fact-check · Needs context"."""
        return " · ".join(filter(None, (f"Note {self.number}", self.kind.label, self.verdict and self.verdict.label)))


@dataclass(frozen=True)
class Tally:
    """How many notes have one kind or verdict; `share` is the bar's length, of the largest count's."""

    key: str
    term: Term
    count: int
    share: float  # 0 to 100


def tallies(terms: dict[str, Term], counts: Counter) -> list[Tally]:
    largest = max(counts.values(), default=0) or 1
    return [Tally(key, term, counts[key], 100 * counts[key] / largest) for key, term in terms.items()]


@dataclass
class ArticleView:
    article: Article
    notes: list[NoteView]
    today: dt.date = field(default_factory=dt.date.today)  # the build's date, for what is due for review

    review_after_days = REVIEW_AFTER_DAYS

    @property
    def due(self) -> list[NoteView]:
        """The notes due for review, the longest unreviewed first."""
        due = [v for v in self.notes if due_for_review(v.note, self.today)]
        return sorted(due, key=lambda v: (v.note.reviewed, v.number))

    @property
    def scorecard(self) -> dict:
        checks = [v for v in self.notes if v.note.kind == "fact-check"]
        return {
            "checked": len(checks),
            "verdicts": tallies(VERDICTS, Counter(v.note.verdict for v in checks)),
            "kinds": tallies(KINDS, Counter(v.note.kind for v in self.notes)),
            "notes": len(self.notes),
            "reviewed": max((v.note.reviewed for v in self.notes), default=None),
        }


def annotate(article: Article, today: dt.date | None = None) -> ArticleView:
    """The article's notes numbered in reading order, with the page's own characters around each quote."""
    placed = article.placed
    published = article.header.original.published.earliest
    order = sorted(placed, key=lambda key: (placed[key].start, -placed[key].end, key))
    views = []
    for number, key in enumerate(order, start=1):
        start, end = placed[key]
        prefix, suffix = anchor.context_around(article.text, start, end)
        note_file = article.notes[key]
        views.append(NoteView(
            key, number, note_file.note, note_file.body, article.text[start:end], prefix, suffix, published,
        ))
    return ArticleView(article, views, today or dt.date.today())


def annotate_all(edition: Edition) -> dict[str, ArticleView]:
    return {slug: annotate(article) for slug, article in edition.articles.items()}


# ---------------------------------------------------------------- the timeline, drawn to scale

# The axis in named numbers. An empty stretch of time longer than MIN_BREAK is cut out and drawn as a break
# BREAK_WIDTH wide (percent of the axis), so that 2000, 2008 and June 2022 all get room; every unbroken
# stretch is drawn at the one scale, with PAD of room before its first day and after its last.
MIN_BREAK = dt.timedelta(days=548)  # a year and a half
PAD = dt.timedelta(days=60)  # less than half of MIN_BREAK: padded stretches never overlap
BREAK_WIDTH = 4.0
# Year labels are kept at least this far apart (percent of the axis) at each level: level 0 is shown at every
# width, level 1 where the axis is wide (timeline.css); a year that fits neither gets its tick, no label.
LABEL_SPACING = (11.0, 7.0)
LABEL_EDGE = 4.0  # a label this close to an end of the axis hangs inward from its mark, not centred on it


def day_of(date: str, last: bool = False) -> dt.date:
    """A partial date as a day: its first ('2022-06' -> 1 June 2022) or, with `last`, its last day."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if not last:
        return dt.date(parts[0], parts[1] if len(parts) == 2 else 1, 1)
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    year, month = parts
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Stretch:
    """An unbroken stretch of the axis: the days from `first` to `last` (the dated days with room either side),
    drawn from x0 to x1 (percent); `opens` is its first dated day."""

    first: dt.date
    last: dt.date
    x0: float
    x1: float
    opens: dt.date

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def x(self, day: dt.date) -> float:
        return self.x0 + self.width * (day - self.first).days / ((self.last - self.first).days or 1)


@dataclass(frozen=True)
class Break:
    """Where an empty stretch of time was cut out of the axis: the gap from x0 to x1."""

    x0: float
    x1: float

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class YearMark:
    """A year on the axis: a tick at its 1 January, or (`tick` False) where a stretch opens later in it."""

    year: int
    x: float
    tick: bool
    level: int | None = None  # the widths that show its label (LABEL_SPACING); None: no label

    @property
    def anchor(self) -> str:
        """How the label hangs from the mark (SVG text-anchor): inward near the ends of the axis, and from
        the start of a stretch that opens in the year."""
        if not self.tick or self.x < LABEL_EDGE:
            return "start"
        return "end" if self.x > 100 - LABEL_EDGE else "middle"


@dataclass(frozen=True)
class TimeScale:
    """A piecewise-linear time axis from 0 to 100: unbroken stretches at one scale, breaks between them."""

    stretches: tuple[Stretch, ...]

    def x(self, day: dt.date) -> float:
        """Where a day sits on the axis (a day inside a break, at the start of the next stretch)."""
        for stretch in self.stretches:
            if day <= stretch.last:
                return stretch.x(max(day, stretch.first))
        return self.stretches[-1].x1

    @property
    def breaks(self) -> list[Break]:
        return [Break(before.x1, after.x0) for before, after in itertools.pairwise(self.stretches)]

    def years(self, prefer: Iterable[int] = (), spacing: tuple[float, ...] = LABEL_SPACING) -> list[YearMark]:
        """Every 1 January on the axis, and the year each stretch opens in; labelled where a label has room:
        the years to `prefer` (the publications') first, then the year each stretch opens in, then even
        years, then the rest."""
        prefer, marks, opening = set(prefer), [], set()
        for stretch in self.stretches:
            januaries = range(stretch.first.year + (stretch.first > dt.date(stretch.first.year, 1, 1)), stretch.last.year + 1)
            if stretch.opens.year not in januaries:
                marks.append(YearMark(stretch.opens.year, stretch.x(stretch.opens), tick=False))
            marks += [YearMark(year, stretch.x(dt.date(year, 1, 1)), tick=True) for year in januaries]
            opening.add(len(marks) - len(januaries) - (stretch.opens.year not in januaries))
        levels: dict[int, int] = {}  # by index in marks
        for level, room in enumerate(spacing):
            for index in sorted(range(len(marks)), key=lambda i: (marks[i].year not in prefer, i not in opening, marks[i].year % 2, i)):
                if index not in levels and all(abs(marks[index].x - marks[other].x) >= room for other in levels):
                    levels[index] = level
        return [YearMark(m.year, m.x, m.tick, levels.get(index)) for index, m in enumerate(marks)]


def time_scale(spans: Iterable[tuple[dt.date, dt.date]], min_break: dt.timedelta = MIN_BREAK,
               pad: dt.timedelta = PAD, break_width: float = BREAK_WIDTH) -> TimeScale:
    """The axis for these spans of time (a day is a span from itself to itself): where no span covers more
    than `min_break`, that empty stretch is cut out; the rest become stretches (padded), which share the
    axis in proportion to their length."""
    runs: list[list[dt.date]] = []
    for first, last in sorted(spans):
        if runs and first - runs[-1][1] <= min_break:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    total = sum((last - first + 2 * pad).days for first, last in runs)
    room = 100 - break_width * (len(runs) - 1)
    stretches, x = [], 0.0
    for first, last in runs:
        width = room * (last - first + 2 * pad).days / total
        stretches.append(Stretch(first - pad, last + pad, x, x + width, opens=first))
        x += width + break_width
    return TimeScale(tuple(stretches))


@dataclass
class TimelineEvent:
    """One event as the timeline shows it: once, with every note that tells of it (editors word an event
    that several notes mention identically: the same date and label is the same event)."""

    event: Event
    citations: list[tuple[ArticleView, NoteView]]
    since: bool  # after the publication of the article of every note that tells of it
    x: float  # its date on the axis
    x_end: float | None  # the end of its range, or of the month or year of a partial date; None for a day

    @property
    def date(self) -> str:
        return self.event.first


@dataclass
class TimelineDay:
    """The events of one date: one row of the timeline, one mark on the axis."""

    kind = "day"
    date: str
    x: float
    events: list[TimelineEvent]

    @property
    def since(self) -> bool:
        return any(event.since for event in self.events)


@dataclass
class TimelinePublication:
    """An article's publication (its earliest date): a line across the axis, and the start of its band."""

    kind = "publication"
    page: ArticleView
    date: str
    x: float

    @property
    def band(self) -> float:
        """The width of the "since publication" band, from the line to the end of the axis."""
        return 100 - self.x


@dataclass
class Timeline:
    entries: list[TimelineDay | TimelinePublication]  # in date order; a publication after its day's events
    scale: TimeScale

    @property
    def publications(self) -> list[TimelinePublication]:
        return [entry for entry in self.entries if entry.kind == "publication"]

    @property
    def events(self) -> list[TimelineEvent]:
        return [event for entry in self.entries if entry.kind == "day" for event in entry.events]

    @property
    def years(self) -> list[YearMark]:
        return self.scale.years(prefer={day_of(publication.date).year for publication in self.publications})


def timeline(pages: list[ArticleView]) -> Timeline:
    """Every dated event of the articles' notes, each once, grouped by date and placed on one axis, with each
    article's publication."""
    merged: dict[tuple, tuple[Event, list]] = {}
    for page in pages:
        for view in page.notes:
            for event in view.note.events:
                key = (event.date, event.start, event.end, event.label)
                merged.setdefault(key, (event, []))[1].append((page, view))
    published = {id(page): page.article.header.original.published.earliest for page in pages}
    scale = time_scale(
        [(day_of(date), day_of(date)) for date in published.values()]
        + [(day_of(event.first), day_of(event.end or event.first, last=True)) for event, _ in merged.values()]
    )
    by_date: dict[str, list[TimelineEvent]] = defaultdict(list)
    for event, citations in merged.values():
        since = all(sort_key(event.first) > sort_key(published[id(page)]) for page, _ in citations)
        vague = event.end or len(event.first) < len("YYYY-MM-DD")
        x_end = scale.x(day_of(event.end or event.first, last=True)) if vague else None
        by_date[event.first].append(TimelineEvent(event, citations, since, scale.x(day_of(event.first)), x_end))
    entries: list = [TimelineDay(date, scale.x(day_of(date)), events) for date, events in by_date.items()]
    entries += [TimelinePublication(page, published[id(page)], scale.x(day_of(published[id(page)]))) for page in pages]
    entries.sort(key=lambda entry: (sort_key(entry.date), entry.kind == "publication"))
    return Timeline(entries, scale)


def sources_by_publisher(pages: list[ArticleView]) -> list[dict]:
    """Every source once (by URL), grouped by publisher, with the notes that cite it."""
    by_url: dict[str, dict] = {}
    for page in pages:
        for view in page.notes:
            for source in view.note.sources:
                entry = by_url.setdefault(source.url, {"source": source, "citations": []})
                entry["citations"].append((page, view))
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in by_url.values():
        groups[entry["source"].publisher].append(entry)
    return [
        {"publisher": name, "entries": sorted(entries, key=lambda e: (e["source"].published, e["source"].title))}
        for name, entries in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]
