"""Which files a build may read, and reading them: regular files inside the repository, and nothing larger than
their limit.

A page or note that is a link to `/etc/os-release` would publish it; a link to `/dev/zero` or a named pipe
would be read forever (or block) before any size check; a link to a folder can lead anywhere, itself
included. So docs/ and annotations/ are walked without following links, every link that leaves the
repository, is broken or points at a folder is reported, and a file is opened only after it is known to be a
regular file, without blocking, and read no further than its limit.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import Limit, too_large
from .problems import Problem, display_path

_LINK_FIX = "replace the link with the file itself (a link must point at a file inside the repository)"


class FileProblem(Exception):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass
class Tree:
    """The regular files under a folder (links to files inside the repository included), and what was refused."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _children: dict | None = field(default=None, init=False, repr=False, compare=False)

    def children(self, folder: Path) -> tuple[list[Path], list[Path]]:
        """The files and folders directly in `folder`, in order. Grouped once: asked of every article's notes
        folder, a scan of every file made loading 6,000 notes in 200 folders quadratic (0.4 ms a note)."""
        if self._children is None:
            self._children = {}
            for index, paths in enumerate((self.files, self.folders)):
                for path in paths:
                    self._children.setdefault(path.parent, ([], []))[index].append(path)
        return self._children.get(folder, ([], []))


def _inside(path: Path, root: Path | None) -> bool:
    return root is None or path.is_relative_to(root.resolve())


def link_problem(path: Path, root: Path | None) -> FileProblem | None:
    """Why a link is refused: it is broken, it leaves the repository, or it points at a folder."""
    target = Path(os.path.realpath(path))
    if not target.exists():
        return FileProblem(f"is a broken link (to {os.readlink(path)})", "remove the link or restore the file it points at")
    if not _inside(target, root) or (root is not None and ".git" in target.relative_to(root.resolve()).parts):
        return FileProblem(f"is a link to {target}, outside the repository's files", _LINK_FIX)
    if target.is_dir():
        return FileProblem("is a link to a folder, which the build does not follow", "put the files themselves in this folder")
    return None


def walk(folder: Path, root: Path | None) -> Tree:
    """Every file under `folder`, in order, without following links to folders; problems for refused entries."""
    tree = Tree()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as exc:
            tree.problems.append(Problem(display_path(current, root), f"cannot be read ({exc.strerror})", "check the folder's permissions"))
            continue
        for entry in entries:
            path = Path(entry.path)
            shown = display_path(path, root)
            if entry.is_symlink():
                problem = link_problem(path, root)
                if problem:
                    tree.problems.append(Problem(shown, problem.message, problem.fix))
                    continue
                mode = os.stat(path).st_mode
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                tree.folders.append(path)
                pending.append(path)
            elif stat.S_ISREG(mode):
                tree.files.append(path)
            else:
                tree.problems.append(Problem(shown, "is not a regular file (a pipe, a socket or a device)", "remove it; only ordinary files belong here"))
    tree.files.sort()
    tree.folders.sort()
    return tree


def read_bytes(path: Path, root: Path | None, limit: Limit) -> bytes:
    """The bytes of a regular file inside the repository, read no further than the limit allows."""
    if path.is_symlink():
        problem = link_problem(path, root)
        if problem:
            raise problem
    try:
        real = Path(os.path.realpath(path))
        if not stat.S_ISREG(os.stat(real).st_mode):
            raise FileProblem("is not a regular file (a pipe, a socket, a device or a folder)", "replace it with an ordinary file")
        # O_NONBLOCK: a pipe swapped in after the check still cannot block the open; O_NOFOLLOW: nor a link.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror})", "check the path and permissions") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("is not a regular file (a pipe, a socket, a device or a folder)", "replace it with an ordinary file")
        if info.st_size > limit.bytes:
            raise too_large(info.st_size, limit)
        chunks, size = [], 0
        while size <= limit.bytes:
            chunk = os.read(fd, limit.bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit.bytes:  # it grew since fstat
            raise too_large(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
