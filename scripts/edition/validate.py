"""Turn loaded front matter into schema objects, and check the rules that span files.

Each function returns problems instead of raising, so one build reports every mistake at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from . import canonical, render, scaffold, urls
from . import registry as registry_module
from .frontmatter import FrontMatterDoc
from .problems import Problem
from .registry import Registry
from .schema import KINDS, VERDICTS, Event, HistoryEntry, Note, Source, sort_key


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


def check_note(doc: FrontMatterDoc, path: str, registry: Registry | None) -> tuple[Note | None, list[Problem]]:
    """(the note, or None, and every problem): fields one by one, then every rule across them that the valid
    fields allow, so that one run reports everything (not the dates first and the sources after a fix)."""
    left = scaffold.placeholders(doc.data)
    left_fields = {_field_name(where) for where, _ in left}
    problems = [
        Problem(path, f"still the placeholder from 'scripts/check new' (\u201c{_value_at(doc.data, where)}\u201d)", f"write {what}", doc.line_of(where), _field_name(where))
        for where, what in left
    ]
    note, found = parse_model(Note, doc, path)
    problems += [p for p in found if p.field not in left_fields]
    if note is not None:
        values = dict(note)
        items = {name: list(enumerate(getattr(note, name))) for name in _ITEMS}
    else:  # validate what can be validated: each field alone, each item of a list alone
        values = _valid_fields(Note, doc.data)
        items = {name: _valid_items(model, doc.data.get(name)) for name, model in _ITEMS.items()}
    sources = [(index, source) for index, source in items["sources"] if not any(f.startswith(f"sources[{index}]") for f in left_fields)]
    problems += note_rules(values, items, doc, path)
    problems += check_sources(values.get("kind"), sources, doc, path, registry)
    problems += one_line_links(values, items, doc, path)
    return note, problems


_ITEMS = {"sources": Source, "events": Event, "history": HistoryEntry}  # a note's lists of models


def _value_at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


_ADAPTERS: dict[tuple, TypeAdapter] = {}


def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    key = (model, name)
    if key not in _ADAPTERS:
        info = model.model_fields[name]
        _ADAPTERS[key] = TypeAdapter(Annotated[info.annotation, info], config=ConfigDict(strict=True))
    return _ADAPTERS[key]


def _valid_fields(model: type[BaseModel], data: dict) -> dict:
    """The fields of `data` that are valid on their own, validated; defaults for those not given."""
    values = {}
    for name, info in model.model_fields.items():
        if name not in data:
            if not info.is_required():
                values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            pass
    return values


def _valid_items(model: type[BaseModel], items) -> list[tuple[int, BaseModel]]:
    """(index, item) for every valid item of a list of models, whatever is wrong with the others."""
    valid = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError:
            pass
    return valid


def note_rules(values: dict, items: dict[str, list[tuple[int, BaseModel]]], doc: FrontMatterDoc, path: str) -> list[Problem]:
    """The rules across a note's fields, for those fields that are valid: verdicts, sources, dates in order."""
    problems = []

    def problem(message: str, where: tuple, fix: str = "") -> None:
        problems.append(Problem(path, message, fix, doc.line_of(where), _field_name(where) or None))

    kind, data = values.get("kind"), doc.data
    if kind == "fact-check":
        if "verdict" in values and not values["verdict"]:
            problem(f"a fact-check needs a verdict: one of {', '.join(VERDICTS)}", ("kind",), "add 'verdict:'")
        listed = data.get("sources") if isinstance(data.get("sources"), list) else values.get("sources", [])
        if len(listed) < 2:
            problem("a fact-check needs at least two sources from independent publishers", ("sources",) if "sources" in data else ("kind",),
                    "cite at least two pages, from two publishers that reported it independently")
    elif kind and values.get("verdict"):
        problem("only fact-checks have a verdict; remove 'verdict' or make the kind 'fact-check' (opinions get context, never a verdict)", ("verdict",))
    created, reviewed = values.get("created"), values.get("reviewed")
    if created and reviewed and reviewed < created:
        problem(f"'reviewed' ({reviewed}) is before 'created' ({created})", ("reviewed",))
    for index, entry in items["history"]:
        if created and entry.date < created:
            problem(f"history entry dated {entry.date} is before 'created' ({created})", ("history", index, "date"), "date it on or after 'created'")
    today = dt.date.today().isoformat()
    dated = [(("created",), created), (("reviewed",), reviewed)]
    dated += [(("history", i, "date"), e.date) for i, e in items["history"]]
    for index, source in items["sources"]:
        dated.append((("sources", index, "accessed"), source.accessed))
        if source.published != "undated":
            dated.append((("sources", index, "published"), source.published))
            if sort_key(source.published) > sort_key(source.accessed):
                problem(f"published ({source.published}) after it was accessed ({source.accessed})", ("sources", index, "published"),
                        "check both dates: a page is read after it is published")
    for where, date in dated:
        if date and date[:10] > today:
            problem(f"{date} is in the future (today is {today})", where, "write the date it happened, not a planned one")
    return problems


