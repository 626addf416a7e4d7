"""Strict reading of a Markdown file with YAML front matter.

YAML's conveniences are traps for contributors: `no` becomes False, `2022-06-27` a date object, a repeated key
silently wins. Here every scalar stays the text the contributor typed, a repeated key is an error, and tags
(`!!python/...`) are refused. Types are the schema's job, not the YAML parser's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

# libyaml's parser where PyYAML has it (its wheels do): about ten times faster, the same nodes and line numbers.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 64 * 1024  # a note is a few paragraphs; anything larger is a mistake or an attack
FENCE = "---"


@dataclass
class FrontMatterDoc:
    data: dict
    body: str
    body_line: int  # 1-based line where the body starts, for messages about the body
    lines: dict[tuple, int] = field(default_factory=dict)  # field path -> 1-based line

    def line_of(self, path: tuple) -> int | None:
        """The line of the most specific known part of a field path (a missing field points at its parent)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class FrontMatterError(ValueError):
    def __init__(self, message: str, fix: str, line: int | None = None):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


def decode(raw: bytes) -> str:
    """UTF-8 text without a byte-order mark, with LF line endings."""
    if len(raw) > MAX_BYTES:
        raise FrontMatterError(
            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            "keep a note to a few paragraphs; split a long one into several notes",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise FrontMatterError(
            "file starts with a byte-order mark (BOM)", "save the file as UTF-8 without BOM", line=1
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            f"bytes that are not UTF-8 (byte {exc.start})", "save the file as UTF-8", line=line
        ) from None
    return text.replace("\r\n", "\n")


def split(text: str) -> tuple[str, str, int]:
    """(YAML text, body, body's first line) of a document that opens with a `---` fence."""
    if not text.strip():
        raise FrontMatterError("file is empty", "start with front matter between two '---' lines")
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise FrontMatterError(
            "no front matter: the first line must be '---'",
            "start the file with '---', the YAML fields, then '---' and the note text",
            line=1,
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(
        "front matter is not closed", "add a line '---' after the last YAML field", line=1
    )


def parse(text: str) -> FrontMatterDoc:
    """Parse a whole document: front matter into plain dicts, lists and strings, plus the body."""
    yaml_text, body, body_line = split(text)
    try:
        node = yaml.compose(yaml_text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening fence
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(
            f"broken YAML: {problem}",
            "check indentation and quoting; put text with ':' or '#' in double quotes",
            line=line,
        ) from None
    if node is None:
        raise FrontMatterError("front matter is empty", "add the note's fields", line=1)
    lines: dict[tuple, int] = {}
    data = _plain(node, (), lines)
    if not isinstance(data, dict):
        raise FrontMatterError(
            "front matter must be a mapping of field: value", "write one 'field: value' per line", line=2
        )
    return FrontMatterDoc(data=data, body=body, body_line=body_line, lines=lines)


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


def _plain(node: yaml.Node, path: tuple, lines: dict[tuple, int]):
    """Convert a composed YAML node to plain Python, keeping every scalar as the text typed."""
    line = node.start_mark.line + 2
    lines.setdefault(path, line)
    if node.tag not in _STANDARD_TAGS:
        raise FrontMatterError(f"YAML tag '{node.tag}' is not allowed", "remove the '!' tag", line=line)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError("a field name must be plain text", "write 'name: value'", key_line)
            key = key_node.value
            if key == "<<":
                raise FrontMatterError("YAML merge keys ('<<') are not allowed", "write the fields out", key_line)
            if key in result:
                raise FrontMatterError(
                    f"duplicate field '{key}' (first at line {lines[path + (key,)]})",
                    f"keep one '{key}' and delete the other",
                    key_line,
                )
            lines[path + (key,)] = key_line
            result[key] = _plain(value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (i,), lines) for i, item in enumerate(node.value)]
    # An empty plain scalar (`field:`) means "no value"; anything else is the text as typed.
    if node.value == "" and node.style is None:
        return None
    return node.value
