"""Target 3: a whole `mkdocs build` of the real site against the footnote baseline, and where the time goes.

    python benchmarks/build.py [RUNS] [--patch FILE]     # default 7 builds of each, interleaved ABBA

Each build is a fresh process (`python -m mkdocs build`), as a contributor or CI runs it, so interpreter start
and imports count. Both wall and CPU (user + system) time are kept. The verdict (limit 1.25x the baseline's) is
on the CPU medians: this 2-core machine is shared with other sessions' test runs, which stretch wall time by
whatever they happen to run at that moment, while a build is single-threaded and, on an idle machine, its wall
time is its CPU time within 1-2 % (both are in the results to compare). Then one instrumented build of each (instrument.py) counts how often the
annotation core reads, checks and renders notes (once per build, not once per page, is the requirement)
and splits the project's time by step; a cProfile of the project build is kept in
benchmarks/work/profiles/build-project.prof.
"""

from __future__ import annotations

import json
import pstats
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, ENV, PYTHON, WORK, interleaved_builds, median, results_name, save, say, wait_for_quiet  # noqa: E402
from sites import cli_patch, prepare  # noqa: E402

LIMIT = 1.25
PROFILES = WORK / "profiles"


def instrumented(project: Path, site: Path, profile: Path | None = None) -> dict:
    command = [str(PYTHON), str(BENCH / "instrument.py"), str(project), str(site)]
    if profile:
        command += ["--profile", str(profile)]
    result = subprocess.run(command, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout)


def profile_top(path: Path, inside: str, count: int = 15) -> list[dict]:
    """The functions under `inside` (a path fragment) with the most cumulative time, from a cProfile dump."""
    stats = pstats.Stats(str(path)).stats
    rows = []
    for (filename, line, name), (_primitive, calls, own, cumulative, _) in stats.items():
        if inside in filename:
            short = filename.split(inside, 1)[1]
            rows.append({"function": f"{short}:{line}({name})", "calls": calls, "own_s": round(own, 4), "cumulative_s": round(cumulative, 4)})
    return sorted(rows, key=lambda r: -r["cumulative_s"])[:count]


def once_per_build(calls: dict, notes: int, articles: int, pages: int) -> dict:
    """What each per-note step should cost per build, what it did, and whether that is once per build."""
    expected = {
        "pipeline.load_note": notes,  # each note file read and validated
        "render.markdown_to_html": notes,  # each note's text rendered and sanitised
        "frontmatter.parse": notes + articles + 1,  # notes, article headers, the publisher registry
        "pipeline.load_edition": 1,
        "pipeline.annotate_page": articles,
        "anchor.find_quote": 2 * notes,  # checked before the build, then placed in the rendered page
    }
    return {
        name: {"calls": calls.get(name, 0), "once_per_build": want, "per_page_would_be": want * pages, "ok": calls.get(name, 0) == want}
        for name, want in expected.items()
    }


def main(runs: int = 7, patch: Path | None = None) -> dict:
    sites = prepare(patch=patch)
    load = wait_for_quiet()
    say(f"build: {runs} interleaved builds of each (1-minute load average at start {load:.2f})")
    times = interleaved_builds({"project": sites["project"], "baseline": sites["baseline"]}, runs)
    summary = {
        name: {"wall_median": median(t["wall"]), "cpu_median": median(t["cpu"]), **t} for name, t in times.items()
    }
    p, b = summary["project"], summary["baseline"]
    ratio = p["wall_median"] / b["wall_median"]
    cpu_ratio = p["cpu_median"] / b["cpu_median"]

    PROFILES.mkdir(parents=True, exist_ok=True)
    profile = PROFILES / (results_name("build-project", patch) + ".prof")
    detail = instrumented(sites["project"], WORK / "sites-scratch" / "instrumented")
    instrumented(sites["project"], WORK / "sites-scratch" / "profiled", profile)
    base_detail = instrumented(sites["baseline"], WORK / "sites-scratch" / "instrumented-baseline")
    counts = once_per_build(detail["calls"], detail["notes"], detail["articles"], detail["pages_built"])
    data = {
        "summary": summary,
        "target": {"value": cpu_ratio, "cpu_ratio": cpu_ratio, "wall_ratio": ratio, "limit": LIMIT, "pass": cpu_ratio <= LIMIT,
                   "pass_wall": ratio <= LIMIT},
        "breakdown_project": detail,
        "breakdown_baseline": base_detail,
        "once_per_build": counts,
        "profile": str(profile.relative_to(BENCH)),
        "profile_top_core": profile_top(profile, "/scripts/"),
    }
    save(results_name("build", patch), data)
    say(f"build: project {p['cpu_median']:.3f} s, baseline {b['cpu_median']:.3f} s (CPU medians): "
        f"{cpu_ratio:.2f}x (limit {LIMIT}x) {'PASS' if cpu_ratio <= LIMIT else 'FAIL'}; "
        f"wall medians {p['wall_median']:.3f} s / {b['wall_median']:.3f} s = {ratio:.2f}x")
    for name, c in counts.items():
        say(f"build: {name}: {c['calls']} calls for {detail['notes']} notes, {detail['pages_built']} pages "
            f"({'once per build' if c['ok'] else 'NOT once per build'})")
    for key, value in detail["cpu_seconds"].items():
        say(f"build: project CPU {key}: {value:.3f} s (baseline {base_detail['cpu_seconds'].get(key, 0):.3f} s)")
    return data


if __name__ == "__main__":
    patch, args = cli_patch(sys.argv[1:])
    main(int(args[0]) if args else 7, patch)
