"""Shared helpers for the benchmarks: paths, a snapshot of the project, builds, timing and results.

Everything a benchmark writes goes under benchmarks/work/ (ignored by git) or /tmp; nothing else in the
repository is touched. Results are JSON files in benchmarks/work/results/, one per target, that
report.py turns into tables.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
RESULTS = WORK / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Everything a build of the project reads (as tests/conftest.py copies it).
PROJECT_PARTS = ("docs", "annotations", "overrides", "scripts", "mkdocs.yml")
ARTICLE_SLUG = "russian-war-crimes-in-ukraine-are-backfiring"
GZIP_LEVEL = 6  # what common static servers and CDNs use by default (nginx gzip_comp_level 1..9; 6 is typical)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}


def snapshot_project(dest: Path, source: Path = ROOT) -> Path:
    """A copy of what a build reads, so builds are not disturbed by people editing the real tree meanwhile."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def apply_patch(project: Path, patch: Path) -> None:
    """Apply a unified diff (paths a/scripts/..., b/overrides/...) to a project copy, for what-if runs."""
    result = subprocess.run(
        ["patch", "-p1", "--forward", "--batch", "--no-backup-if-mismatch", "-s", "-d", str(project), "-i", str(Path(patch).resolve())],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{patch} does not apply to {project}:\n{result.stdout}{result.stderr}")


def results_name(name: str, patch: Path | None) -> str:
    """Results and files of a what-if run (the project with a patch applied) are kept apart, named after the
    patch: build+x.json, benchmarks/work/real+x/ for x.patch."""
    return f"{name}+{Path(patch).stem}" if patch else name


def timed_build(project: Path, site: Path, *extra: str) -> tuple[float, float]:
    """One whole `mkdocs build` in a fresh process (interpreter start and imports included).

    Returns (wall seconds, CPU seconds): CPU is the child's user + system time, which other work on the
    machine disturbs much less than wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [str(PYTHON), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site), *extra],
        cwd=project, env=ENV, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{result.stdout}\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def mkdocs_build(project: Path, site: Path, *extra: str) -> float:
    return timed_build(project, site, *extra)[0]


def interleaved_builds(projects: dict[str, Path], runs: int, warmup: int = 1) -> dict[str, dict]:
    """Build each project `runs` times, alternating ABBA so drift in machine load hits all alike.

    Returns {name: {"wall": [...], "cpu": [...], "load": [...]}}; warm-up builds (bytecode caches) are not kept.
    """
    names = list(projects)
    out = {name: {"wall": [], "cpu": [], "load": []} for name in names}
    for name in names:
        for _ in range(warmup):
            timed_build(projects[name], WORK / "sites-scratch" / name)
    for i in range(runs):
        for name in names if i % 2 == 0 else names[::-1]:
            wall, cpu = timed_build(projects[name], WORK / "sites-scratch" / name)
            out[name]["wall"].append(round(wall, 4))
            out[name]["cpu"].append(round(cpu, 4))
            out[name]["load"].append(os.getloadavg()[0])
    return out


def wait_for_quiet(limit: float = 30, below: float = 1.5) -> float:
    """Wait (at most `limit` s) for the 1-minute load average to drop under `below`; returns the load then.

    Other people's test runs share this 2-core machine: starting when it is quiet keeps the numbers honest.
    """
    deadline = time.monotonic() + limit
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def median(values) -> float:
    return statistics.median(values)


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def say(*parts) -> None:
    print(*parts, flush=True)
