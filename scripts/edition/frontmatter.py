"""Strict reading of YAML: a Markdown file's front matter, or a whole YAML file (the publisher registry).

YAML's conveniences are traps for contributors: `no` becomes False, `2022-06-27` a date object, a repeated key
silently wins. Here every scalar stays the text the contributor typed, a repeated key is an error, and tags
(`!!python/...`) are refused. Types are the schema's job, not the YAML parser's.

YAML is also an attack surface, so limits come before any structure is built: a file's size is checked before
it is read (files.py), and the document is built here from libyaml's event stream, one event at a time, with
a depth limit, no anchors or aliases (an alias bomb of a kilobyte expands to gigabytes) and exactly one
document. libyaml's own tree builder recurses in C and crashes the process on ~50 KB of nested brackets;
the event stream does not recurse, so nothing deep reaches a recursive step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from . import characters

# libyaml's parser where PyYAML has it (its wheels do): about ten times faster, the same events and lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 64 * 1024  # a note is a few paragraphs; anything larger is a mistake or an attack
MAX_DEPTH = 16  # a note nests three levels (sources -> a source -> its fields); an article header four
FENCE = "---"


@dataclass(frozen=True)
class Limit:
    """How large a file of one kind may be, and what to do about a larger one."""

    bytes: int
    what: str
    advice: str


NOTE = Limit(MAX_BYTES, "a note", "keep a note to a few paragraphs; split a long one into several notes")
# A page holds a whole article: a 10,000-word long read is about 70 KB of Markdown.
PAGE = Limit(1024 * 1024, "a page", "split the page; an article this long would be published in parts")
REGISTRY = Limit(512 * 1024, "the publisher registry", "the registry lists publishers and their hosts, nothing else")


@dataclass
class FrontMatterDoc:
    data: dict
    body: str
    body_line: int  # 1-based line where the body starts, for messages about the body
    found_lines: dict[tuple, int] | None = None  # field path -> 1-based line; None: not looked for yet (lines)
    complaints: list[FrontMatterError] = field(default_factory=list)  # found while reading; the rest was read
    yaml_source: tuple[str, int] = ("", 1)  # the YAML text and the line it starts on, to find the lines when asked

    @property
    def lines(self) -> dict[tuple, int]:
        """Where each field is: only a message about a field needs it, so a clean file never pays for it."""
        if self.found_lines is None:
            self.found_lines = parse_yaml(*self.yaml_source)[1]
        return self.found_lines

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


def decode(raw: bytes, limit: Limit = NOTE) -> str:
    """UTF-8 text without a byte-order mark, with LF line endings."""
    if len(raw) > limit.bytes:
        raise too_large(len(raw), limit)
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


def too_large(size: int, limit: Limit) -> FrontMatterError:
    return FrontMatterError(f"file is {size:,} bytes; the limit is {limit.bytes:,} for {limit.what}", limit.advice)


def invisible(text: str) -> tuple[str, list[FrontMatterError]]:
    """The text without its invisible characters, and one complaint per line that had any. Reading goes on
    without them, so the contributor also learns what else is wrong; the file is refused all the same."""
    found = characters.find(text)
    if not found:
        return text, []
    by_line: dict[int, list[characters.Invisible]] = {}
    for item in found:
        by_line.setdefault(item.line, []).append(item)
    complaints = [FrontMatterError(characters.message(items), characters.FIX, line) for line, items in by_line.items()]
    return "".join(ch for ch in text if not characters.is_invisible(ch)), complaints


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
    text, complaints = invisible(text)
    yaml_text, body, body_line = split(text)
    data, found = yaml_data(yaml_text, first_line=2, clean=True)  # line 1 is the opening fence
    if data is None:
        raise FrontMatterError("front matter is empty", "add the note's fields", line=1)
    if not isinstance(data, dict):
        raise FrontMatterError(
            "front matter must be a mapping of field: value", "write one 'field: value' per line", line=2
        )
    return FrontMatterDoc(data, body, body_line, None, complaints + found, (yaml_text, 2))


def parse_page(text: str) -> FrontMatterDoc:
    """A page in docs/: front matter if it opens with a fence (as MkDocs reads it), else all body."""
    if text.split("\n", 1)[0].rstrip() == FENCE:
        return parse(text)
    body, complaints = invisible(text)
    return FrontMatterDoc(data={}, body=body, body_line=1, found_lines={}, complaints=complaints)


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


@dataclass
class _Open:
    """A mapping or list being built, with where it stands and, in a mapping, the key waiting for its value."""

    value: dict | list
    path: tuple
    key: str | None = None


class _Again(Exception):
    """A refusal whose message needs the lines that a reading without them did not keep."""


def parse_yaml(text: str, first_line: int = 1) -> tuple[object, dict[tuple, int], list[FrontMatterError]]:
    """One YAML document as plain dicts, lists and strings; the line of every field (`first_line` is the line
    the text starts on in its file); and complaints that did not stop the reading (invisible characters
    written as escapes). Raises FrontMatterError for anything that stops it."""
    lines: dict[tuple, int] = {}
    data, complaints = _read(text, first_line, lines)
    return data, lines, complaints


def yaml_data(text: str, first_line: int = 1, clean: bool = False) -> tuple[object, list[FrontMatterError]]:
    """parse_yaml without the line of every field: only a message about a field needs them, and keeping them
    was half the time spent reading front matter (FrontMatterDoc.lines finds them again when asked).
    `clean`: the caller has taken the text's own invisible characters out, so only an escape can write one."""
    try:
        return _read(text, first_line, None, clean)
    except _Again:
        return parse_yaml(text, first_line)[::2]  # raises, with the lines its message names


