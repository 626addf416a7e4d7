"""The publisher registry: every publisher typed from a closed list, a host owned once, mistakes named by line."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from edition import cli, registry, views
from edition.problems import EditionError

REAL, REAL_PROBLEMS = registry.load(ROOT / "annotations" / registry.FILE, ROOT)


def load_text(tmp_path, text: str):
    path = tmp_path / "publishers.yml"
    path.write_text(text, encoding="utf-8")
    return registry.load(path, tmp_path)


def test_the_real_registry_loads_and_types_every_publisher():
    assert REAL_PROBLEMS == []
    assert len(REAL.publishers) > 100
    assert all(p.type in registry.TYPES for p in REAL.publishers.values())


# What the editors decided for the entries they reviewed (issue 16).
EDITORS_TYPES = {
    "TASS": "state-media",
    "CNA": "state-media",  # owned by Singapore's state Mediacorp
    "MarketScreener": "aggregator",
    "Internet Archive": "archive",
    "Ukraine Crisis Media Center": "advocacy",
    "FocusEconomics": "research",
    "Reuters": "wire",
    "NATO": "intergovernmental",
}


@pytest.mark.parametrize("name, kind", EDITORS_TYPES.items())
def test_editors_types_are_recorded(name, kind):
    assert REAL.get(name).type == kind


def test_a_un_information_centre_reproducing_wire_copy_is_not_a_host_of_the_un():
    assert not registry.host_belongs("https://www.unicbeirut.org/news/1", REAL.get("United Nations").hosts)


def test_a_host_includes_its_subdomains_only():
    reuters = REAL.get("Reuters").hosts
    assert registry.host_belongs("https://www.reuters.com/world/x", reuters)
    assert registry.host_belongs("https://reuters.com/world/x", reuters)
    assert not registry.host_belongs("https://notreuters.com/x", reuters)
    assert not registry.host_belongs("https://reuters.com.example.org/x", reuters)


def test_publisher_types_are_one_closed_list_each_with_a_tier():
    assert set(registry.TYPES) >= {
        "official", "court", "intergovernmental", "ngo", "wire", "newspaper", "broadcaster", "magazine",
        "online-news", "academic", "state-media", "advocacy", "aggregator", "archive",
    }
    assert all(t.tier in registry.TIERS for t in registry.TYPES.values())
    never = {key for key, t in registry.TYPES.items() if t.tier == registry.NEVER}
    assert never == {"aggregator", "mirror", "archive"}


def test_the_policy_page_ranks_every_type_as_the_check_does():
    policy = (ROOT / "docs/policy.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+?) \|$", policy, re.MULTILINE))
    assert set(rows) == set(registry.TYPES)
    for key, ranked in rows.items():
        assert ranked.startswith(registry.TYPES[key].tier), key
    assert f"more than **{views.REVIEW_AFTER_DAYS} days**" in policy


BAD = {
    "the old format, a list of hosts": (
        '"Reuters": [reuters.com]\n',
        "publishers.yml:1: Reuters: is a list of hosts; each publisher now has a type and hosts",
    ),
    "a type not on the list": (
        '"Reuters": {type: "wire"}\n"Some Blog": {type: "blog", hosts: ["blog.example"]}\n',
        "publishers.yml:2: Some Blog.type: 'blog' is not a publisher type\n    fix: use one of: official, court,",
    ),
    "no type": (
        '"Some Blog": {hosts: ["blog.example"]}\n',
        "publishers.yml:1: Some Blog: required field 'type' is missing",
    ),
    "no hosts": (
        '"Some Blog": {type: "online-news"}\n',
        "publishers.yml:1: Some Blog.hosts: needs a list of its hosts",
    ),
    "an unknown field": (
        '"Some Blog": {type: "online-news", hosts: ["blog.example"], owner: "X"}\n',
        "publishers.yml:1: Some Blog.owner: unknown field 'owner'\n    fix: allowed fields: type, hosts",
    ),
    "a URL for a host": (
        '"Some Blog": {type: "online-news", hosts: ["https://blog.example/"]}\n',
        "publishers.yml:1: Some Blog.hosts[0]: 'https://blog.example/' is not a host name",
    ),
    "one host under two publishers": (
        '"Reuters": {type: "wire", hosts: ["reuters.com"]}\n"Copy Site": {type: "mirror", hosts: ["reuters.com"]}\n',
        "publishers.yml:2: Copy Site.hosts[0]: reuters.com is listed for 'Reuters' too",
    ),
}


@pytest.mark.parametrize("text, expected", BAD.values(), ids=BAD.keys())
def test_a_bad_registry_entry_is_named_with_its_line(tmp_path, text, expected):
    known, problems = load_text(tmp_path, text)
    assert any(expected in str(p) for p in problems), "\n".join(map(str, problems))


def test_a_bad_entry_is_left_out_and_the_good_ones_kept(tmp_path):
    known, problems = load_text(tmp_path, '"Reuters": {type: "wire", hosts: ["reuters.com"]}\n"Some Blog": {type: "blog", hosts: ["b.example"]}\n')
    assert len(problems) == 1
    assert "Reuters" in known and "Some Blog" not in known and "Some Blog" in known.broken


def test_a_broken_entry_is_reported_once_not_in_every_note_that_cites_it(project):
    path = project / "annotations" / registry.FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Human Rights Watch": {type: "ngo"', '"Human Rights Watch": {type: "charity"'), encoding="utf-8")
    with pytest.raises(EditionError) as error:
        cli.load_notes(project)
    messages = [str(p) for p in error.value.problems]
    assert [m for m in messages if "Human Rights Watch.type: 'charity' is not a publisher type" in m]
    assert not [m for m in messages if "'Human Rights Watch' is not in the publisher registry" in m]
