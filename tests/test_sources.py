"""The real notes' sources and dates: canonical hosts, independent publishers, dates that make sense."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT, SLUG
from edition import cli
from edition.schema import sort_key
from edition.validate import ARCHIVE_PUBLISHER, host_belongs

EDITION = cli.load_notes(ROOT)
ARTICLE = EDITION.articles[SLUG]
NOTES = list(ARTICLE.notes.values())
TODAY = dt.date.today().isoformat()
PUBLISHED = ARTICLE.header.original.published


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_every_source_is_on_its_publishers_own_host(note_file):
    for source in note_file.note.sources:
        assert host_belongs(source.url, EDITION.publishers[source.publisher]), source.url


@pytest.mark.parametrize("note_file", [n for n in NOTES if n.note.kind == "fact-check"], ids=lambda n: n.id)
def test_every_fact_check_has_two_independent_publishers(note_file):
    assert len({source.origin for source in note_file.note.sources}) >= 2


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_dates_are_in_order_and_not_in_the_future(note_file):
    note = note_file.note
    assert note.created <= note.reviewed <= TODAY
    assert [h.date for h in note.history] == sorted(h.date for h in note.history)
    assert note.history[0].change == "added"
    for source in note.sources:
        assert source.accessed <= TODAY
        if source.published != "undated":
            assert sort_key(source.published) <= sort_key(source.accessed), source.url
    for event in note.events:
        assert sort_key(event.first) <= sort_key(TODAY)


@pytest.mark.parametrize("note_file", [n for n in NOTES if n.note.kind == "update"], ids=lambda n: n.id)
def test_update_notes_report_something_after_publication(note_file):
    later = [e for e in note_file.note.events if sort_key(e.first) > sort_key(PUBLISHED.earliest)]
    later_sources = [s for s in note_file.note.sources if s.published != "undated" and sort_key(s.published) > sort_key(PUBLISHED.latest)]
    assert later or later_sources, "an update needs an event or a source from after publication"


def test_registry_lists_only_publishers_in_use():
    used = {name for n in NOTES for s in n.note.sources for name in (s.publisher, s.wire) if name}
    assert set(EDITION.publishers) - used - {ARCHIVE_PUBLISHER} == set()


def test_no_host_belongs_to_two_publishers():
    owners = {}
    for name, hosts in EDITION.publishers.items():
        for host in hosts:
            assert host not in owners, f"{host} is listed for {owners.get(host)} and {name}"
            owners[host] = name
