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
# Each engine's own virtualenv (scripts/setup --test makes them all), with the `edition` package installed
# editable from this checkout's scripts/. Builds of a snapshot put the snapshot's scripts/ first on PYTHONPATH
# (build_env), so a snapshot measures its own code, never the checkout's.
ENGINES = ("mkdocs", "properdocs", "zensical")
VENVS = {"mkdocs": ROOT / ".venv", "properdocs": ROOT / ".venv-properdocs", "zensical": ROOT / ".venv-zensical"}
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


def has_layer(project: Path) -> bool:
    """A project with the annotation core in it (a snapshot or a synthetic edition; a baseline has none)."""
    return (Path(project) / "scripts" / "edition").is_dir()


def build_env(project: Path) -> dict[str, str]:
    """The environment of a build of `project`: its own core ahead of the editable install of the checkout's."""
    if has_layer(project):
        return ENV | {"PYTHONPATH": str(Path(project) / "scripts")}
    return {k: v for k, v in ENV.items() if k != "PYTHONPATH"}


ZENSICAL_SITE = ".bench-zensical-site"  # Zensical writes only inside the project: its site goes here first


def build_steps(project: Path, site: Path, engine: str = "mkdocs", strict: bool = False) -> list[list[str]]:
    """The commands of one build, as a contributor or CI runs it.

    MkDocs and ProperDocs: one `build` (the layer is the `edition` plugin). Zensical runs no plugins, so a
    project with the layer is built as `scripts/build --engine zensical` builds it: `python -m edition
    zensical-build` checks every note (nothing is written if one is bad), runs Zensical's build (`--clean`)
    and finishes the pages (each page's policy, the exports, the feed), in one process; its baseline is
    `zensical build --clean` alone. Zensical reads
    `mkdocs.yml` with a `site_dir` inside the project added (bench-zensical.yml, written by this function).
    """
    project, python = Path(project), str(VENVS[engine] / "bin" / "python")
    if engine in ("mkdocs", "properdocs"):
        return [[python, "-m", engine, "build", "--quiet", "--site-dir", str(site), *(["--strict"] if strict else [])]]
    if engine != "zensical":
        raise ValueError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    config = project / "bench-zensical.yml"
    config.write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + f"\nsite_dir: {ZENSICAL_SITE}\n", encoding="utf-8")
    zensical = [str(VENVS[engine] / "bin" / "zensical"), "build", "--clean", *(["--strict"] if strict else []), "-f", str(config)]
    if not has_layer(project):
        return [zensical]
    return [[python, "-m", "edition", "zensical-build", *(["--strict"] if strict else []), str(config), ZENSICAL_SITE]]


def timed_build(project: Path, site: Path, *extra: str, engine: str = "mkdocs") -> tuple[float, float]:
    """One whole build in fresh processes (interpreter start and imports included).

    Returns (wall seconds, CPU seconds): CPU is the children's user + system time, which other work on the
    machine disturbs much less than wall time. `extra` may be "--strict".
    """
    project, site = Path(project), Path(site)
    steps = build_steps(project, site, engine, strict="--strict" in extra)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in steps:
        result = subprocess.run(command, cwd=project, env=build_env(project), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{engine} build failed in {project}: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if engine == "zensical":  # put the site where it was asked for (not timed: scripts/build's mv is a rename)
        if site.exists():
            shutil.rmtree(site)
        site.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(project / ZENSICAL_SITE, site)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def mkdocs_build(project: Path, site: Path, *extra: str, engine: str = "mkdocs") -> float:
    return timed_build(project, site, *extra, engine=engine)[0]


def interleaved_builds(projects: dict[str, Path], runs: int, warmup: int = 1, engine: str = "mkdocs") -> dict[str, dict]:
    """Build each project `runs` times, alternating ABBA so drift in machine load hits all alike.

    Returns {name: {"wall": [...], "cpu": [...], "load": [...]}}; warm-up builds (bytecode caches) are not kept.
    """
    names = list(projects)
    out = {name: {"wall": [], "cpu": [], "load": []} for name in names}
    scratch = WORK / "sites-scratch" / engine
    for name in names:
        for _ in range(warmup):
            timed_build(projects[name], scratch / name, engine=engine)
    for i in range(runs):
        for name in names if i % 2 == 0 else names[::-1]:
            wall, cpu = timed_build(projects[name], scratch / name, engine=engine)
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
