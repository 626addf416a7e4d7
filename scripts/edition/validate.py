"""Turn loaded front matter into schema objects, and check the rules that span files.

Each function returns problems instead of raising, so one build reports every mistake at once.
"""

from __future__ import annotations

import difflib
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from .frontmatter import FrontMatterDoc
from .problems import Problem
from .schema import KINDS, VERDICTS, Note

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
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def check_sources(note: Note, doc: FrontMatterDoc, path: str, publishers: dict[str, list[str]]) -> list[Problem]:
    """Every source on its publisher's own host; fact-checks backed by two independent publishers."""
    problems = []
    for index, source in enumerate(note.sources):
        where = ("sources", index)
        for name in filter(None, (source.publisher, source.wire)):
            if name not in publishers:
                problems.append(Problem(
                    path, f"publisher '{name}' is not in the publisher registry",
                    "add it with its hosts to annotations/publishers.yml, or use the registered name",
                    doc.line_of(where + ("wire" if name == source.wire else "publisher",)), _field_name(where),
                ))
        if source.publisher in publishers and not host_belongs(source.url, publishers[source.publisher]):
            problems.append(Problem(
                path, f"{urlsplit(source.url).hostname} is not a host of '{source.publisher}'",
                "cite the publisher's own page (not a mirror), or name the publisher whose site it is",
                doc.line_of(where + ("url",)), _field_name(where + ("url",)),
            ))
        if source.archive_url and not host_belongs(source.archive_url, publishers.get(ARCHIVE_PUBLISHER, [])):
            problems.append(Problem(
                path, f"archive link {source.archive_url} is not on a registered archive",
                f"use a link from a host listed under '{ARCHIVE_PUBLISHER}' in annotations/publishers.yml",
                doc.line_of(where + ("archive_url",)), _field_name(where + ("archive_url",)),
            ))
    origins = {source.origin for source in note.sources}
    if note.kind == "fact-check" and len(origins) < 2:
        problems.append(Problem(
            path, f"a fact-check needs sources from two independent publishers; all come from {', '.join(sorted(origins))}",
            "add a source from another publisher (a wire story republished elsewhere counts as the wire's)",
            doc.line_of(("sources",)), "sources",
        ))
    return problems
