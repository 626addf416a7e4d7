"""Target 2: Lighthouse 12.2.3 (mobile, its defaults) on the article page, project against baseline.

    python benchmarks/lighthouse.py [RUNS] [--patch FILE]     # default 5 runs of each, interleaved

Both sites are served from 127.0.0.1 with gzip (serve_static.py). Lighthouse comes from benchmarks/node_modules
(`npm ci` in benchmarks/) and drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium). Runs alternate
project/baseline in ABBA order so drift in machine load hits both alike; before each, up to 20 s are spent
waiting for a quiet machine, and the load and Lighthouse's own CPU `benchmarkIndex` are kept with each run. Reports are kept in
benchmarks/work/lighthouse/. Pass: performance >= baseline - 0.01; accessibility, best practices and SEO 1.00;
CLS 0; TBT <= 50 ms (medians).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, CHROMIUM, CHROMIUM_FLAGS, WORK, median, results_name, save, say, wait_for_quiet  # noqa: E402
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH, cli_patch, prepare  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP ms", "largest-contentful-paint": "LCP ms", "speed-index": "SI ms",
    "total-blocking-time": "TBT ms", "cumulative-layout-shift": "CLS", "interactive": "TTI ms",
    "max-potential-fid": "max potential FID ms",
}
OUT = WORK / "lighthouse"
TBT_LIMIT_MS = 50


def run_once(url: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
    ]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse exited {result.returncode}: {result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error: {report['runtimeError']}")
    audits = report["audits"]
    return {
        "file": out.name,
        "lighthouse": report["lighthouseVersion"],
        "chrome": report.get("environment", {}).get("hostUserAgent", ""),
        # Lighthouse's own measure of how fast the CPU was during the run: lower means the machine was busy.
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "scores": {c: report["categories"][c]["score"] for c in CATEGORIES},
        "metrics": {label: audits[key]["numericValue"] for key, label in METRICS.items()},
        "warnings": report.get("runWarnings", []),
        "failed": sorted(
            f"{key} ({audit.get('displayValue') or audit['score']})"
            for key, audit in audits.items()
            if audit.get("score") is not None and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ),
    }


def summarize(runs: list[dict]) -> dict:
    return {
        "scores": {c: median([r["scores"][c] for r in runs]) for c in CATEGORIES},
        "scores_min": {c: min(r["scores"][c] for r in runs) for c in CATEGORIES},
        "metrics": {m: median([r["metrics"][m] for r in runs]) for m in METRICS.values()},
        "metrics_max": {m: max(r["metrics"][m] for r in runs) for m in METRICS.values()},
    }


def diagnostics(report_file: Path) -> dict:
    """Where the main-thread time of one run goes, and the page's DOM size."""
    audits = json.loads(report_file.read_text(encoding="utf-8"))["audits"]

    def items(key, fields):
        details = audits.get(key, {}).get("details", {})
        return [{f: item.get(f) for f in fields} for item in details.get("items", [])]

    return {
        "mainthread": items("mainthread-work-breakdown", ("groupLabel", "duration")),
        "bootup": items("bootup-time", ("url", "total", "scripting", "scriptParseCompile")),
        "long_tasks": items("long-tasks", ("url", "duration", "startTime")),
        "dom_size": audits.get("dom-size", {}).get("displayValue"),
        "requests": items("network-requests", ("url", "transferSize", "resourceType")),
    }


def main(runs: int = 5, patch: Path | None = None) -> dict:
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse: run `npm ci` in benchmarks/ first (benchmarks/run does)")
    sites = prepare(patch=patch)
    out = WORK / results_name("lighthouse", patch)
    out.mkdir(parents=True, exist_ok=True)
    load = wait_for_quiet()
    say(f"lighthouse: {runs} runs of each, interleaved (1-minute load average at start {load:.2f})")
    results: dict[str, list[dict]] = {"project": [], "baseline": []}
    error = None
    with StaticServer(sites["site-project"]) as project, StaticServer(sites["site-baseline"]) as base:
        urls = {"project": project.url + ARTICLE_PATH, "baseline": base.url + ARTICLE_PATH}
        order = []
        for i in range(runs):
            order += ["project", "baseline"] if i % 2 == 0 else ["baseline", "project"]
        try:
            for i, name in enumerate(order):
                wait_for_quiet(limit=20)  # the throttling simulation scales what it observes: busy CPU, worse scores
                run = run_once(urls[name], out / f"{name}-{len(results[name]) + 1}.json")
                run["load"] = os.getloadavg()[0]
                results[name].append(run)
                say(f"lighthouse {i + 1}/{len(order)} {name}: {run['scores']} TBT {run['metrics']['TBT ms']:.0f} ms "
                    f"CLS {run['metrics']['CLS']:.3f} (load {run['load']:.2f}, CPU benchmark index {run['benchmark_index']})")
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            error = str(exc)
            say(f"lighthouse could not run: {error}")
    if error:
        save(results_name("lighthouse", patch), {"error": error, "runs": results})
        return {"error": error}
    summary = {name: summarize(runs_) for name, runs_ in results.items()}
    p, b = summary["project"], summary["baseline"]
    checks = {
        "performance": (p["scores"]["performance"], b["scores"]["performance"], p["scores"]["performance"] >= b["scores"]["performance"] - 0.01),
        "accessibility": (p["scores"]["accessibility"], b["scores"]["accessibility"], p["scores"]["accessibility"] == 1),
        "best-practices": (p["scores"]["best-practices"], b["scores"]["best-practices"], p["scores"]["best-practices"] == 1),
        "seo": (p["scores"]["seo"], b["scores"]["seo"], p["scores"]["seo"] == 1),
        "CLS": (p["metrics"]["CLS"], b["metrics"]["CLS"], p["metrics"]["CLS"] == 0),
        "TBT ms": (p["metrics"]["TBT ms"], b["metrics"]["TBT ms"], p["metrics"]["TBT ms"] <= TBT_LIMIT_MS),
    }
    # The run whose performance score is the median one, for the breakdown.
    def median_run(name):
        ordered = sorted(results[name], key=lambda r: (r["scores"]["performance"], r["metrics"]["TBT ms"]))
        return ordered[len(ordered) // 2]

    data = {
        "runs": results,
        "summary": summary,
        "checks": {k: {"project": v[0], "baseline": v[1], "pass": v[2]} for k, v in checks.items()},
        "diagnostics": {name: {"file": median_run(name)["file"], **diagnostics(out / median_run(name)["file"])} for name in results},
    }
    save(results_name("lighthouse", patch), data)
    for key, check in data["checks"].items():
        say(f"lighthouse {key}: project {check['project']} baseline {check['baseline']} {'PASS' if check['pass'] else 'FAIL'}")
    return data


if __name__ == "__main__":
    patch, args = cli_patch(sys.argv[1:])
    main(int(args[0]) if args else 5, patch)