def one_line_links(values: dict, items: dict[str, list[tuple[int, BaseModel]]], doc: FrontMatterDoc, path: str) -> list[Problem]:
    """Links in the one-line fields (gist, event labels, change summaries) follow the note text's rules."""
    fields = [(("gist",), values.get("gist"))]
    fields += [(("events", i, "label"), e.label) for i, e in items["events"]]
    fields += [(("history", i, "summary"), e.summary) for i, e in items["history"]]
    problems = []
    for where, text in fields:
        for href in render.inline_links(text or ""):
            message = urls.link_problem(href)
            if message:
                problems.append(Problem(path, message, "link an https:// page, or '#note-...' / a '/path' within this site", doc.line_of(where), _field_name(where)))
    return problems


def check_sources(kind: str | None, sources: list[tuple[int, Source]], doc: FrontMatterDoc, path: str,
                  registry: Registry | None) -> list[Problem]:
    """Every source ranked by its publisher's type (publishers.yml), cited at its clean URL and once;
    a fact-check backed by two independent origins. `sources` are (index, source) for the valid ones.
    Without a registry (it failed to load, and says why) only the checks that need none are made."""

    def at(index: int, name: str | None, message: str, fix: str) -> Problem:
        where = ("sources", index) + ((name,) if name else ())
        return Problem(path, message, fix, doc.line_of(where), _field_name(where))

    problems = []
    if registry is not None:
        problems += [at(index, *found) for index, source in sources for found in source_problems(source, registry)]
    for index, first in repeated_pages(sources, registry):
        problems.append(at(
            index, "url", f"the same page as sources[{first}] (line {doc.line_of(('sources', first, 'url'))})",
            "cite each page once: delete this entry (if the page carries a wire story, name it in the other's 'wire')",
        ))
    if kind == "fact-check" and len(sources) >= 2:
        groups = independent_groups(sources, registry)
        if len(groups) < 2:
            by_index = dict(sources)
            origins = sorted({by_index[i].origin for i in groups[0]})
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
        found.append(("url", f"{urls.host(source.url)} is not a host of '{publisher.name}'",
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


def _page(source: Source, registry: Registry | None) -> tuple:
    owner = registry.get(source.publisher) if registry is not None else None
    return canonical.page_key(source.url, owner and owner.name)


def repeated_pages(sources: list[tuple[int, Source]], registry: Registry | None) -> list[tuple[int, int]]:
    """(index, index of its first citation) for every source whose page a source before it cites already."""
    first: dict[tuple, int] = {}
    repeated = []
    for index, source in sources:
        page = _page(source, registry)
        if page in first:
            repeated.append((index, first[page]))
        first.setdefault(page, index)
    return repeated


def independent_groups(sources: list[tuple[int, Source]], registry: Registry | None) -> list[list[int]]:
    """The sources in groups that are one report: the same origin (the publisher, or the wire whose copy it is)
    or the same page (the same URL, or the same path on two hosts of one publisher). Indexes, in order."""
    parent = {index: index for index, _ in sources}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    seen: dict[tuple, int] = {}
    for index, source in sources:
        for key in (("origin", source.origin), ("page", _page(source, registry))):
            if key in seen:
                parent[root(index)] = root(seen[key])
            seen.setdefault(key, index)
    groups: dict[int, list[int]] = {}
    for index, _ in sources:
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())
