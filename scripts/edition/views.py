"""View models: what the templates show, computed once per build from the loaded edition.

Numbers are display only (reading order of each note's quote); ids and exports never use them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from . import anchor
from .load import Article, Edition
from .schema import KINDS, VERDICTS, Note, Term, sort_key

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
        counts = Counter(v.note.verdict for v in checks)
        return {
            "checked": len(checks),
            "verdicts": [(key, term, counts.get(key, 0)) for key, term in VERDICTS.items()],
            "kinds": [(key, term, sum(v.note.kind == key for v in self.notes)) for key, term in KINDS.items()],
            "notes": len(self.notes),
            "reviewed": max((v.note.reviewed for v in self.notes), default=None),
        }


def annotate(article: Article, today: dt.date | None = None) -> ArticleView:
    """The article's notes numbered in reading order, with the page's own characters around each quote."""
    placed = article.placed
    order = sorted(placed, key=lambda key: (placed[key].start, -placed[key].end, key))
    views = []
    for number, key in enumerate(order, start=1):
        start, end = placed[key]
        prefix, suffix = anchor.context_around(article.text, start, end)
        note_file = article.notes[key]
        views.append(NoteView(key, number, note_file.note, note_file.body, article.text[start:end], prefix, suffix))
    return ArticleView(article, views, today or dt.date.today())


def annotate_all(edition: Edition) -> dict[str, ArticleView]:
    return {slug: annotate(article) for slug, article in edition.articles.items()}


def timeline(pages: list[ArticleView]) -> list[dict]:
    """Every dated event of the notes in order, each with its note and article; publication marks included."""
    entries = []
    for page in pages:
        published = page.article.header.original.published
        entries.append({"kind": "publication", "date": published.earliest, "page": page})
        for view in page.notes:
            for event in view.note.events:
                entries.append({
                    "kind": "event", "date": event.first, "event": event, "view": view, "page": page,
                    "since": sort_key(event.first) > sort_key(published.earliest),
                })
    return sorted(entries, key=lambda e: (sort_key(e["date"]), e["kind"] == "event", e.get("view") and e["view"].number or 0))


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
