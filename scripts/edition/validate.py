"""Turn loaded front matter into schema objects, and check the rules that span files.

Each function returns problems instead of raising, so one build reports every mistake at once.
"""

from __future__ import annotations

import difflib
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from . import canonical
from . import registry as registry_module
from .frontmatter import FrontMatterDoc
from .problems import Problem
from .registry import Registry
from .schema import KINDS, VERDICTS, Note, Source


def parse_model(model: type[BaseModel], doc: FrontMatterDoc, path: str, base: tuple = ()):
    """(instance or None, problems): pydantic's errors rewritten as what to fix, with lines."""
    data = doc.data
    for key in base:
        data = data.get(key) if isinstance(data, dict) else None
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(error, model, doc, path, base) for error in exc.errors()]


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _problem(error: dict, model: type[BaseModel], doc: FrontMatterDoc, path: str, base: tuple) -> Problem:
    loc = base + tuple(part for part in error["loc"] if not str(part).startswith(("function-", "literal[")))
    kind, field = error["type"], _field_name(loc) or None
    line = doc.line_of(loc)
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return Problem(path, f"required field '{name}' is missing", f"add '{name}:' (see annotations/schema.json)", line, _field_name(loc[:-1]) or None)
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[len(base):-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Problem(path, f"unknown field '{name}'", f"{hint}allowed fields: {', '.join(allowed)}", line, _field_name(loc[:-1]) or None)
    if kind == "literal_error":
        allowed = {"kind": KINDS, "verdict": VERDICTS}.get(name)
        choices = ", ".join(allowed) if allowed else error["ctx"].get("expected", "")
        return Problem(path, f"'{error['input']}' is not allowed", f"use one of: {choices}", line, field)
    if kind in ("string_type", "list_type", "dict_type", "model_type"):
        expected = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping of fields")
        got = "nothing" if error["input"] is None else type(error["input"]).__name__.replace("str", "text").replace("dict", "a mapping")
        return Problem(path, f"expected {expected}, got {got}", "see annotations/schema.json for the field's form", line, field)
    if kind == "string_too_long":
        return Problem(path, f"too long (at most {error['ctx']['max_length']} characters)", "shorten it", line, field)
    if kind in ("string_too_short", "too_short"):
        return Problem(path, "must not be empty", "fill it in", line, field)
    if kind == "string_pattern_mismatch":
        return Problem(path, f"'{error['input']}' has the wrong form", "one line of text; hosts like 'example.org'", line, field)
    message = str(error["msg"]).removeprefix("Value error, ")
    return Problem(path, message, "", line, field)


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at a location, following nested models through the schema."""
    schema = model.model_json_schema()
    node = schema
    for part in loc:
        if isinstance(part, int):
            node = node.get("items", node)
        else:
            node = node.get("properties", {}).get(part, {})
        ref = node.get("$ref") or next((o.get("$ref") for o in node.get("anyOf", []) if "$ref" in o), None)
        if node.get("type") == "array":
            ref = node["items"].get("$ref")
            node = node["items"]
        if ref:
            node = schema["$defs"][ref.rsplit("/", 1)[-1]]
    return sorted(node.get("properties", {}))


def check_sources(note: Note, doc: FrontMatterDoc, path: str, registry: Registry) -> list[Problem]:
    """Every source ranked by its publisher's type (publishers.yml), cited at its clean URL and once;
    a fact-check backed by two independent origins."""

    def at(index: int, name: str | None, message: str, fix: str) -> Problem:
        where = ("sources", index) + ((name,) if name else ())
        return Problem(path, message, fix, doc.line_of(where), _field_name(where))

    problems = [at(index, *found) for index, source in enumerate(note.sources) for found in source_problems(source, registry)]
    for index, first in repeated_pages(note.sources, registry):
        problems.append(at(
            index, "url", f"the same page as sources[{first}] (line {doc.line_of(('sources', first, 'url'))})",
            "cite each page once: delete this entry (if the page carries a wire story, name it in the other's 'wire')",
        ))
    if note.kind == "fact-check" and note.sources:
        groups = independent_groups(note.sources, registry)
        if len(groups) < 2:
            origins = sorted({note.sources[i].origin for i in groups[0]})
            same_page = " (the same page cited twice counts once)" if len(origins) > 1 else ""
            problems.append(Problem(
                path, f"a fact-check needs sources from two independent publishers; all come from {', '.join(origins)}{same_page}",
                "add a source from another publisher (a wire story republished elsewhere counts as the wire's)",
                doc.line_of(("sources",)), "sources",
            ))
    return problems


def source_problems(source: Source, registry: Registry) -> list[tuple[str | None, str, str]]:
    """(field, what is wrong, how to fix it) for one source, judged against the publisher registry."""
    found = []
    for field, name in (("publisher", source.publisher), ("wire", source.wire if source.wire != source.publisher else None)):
        if name and name not in registry and name not in registry.broken:
            found.append((field, f"publisher '{name}' is not in the publisher registry",
                          f"add it with its type and hosts to annotations/{registry_module.FILE}, or use the registered name"))
    publisher, wire = registry.get(source.publisher), registry.get(source.wire)
    if publisher and not registry_module.host_belongs(source.url, publisher.hosts):
        found.append(("url", f"{urlsplit(source.url).hostname} is not a host of '{publisher.name}'",
                      "cite the publisher's own page (not a mirror), or name the publisher whose site it is"))
    if publisher and publisher.type == registry_module.ARCHIVE:
        found.append(("publisher", f"'{publisher.name}' is {publisher.kind.label}, not a source",
                      "cite the original page in 'url' and put the archive's copy in 'archive_url'"))
    elif publisher and publisher.kind.tier == registry_module.NEVER:
        found.append(("publisher", f"'{publisher.name}' is {publisher.kind.label}: it is never cited as a source",
                      "cite the original publisher's own page (the story's byline or credit names it)"))
    if wire and wire.type not in registry_module.NEWS_AGENCIES:
        found.append(("wire", f"'{wire.name}' is {wire.kind.label}, not a news agency",
                      "name in 'wire' the agency whose copy the page carries (Reuters, AP, AFP), or remove 'wire'"))
    found += _state_media(source, registry)
    cleaned = canonical.clean(source.url)
    if cleaned.wrong:
        fix = f"cite the clean URL: {cleaned.url}" if not cleaned.variants else (
            f"cite the page itself, probably {cleaned.url} (open it to check that it is the page you read)")
        found.append(("url", f"the URL {cleaned.wrong}", fix))
    archives = registry.of_type(registry_module.ARCHIVE) if source.archive_url else []
    if source.archive_url and not any(registry_module.host_belongs(source.archive_url, p.hosts) for p in archives):
        found.append(("archive_url", f"archive link {source.archive_url} is not on a registered archive",
                      f"use a link on a host of a publisher of type '{registry_module.ARCHIVE}' in annotations/{registry_module.FILE}"
                      f" ({', '.join(h for p in archives for h in p.hosts) or 'none registered'})"))
    return found


def _state_media(source: Source, registry: Registry) -> list[tuple[str | None, str, str]]:
    """State media only for their own government's statements, said in `statement_of`. A wire story is the
    wire's: the rule follows the origin (a Reuters story on a state broadcaster's site is Reuters')."""
    origin = registry.get(source.origin)
    if origin is None:
        return []
    if origin.type == registry_module.STATE_MEDIA and not source.statement_of:
        via = "" if origin.name == source.publisher else f" (the page carries its copy: 'wire: {origin.name}')"
        return [(
            None, f"'{origin.name}' is state media{via}: cite it only for its own government's statements, and say whose",
            "if it reports that government's statement, add statement_of: \"Government of …\"; for other facts cite another publisher",
        )]
    if origin.type != registry_module.STATE_MEDIA and source.statement_of:
        return [(
            "statement_of", f"statement_of is for state media only; '{origin.name}' is {origin.kind.label}",
            "remove statement_of (the note's text says whose statement it is)",
        )]
    return []


def _page(source: Source, registry: Registry) -> tuple:
    owner = registry.get(source.publisher)
    return canonical.page_key(source.url, owner and owner.name)


def repeated_pages(sources: list[Source], registry: Registry) -> list[tuple[int, int]]:
    """(index, index of its first citation) for every source whose page a source before it cites already."""
    first: dict[tuple, int] = {}
    repeated = []
    for index, source in enumerate(sources):
        page = _page(source, registry)
        if page in first:
            repeated.append((index, first[page]))
        first.setdefault(page, index)
    return repeated


def independent_groups(sources: list[Source], registry: Registry) -> list[list[int]]:
    """The sources in groups that are one report: the same origin (the publisher, or the wire whose copy it is)
    or the same page (the same URL, or the same path on two hosts of one publisher). Indexes, in order."""
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    seen: dict[tuple, int] = {}
    for index, source in enumerate(sources):
        for key in (("origin", source.origin), ("page", _page(source, registry))):
            if key in seen:
                parent[root(index)] = root(seen[key])
            seen.setdefault(key, index)
    groups: dict[int, list[int]] = {}
    for index in range(len(sources)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())
