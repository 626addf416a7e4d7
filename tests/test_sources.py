"""The real notes' sources and dates: canonical hosts and clean URLs, publishers used as their type allows,
independent publishers, dates that make sense.

The notes are read one by one (as `scripts/check sources` reads them), so that a rule the real notes break
fails here by note and source, not as one error for the whole edition.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT, SLUG
from edition import canonical, cli, load, registry
from edition.registry import host_belongs
from edition.schema import sort_key
from edition.validate import independent_groups, repeated_pages

NOTES, REGISTRY, _ = cli.readable_notes(ROOT)
ARTICLE = next(a for a in load.find_articles(ROOT / "docs", ROOT)[0] if a.slug == SLUG)
TODAY = dt.date.today().isoformat()
PUBLISHED = ARTICLE.header.original.published


def test_every_note_is_read():
    assert len(NOTES) == len(list((ROOT / "annotations" / SLUG).glob("*.md")))


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_every_source_is_on_its_publishers_own_host(note_file):
    for source in note_file.note.sources:
        assert host_belongs(source.url, REGISTRY.get(source.publisher).hosts), source.url


@pytest.mark.parametrize("note_file", [n for n in NOTES if n.note.kind == "fact-check"], ids=lambda n: n.id)
def test_every_fact_check_has_two_independent_publishers(note_file):
    assert len({source.origin for source in note_file.note.sources}) >= 2
    assert len(independent_groups(list(enumerate(note_file.note.sources)), REGISTRY)) >= 2


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_no_source_is_an_aggregator_a_mirror_or_an_archive(note_file):
    for source in note_file.note.sources:
        assert REGISTRY.get(source.publisher).kind.tier != registry.NEVER, source.url


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_state_media_is_cited_only_for_a_named_governments_statement(note_file):
    for source in note_file.note.sources:
        state_media = REGISTRY.get(source.origin).type == registry.STATE_MEDIA
        assert bool(source.statement_of) == state_media, f"{source.origin}: {source.url}"


@pytest.mark.parametrize("note_file", NOTES, ids=[n.id for n in NOTES])
def test_every_url_is_the_clean_page_and_cited_once(note_file):
    for source in note_file.note.sources:
        assert canonical.clean(source.url).wrong == "", source.url
    assert repeated_pages(list(enumerate(note_file.note.sources)), REGISTRY) == []


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
    # Archives serve archive_url; aggregators and mirrors stay listed so that citing them is refused by name.
    used = {name for n in NOTES for s in n.note.sources for name in (s.publisher, s.wire) if name}
    kept = {p.name for p in REGISTRY.publishers.values() if p.kind.tier == registry.NEVER}
    assert set(REGISTRY) - used - kept == set()


def test_no_host_belongs_to_two_publishers():
    owners = {}
    for name, publisher in REGISTRY.publishers.items():
        for host in publisher.hosts:
            assert host not in owners, f"{host} is listed for {owners.get(host)} and {name}"
            owners[host] = name


# Each variant the check refuses, and the page to cite instead: the tracking parameters named in issue 16 and
# the AMP and embed forms seen in the notes' history.
CLEAN = {
    "https://www.hrw.org/a?utm_source=tw&utm_medium=social&utm_campaign=x": "https://www.hrw.org/a",
    "https://www.bbc.co.uk/news/world-1?at_medium=RSS&at_campaign=KARANGA": "https://www.bbc.co.uk/news/world-1",
    "https://www.bbc.com/news/world-1?ns_mchannel=social&ns_campaign=bbcnews&ns_source=twitter": "https://www.bbc.com/news/world-1",
    "https://www.independent.co.uk/news/a.html?ito=twitter": "https://www.independent.co.uk/news/a.html",
    "https://www.example.org/a?ocid=msn&page=2": "https://www.example.org/a?page=2",
    "https://edition.example.org/a?cmpid=org=ngo::mc=social": "https://edition.example.org/a",
    "https://www.example.org/a?fbclid=IwAR0&gclid=Cj0&mc_cid=1a&mc_eid=2b": "https://www.example.org/a",
    "https://www.example.org/a/?ref=home&ref_src=twsrc%5Etfw": "https://www.example.org/a/",
    "https://www.example.org/a#section-2": "https://www.example.org/a#section-2",
    "https://www.newindianexpress.com/amp/story/world/2022/Jun/28/x-1": "https://www.newindianexpress.com/story/world/2022/Jun/28/x-1",
    "https://www.example.org/world/a/amp": "https://www.example.org/world/a",
    "https://www.example.org/world/a/amp/": "https://www.example.org/world/a/",
    "https://amp.theguardian.com/world/a": "https://theguardian.com/world/a",
    "https://www.example.org/world/a?amp": "https://www.example.org/world/a",
    "https://www.example.org/world/a?amp=1&id=3": "https://www.example.org/world/a?id=3",
    "https://www.reuters.com/world/a?outputType=amp": "https://www.reuters.com/world/a",
    "https://www.example.org/world/a.amp.html": "https://www.example.org/world/a.html",
    "https://www.rferl.org/embed/a/1.html": "https://www.rferl.org/a/1.html",
}


@pytest.mark.parametrize("url, clean", CLEAN.items())
def test_each_variant_is_refused_with_the_page_to_cite(url, clean):
    cleaned = canonical.clean(url)
    assert cleaned.url == clean
    assert bool(cleaned.wrong) == (url != clean)


@pytest.mark.parametrize("url", [
    "https://www.nato.int/cps/en/natohq/opinions_196028.htm?selectedLocale=en",
    "https://japannews.yomiuri.co.jp/?p=37280",
    "https://www.example.org/camp/ampersand/embedded?reference=1&sample=amped",
])
def test_a_clean_url_is_left_alone(url):
    assert canonical.clean(url).url == url and not canonical.clean(url).wrong