def _read(text: str, first_line: int, lines: dict[tuple, int] | None, clean: bool = False) -> tuple[object, list[FrontMatterError]]:
    """The one reading of parse_yaml and yaml_data: `lines` is filled with each field's line, unless None."""
    complaints: list[FrontMatterError] = []
    stack: list[_Open] = []
    root: object = None
    documents = 0
    tracked = lines is not None

    def line_of(event) -> int:
        return event.start_mark.line + first_line

    # A value can hold an invisible character only if the text does, or writes one as an escape (callers have
    # taken the text's own out): without either, no value needs looking at (most files; 40 values a note).
    look_at_values = "\\" in text or (not clean and bool(characters.find(text)))
    loader = _LOADER(text)
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    raise FrontMatterError("YAML anchors ('&name') are not allowed", "write each value out in full", line_of(event))
                if event.tag is not None and event.tag != "!" and event.tag not in _STANDARD_TAGS:
                    raise FrontMatterError(f"YAML tag '{event.tag}' is not allowed", "remove the '!' tag", line_of(event))
                if kind is yaml.ScalarEvent:
                    # An empty plain scalar (`field:`) means "no value"; anything else is the text as typed.
                    value = None if event.value == "" and event.implicit[0] else event.value
                    if look_at_values and (not event.value.isascii() or event.style == '"'):  # an escape ("\u202e") leaves the raw text clean
                        found = characters.find(event.value)
                        if found:
                            complaints.append(FrontMatterError(characters.message(found, "(written as an escape) "), characters.FIX, line_of(event)))
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise FrontMatterError(
                            f"YAML nested more than {MAX_DEPTH} levels deep", "write the fields as the schema shows them, without nesting", line_of(event)
                        )
                    value = {} if kind is yaml.MappingStartEvent else []
                # Put the value where the innermost open collection wants it.
                path: tuple = ()
                if stack:
                    top = stack[-1]
                    if type(top.value) is list:
                        if tracked:
                            path = top.path + (len(top.value),)
                        top.value.append(value)
                    elif top.key is None:  # this is a key
                        if type(value) is not str:
                            raise FrontMatterError("a field name must be plain text", "write 'name: value'", line_of(event))
                        if value == "<<":
                            raise FrontMatterError("YAML merge keys ('<<') are not allowed", "write the fields out", line_of(event))
                        if value in top.value:
                            if not tracked:
                                raise _Again
                            raise FrontMatterError(
                                f"duplicate field '{value}' (first at line {lines[top.path + (value,)]})",
                                f"keep one '{value}' and delete the other",
                                line_of(event),
                            )
                        top.key = value
                        if tracked:
                            lines[top.path + (value,)] = line_of(event)
                        continue
                    else:
                        if tracked:
                            path = top.path + (top.key,)
                        top.value[top.key] = value
                        top.key = None
                else:
                    root = value
                if tracked:
                    lines.setdefault(path, line_of(event))
                if kind is not yaml.ScalarEvent:
                    stack.append(_Open(value, path))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                raise FrontMatterError("YAML aliases ('*name') are not allowed", "write the value out in full", line_of(event))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise FrontMatterError(
                        "a second YAML document starts here ('---'); everything from here on would be lost",
                        "remove the '---' line: the file is one YAML document", line_of(event),
                    )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None) or "", getattr(exc, "context_mark", None)
        if context.startswith("while scanning") and context_mark is not None and mark is not None and context_mark.line != mark.line:
            # An unclosed quote or a key without ':' shows where the scanner gave up; the mistake is where the
            # quoted text or the key began.
            problem += f" (on line {mark.line + first_line}, {context} that starts here)"
            mark = context_mark
        raise FrontMatterError(
            f"broken YAML: {problem}",
            "check indentation and quoting; put text with ':' or '#' in double quotes",
            line=mark.line + first_line if mark is not None else None,
        ) from None
    finally:
        loader.dispose()
    return root, complaints
