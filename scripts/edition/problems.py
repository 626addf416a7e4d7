"""Problems a contributor can act on: which file, where, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str  # as shown to the contributor: relative to the project root where possible
    message: str
    fix: str = ""
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}" + (f"\n    fix: {self.fix}" if self.fix else "")


class EditionError(Exception):
    """Every problem found in one pass, raised together so a contributor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the annotations; nothing was built:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def display_path(path: Path, root: Path | None) -> str:
    """The path relative to the project root, so messages read the same on every machine."""
    if root is not None:
        try:  # the paths the core builds are under root already: no need to ask the file system
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
