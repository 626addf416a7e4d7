"""The publisher registry, `annotations/publishers.yml`: who publishes on which hosts, and what kind of publisher
each is, so that the check can rank sources as a fact-checker does.

    "Reuters": {type: "wire", hosts: ["reuters.com"]}

A host belongs to one publisher, subdomains included (`www.reuters.com` is Reuters'). The types are a closed
list, defined here only: the check, `scripts/check sources` and the tests read them from TYPES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import files, frontmatter, urls
from .problems import Problem, display_path

FILE = "publishers.yml"

# How a fact-checker ranks sources (docs/policy.md says the same in words). The tier of a type is shown by
# `scripts/check sources`; the rules below refuse what may never be a source.
ORIGINAL = "original documents"
RECORD = "wires and papers of record"
OTHER = "other outlets"
OWN_STATEMENTS = "state media, for their government's own statements"
NEVER = "never a source"
TIERS = (ORIGINAL, RECORD, OTHER, OWN_STATEMENTS, NEVER)


@dataclass(frozen=True)
class PublisherType:
    label: str  # what it is, in messages: "state media"
    tier: str


TYPES = {
    "official": PublisherType("a government or official body", ORIGINAL),
    "court": PublisherType("a court or tribunal", ORIGINAL),
    "intergovernmental": PublisherType("an intergovernmental organisation", ORIGINAL),
    "ngo": PublisherType("a non-governmental organisation or monitor", ORIGINAL),
    "academic": PublisherType("a university or academic publisher", ORIGINAL),
    "wire": PublisherType("a news agency", RECORD),
    "newspaper": PublisherType("a newspaper", RECORD),
    "broadcaster": PublisherType("a broadcaster", RECORD),
    "magazine": PublisherType("a magazine", OTHER),
    "online-news": PublisherType("an online news outlet", OTHER),
    "research": PublisherType("a research firm, think tank or forecaster", OTHER),
    "advocacy": PublisherType("an advocacy group", OTHER),
    "state-media": PublisherType("state media", OWN_STATEMENTS),
    "aggregator": PublisherType("an aggregator (it republishes other publishers' stories)", NEVER),
    "mirror": PublisherType("a mirror, scraper or content farm", NEVER),
    "archive": PublisherType("a web archive (for archive_url only)", NEVER),
}
STATE_MEDIA = "state-media"  # cited only for its own government's statements, and says whose (statement_of)
ARCHIVE = "archive"  # archive_url must be on one of these; never a source's url
NEWS_AGENCIES = ("wire", STATE_MEDIA)  # what a source's `wire` may name
FIELDS = ("type", "hosts")

_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")


@dataclass(frozen=True)
class Publisher:
    name: str
    type: str  # a key of TYPES
    hosts: tuple[str, ...]

    @property
    def kind(self) -> PublisherType:
        return TYPES[self.type]


def host_belongs(url: str, hosts) -> bool:
    host = urls.host(url)  # the host a browser visits, not the one urlsplit reads
    return any(host == h or host.endswith("." + h) for h in hosts)


@dataclass(frozen=True)
class Registry:
    publishers: dict[str, Publisher]  # by name, as sources name them
    broken: frozenset[str] = frozenset()  # names whose entries have problems: reported once, in the registry

    def __contains__(self, name: str) -> bool:
        return name in self.publishers

    def __iter__(self):
        return iter(self.publishers)

    def get(self, name: str | None) -> Publisher | None:
        return self.publishers.get(name) if name else None

    def of_type(self, *types: str) -> list[Publisher]:
        return [p for p in self.publishers.values() if p.type in types]


def load(path: Path, root: Path | None) -> tuple[Registry | None, list[Problem]]:
    """The registry, and every problem in it (a bad entry is left out, the others kept); None (with why)
    when the file cannot be read at all: then the notes skip the checks that need it, rather than each
    reporting every publisher as unknown."""
    shown = display_path(path, root)
    if not path.is_file():
        return None, [Problem(shown, "the publisher registry is missing", f"create {shown}: {_FORM}")]
    try:
        text, complaints = frontmatter.invisible(frontmatter.decode(files.read_bytes(path, root, frontmatter.REGISTRY), frontmatter.REGISTRY))
        data, lines, found = frontmatter.parse_yaml(text)
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(shown, exc.message, exc.fix, exc.line)]
    except files.FileProblem as exc:
        return None, [Problem(shown, exc.message, exc.fix)]
    if complaints or found:
        return None, [Problem(shown, c.message, c.fix, c.line) for c in complaints + found]
    if not isinstance(data, dict):
        return None, [Problem(shown, "expected one entry a publisher", f"write {_FORM}", 1)]
    doc = frontmatter.FrontMatterDoc(data, "", 0, lines)
    publishers, problems, owners = {}, [], {}
    for name, entry in doc.data.items():
        publisher, found = _entry(name, entry, doc, shown, owners)
        problems += found
        if publisher:
            publishers[name] = publisher
    return Registry(publishers, frozenset(doc.data) - set(publishers)), problems


_FORM = '"Publisher name": {type: "newspaper", hosts: ["example.org"]}'


def _line(doc: frontmatter.FrontMatterDoc, path: tuple) -> int | None:
    return doc.line_of(path)


def _entry(name: str, entry, doc, shown: str, owners: dict[str, str]) -> tuple[Publisher | None, list[Problem]]:
    def problem(message: str, fix: str, *where) -> Problem:
        field = name + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where)
        return Problem(shown, message, fix, _line(doc, (name, *where)), field)

    types = ", ".join(TYPES)
    if not name.strip() or "\n" in name:
        return None, [problem("a publisher needs a name on one line", f"write {_FORM}")]
    if isinstance(entry, list):
        return None, [problem("is a list of hosts; each publisher now has a type and hosts",
                              f'write "{name}": {{type: "<type>", hosts: [...]}}; types: {types}')]
    if not isinstance(entry, dict):
        return None, [problem("expected a type and hosts", f"write {_FORM}")]
    problems = [problem(f"unknown field '{key}'", f"allowed fields: {', '.join(FIELDS)}", key) for key in entry if key not in FIELDS]
    kind, hosts = entry.get("type"), entry.get("hosts")
    if kind is None:
        problems.append(problem("required field 'type' is missing", f"add type: one of {types}"))
    elif kind not in TYPES:
        problems.append(problem(f"'{kind}' is not a publisher type", f"use one of: {types}", "type"))
    if not isinstance(hosts, list) or not hosts:
        problems.append(problem("needs a list of its hosts", 'write hosts: ["example.org"] (subdomains are included)', "hosts"))
        hosts = []
    for index, host in enumerate(hosts):
        where = ("hosts", index)
        if not isinstance(host, str) or not _HOST.match(host):
            problems.append(problem(f"'{host}' is not a host name", "write the bare host in lower case: 'example.org', no https:// or path", *where))
        elif host in owners and owners[host] != name:
            problems.append(problem(f"{host} is listed for '{owners[host]}' too", "a host belongs to one publisher: keep it under the one whose site it is", *where))
        else:
            owners[host] = name
    if problems:
        return None, problems
    return Publisher(name, kind, tuple(hosts)), []
