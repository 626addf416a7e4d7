"""Characters a reader cannot see, refused in every text a contributor writes.

Control characters make the feed invalid XML and put code points into HTML that it forbids; a NUL is the
anchoring's own block separator; bidi overrides reorder what is shown (`\\u202e0001\\u202c` reads as "1000");
zero-width and other format characters hide text from a reviewer. None of them belongs in a note or a page,
so each is refused by name and position ("U+202E RIGHT-TO-LEFT OVERRIDE at line 3, column 12"). Tab and
newline are the only controls allowed; the no-break space, which the articles use, is visible spacing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_C0 = ("NULL START-OF-HEADING START-OF-TEXT END-OF-TEXT END-OF-TRANSMISSION ENQUIRY ACKNOWLEDGE BELL BACKSPACE "
       "CHARACTER-TABULATION LINE-FEED LINE-TABULATION FORM-FEED CARRIAGE-RETURN SHIFT-OUT SHIFT-IN "
       "DATA-LINK-ESCAPE DEVICE-CONTROL-ONE DEVICE-CONTROL-TWO DEVICE-CONTROL-THREE DEVICE-CONTROL-FOUR "
       "NEGATIVE-ACKNOWLEDGE SYNCHRONOUS-IDLE END-OF-TRANSMISSION-BLOCK CANCEL END-OF-MEDIUM SUBSTITUTE ESCAPE "
       "FILE-SEPARATOR GROUP-SEPARATOR RECORD-SEPARATOR UNIT-SEPARATOR").split()
# Invisible, though not in the categories below: Hangul fillers, the combining grapheme joiner, the
# variation selectors (which carry no text of their own), and the line and paragraph separators.
_ALSO = "\u115f\u1160\u3164\uffa0\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef\u2028\u2029"
_ALSO_RE = re.compile(f"[{_ALSO}]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CANDIDATE = re.compile("[\x00-\x08\x0b-\x1f\x7f]|[^\x00-\x7f]")  # ASCII controls, or anything beyond ASCII


@dataclass(frozen=True)
class Invisible:
    char: str
    line: int  # 1-based, counted from the text's own first line
    column: int  # 1-based

    @property
    def name(self) -> str:
        return describe(self.char)

    def __str__(self) -> str:
        return f"{self.name} at line {self.line}, column {self.column}"


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; controls by their alias, since Unicode gives them no name."""
    code = ord(char)
    name = _C0[code].replace("-", " ") if code < 32 else "DELETE" if code == 0x7F else unicodedata.name(char, "")
    if not name:
        name = "a control character" if code < 0xA0 else "a noncharacter" if _is_noncharacter(code) else "an unnamed character"
    return f"U+{code:04X} {name}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def is_invisible(char: str) -> bool:
    """Controls (Cc) but tab and newline, format characters (Cf: bidi controls, zero-width characters, the BOM,
    tags, the soft hyphen), surrogates, noncharacters, and the invisible characters above."""
    if char in "\t\n":
        return False
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or _is_noncharacter(code):
        return True
    if unicodedata.category(char) in ("Cf", "Cs"):
        return True
    return bool(_ALSO_RE.fullmatch(char))


_judged = functools.lru_cache(maxsize=4096)(is_invisible)


def find(text: str, first_line: int = 1) -> list[Invisible]:
    """Every invisible character in the text, with its line and column (lines counted from `first_line`)."""
    if text.isascii() and not _ASCII_CONTROL.search(text):  # the usual case, without a Python loop
        return []
    if not any(map(_judged, set(_CANDIDATE.findall(text)))):  # curly quotes and dashes: each kind judged once
        return []
    found = []
    for match in _CANDIDATE.finditer(text):  # ASCII text, the usual case, is scanned by the regex alone
        char = match.group()
        if _judged(char):
            start = match.start()
            line_start = text.rfind("\n", 0, start) + 1
            found.append(Invisible(char, first_line + text.count("\n", 0, start), start - line_start + 1))
    return found


def message(found: list[Invisible], where: str = "") -> str:
    """One line for a contributor: the first character by name and place, and how many more there are."""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"invisible or control character {where}{found[0]}{more}"


FIX = "delete it: retype the words around it (it cannot be seen, so copy-paste brings it back)"
