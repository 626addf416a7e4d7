"""The annotation schema: the single source of truth for what a note and an article header may say.

Pydantic models, strict and closed (unknown fields are errors). `json_schema()` derives the JSON Schema that
is written to `annotations/schema.json` for editors and other tools; nothing else defines the format.
Every value arrives as the text the contributor typed (see frontmatter.py), so dates and URLs are checked
here as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import urls


@dataclass(frozen=True)
class Term:
    """One kind or verdict: the value in the files, and how a reader sees and hears it."""

    label: str  # on labels and in headings: "Needs context"
    spoken: str  # in accessible names, lower case: "needs context", "wording note"
    plural: str  # in the filter: "Fact-checks"
    symbol: str  # at the claim, beside the number, so it is more than a colour: "✓", "?"


# The kinds of note and the verdicts of a fact-check: defined here only. The CLI, the exports, the templates
# (data-kind / data-verdict) and the CSS (one custom property per value) all take them from these two maps.
KINDS = {  # a fact-check shows its verdict's symbol
    "fact-check": Term("Fact-check", "fact-check", "Fact-checks", ""),
    "context": Term("Context", "context", "Context", "i"),
    "update": Term("Since publication", "since publication", "Since publication", "+"),
    "note": Term("Wording", "wording note", "Wording", "\u270e"),
}
VERDICTS = {
    "accurate": Term("Accurate", "accurate", "Accurate", "\u2713"),
    "needs-context": Term("Needs context", "needs context", "Needs context", "!"),
    "inaccurate": Term("Inaccurate", "inaccurate", "Inaccurate", "\u2717"),
    "unverifiable": Term("Unverifiable", "unverifiable", "Unverifiable", "?"),
}
CHANGES = ("added", "revised", "corrected")

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SLUG_PATTERN = ID_PATTERN
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@functools.lru_cache(maxsize=4096)  # a note has some 16 dates, and a project few distinct ones
def check_partial_date(value: str) -> str:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a real calendar date."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD (or YYYY-MM, or YYYY) in quotes")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None
    return value


def check_day(value: str) -> str:
    check_partial_date(value)
    if len(value) != 10:
        raise ValueError(f"'{value}' needs a full date: write YYYY-MM-DD in quotes")
    return value


def check_published(value: str) -> str:
    return value if value == "undated" else check_partial_date(value)


def check_url(value: str) -> str:
    """An absolute https URL whose host a browser reads as written: the only kind a source may have."""
    problem = urls.web_address_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def check_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise ValueError(f"'{value}' is not a slug: use lowercase letters, digits and single hyphens")
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
Day = Annotated[str, AfterValidator(check_day)]
Url = Annotated[str, AfterValidator(check_url)]
Slug = Annotated[str, AfterValidator(check_slug)]
def check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank; write the words themselves")
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_not_blank)]
Line = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\n]*$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Event(Model):
    """A dated event for the timeline: one date, or a range."""

    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    label: Line

    @model_validator(mode="after")
    def one_date_or_a_range(self) -> Event:
        if self.date and (self.start or self.end):
            raise ValueError("give either 'date' or 'start' and 'end', not both")
        if not self.date and not (self.start and self.end):
            raise ValueError("an event needs 'date', or both 'start' and 'end'")
        if self.start and self.end and sort_key(self.end) < sort_key(self.start):
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self

    @property
    def first(self) -> str:
        """The event's date, or the start of its range: what it sorts by and `data-event-date` shows."""
        return self.date or self.start


class Source(Model):
    title: Line
    publisher: Line = Field(description="The publisher of the site the URL is on; must be in publishers.yml.")
    wire: Line | None = Field(None, description="The news agency whose copy the page carries (Reuters, AP, AFP).")
    statement_of: Line | None = Field(
        None, description="State media only: whose statement the source reports, e.g. 'Government of Russia'."
    )
    url: Url
    published: Annotated[str, AfterValidator(check_published)] = Field(description="A date, or 'undated'.")
    accessed: Day
    archive_url: Url | None = None

    @property
    def origin(self) -> str:
        """Who the reporting really comes from: a wire story republished elsewhere is still the wire's."""
        return self.wire or self.publisher


class HistoryEntry(Model):
    date: Day
    change: Literal[CHANGES]
    summary: Line


class Note(Model):
    """The front matter of one note file; the file's name is its id and its body is the note text."""

    quote: Text = Field(description="The exact words of the article this note attaches to.")
    prefix: Text | None = Field(None, description="Text just before the quote, to pick one of several matches.")
    suffix: Text | None = Field(None, description="Text just after the quote, likewise.")
    kind: Literal[tuple(KINDS)]
    verdict: Literal[tuple(VERDICTS)] | None = Field(None, description="Fact-checks only.")
    gist: Line = Field(description="One line for the compact card.")
    events: list[Event] = []
    sources: list[Source] = []
    created: Day
    reviewed: Day
    history: list[HistoryEntry] = Field(min_length=1)

    # The rules across fields (a fact-check's verdict and sources, dates in order) are validate.note_rules:
    # they run on whatever fields are valid, so a contributor sees them with every other problem at once.


class Publication(Model):
    earliest: Day
    latest: Day
    reason: Text

    @model_validator(mode="after")
    def ordered(self) -> Publication:
        if self.latest < self.earliest:
            raise ValueError(f"'latest' ({self.latest}) is before 'earliest' ({self.earliest})")
        return self


class Original(Model):
    """What the edition knows of the original publication."""

    publisher: Line
    url: Url
    author: Line
    published: Publication
    credit: Text | None = None
    disclaimer: Text | None = None


class ArticleHeader(BaseModel):
    """The front matter that marks a page as an article. Other keys (MkDocs' own) are left alone."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    annotations: Slug
    title: Line
    original: Original


def sort_key(date: str) -> str:
    """Partial dates sort before the full dates they contain: '2022-06' < '2022-06-01'."""
    return date + "-00" * (2 - date.count("-"))


def json_schema() -> dict:
    schema = Note.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Annotation note front matter"
    return schema
