"""Turn loaded front matter into schema objects, and check the rules that span files.

Each function returns problems instead of raising, so one build reports every mistake at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from . import render, scaffold, urls
from .frontmatter import FrontMatterDoc
from .problems import Problem
from .schema import KINDS, VERDICTS, Event, HistoryEntry, Note, Source, sort_key

ARCHIVE_PUBLISHER = "Internet Archive"  # archive links must point at a registered archive


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


def host_belongs(url: str, hosts: list[str]) -> bool:
    host = urls.host(url)  # the host a browser visits, not the one urlsplit reads
    return any(host == h or host.endswith("." + h) for h in hosts)


def check_note(doc: FrontMatterDoc, path: str, publishers: dict[str, list[str]] | None) -> tuple[Note | None, list[Problem]]:
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
    problems += check_sources(values.get("kind"), sources, doc, path, publishers)
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


def _url_key(url: str) -> str:
    parsed = urls.parse(url)
    return parsed.href.split("#", 1)[0] if parsed else url


def check_sources(kind: str | None, sources: list[tuple[int, Source]], doc: FrontMatterDoc, path: str,
                  publishers: dict[str, list[str]] | None) -> list[Problem]:
    """Every source on its publisher's own host; fact-checks backed by two independent publishers.
    Without a registry (it failed to load, and says why) only the checks that need none are made."""
    problems = []
    first_at: dict[str, int] = {}
    for index, source in sources:
        where = ("sources", index)
        key = _url_key(source.url)
        if key in first_at:
            problems.append(Problem(
                path, f"the same page is listed twice (also sources[{first_at[key]}])",
                "list each page once; a page has one publisher and at most one wire", doc.line_of(where + ("url",)), _field_name(where + ("url",)),
            ))
            continue
        first_at[key] = index
        if publishers is None:
            continue
        for name in filter(None, (source.publisher, source.wire)):
            if name not in publishers:
                problems.append(Problem(
                    path, f"publisher '{name}' is not in the publisher registry",
                    "add it with its hosts to annotations/publishers.yml, or use the registered name",
                    doc.line_of(where + ("wire" if name == source.wire else "publisher",)), _field_name(where),
                ))
        if source.publisher in publishers and not host_belongs(source.url, publishers[source.publisher]):
            problems.append(Problem(
                path, f"{urls.host(source.url)} is not a host of '{source.publisher}'",
                "cite the publisher's own page (not a mirror), or name the publisher whose site it is",
                doc.line_of(where + ("url",)), _field_name(where + ("url",)),
            ))
        if source.archive_url and not host_belongs(source.archive_url, publishers.get(ARCHIVE_PUBLISHER, [])):
            problems.append(Problem(
                path, f"archive link {source.archive_url} is not on a registered archive",
                f"use a link from a host listed under '{ARCHIVE_PUBLISHER}' in annotations/publishers.yml",
                doc.line_of(where + ("archive_url",)), _field_name(where + ("archive_url",)),
            ))
    origins = {source.origin for index, source in sources if first_at.get(_url_key(source.url)) == index}
    if kind == "fact-check" and len(sources) >= 2 and len(origins) < 2:
        problems.append(Problem(
            path, f"a fact-check needs sources from two independent publishers; all come from {', '.join(sorted(origins))}",
            "add a source from another publisher (a wire story republished elsewhere counts as the wire's)",
            doc.line_of(("sources",)), "sources",
        ))
    return problems
