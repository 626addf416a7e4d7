"""The page script at scale (issue 12): an article page with 250 and with 1,000 notes, the script on against
the same page with the script blocked.

    python benchmarks/pagescale.py [RUNS] [--patch FILE]     # default 9 loads of each page, each way

synth.py writes one article with N notes (the real notes recycled, each quoting a sentence of its own) and
MkDocs builds it; the real article (55 notes) is measured the same way beside them. Debian's Chromium
(Playwright) loads each page at 1440 x 900 (the margin layout: every entry placed beside its claim) and at
412 x 823 (a phone: notes open in place), with the script and with `edition.js` blocked (the request is
aborted; the page is otherwise the same). A load is timed from navigation start until the page has settled:
the later of the load event's end and the end of the last long task (PerformanceObserver 'longtask', tasks
over 50 ms) before a second without one, so work the script defers (placing entries after fonts and resizes)
counts. No CPU throttling: the ratio is the point. Targets: the script's page within 1.25x the blocked page's
time at every size, and the script's cost (on minus blocked) per note linear: the cost per note at 1,000
notes at most 1.25x the cost per note at 250.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402
from common import CHROMIUM, CHROMIUM_FLAGS, WORK, apply_patch, median, mkdocs_build, results_name, save, say, wait_for_quiet  # noqa: E402
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH, cli_patch, prepare  # noqa: E402

SIZES = (250, 1000)
LIMIT_RATIO = 1.25
LINEARITY = 1.25
WINDOWS = {
    "desktop": dict(viewport={"width": 1440, "height": 900}),
    "phone": dict(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True),
}
SCRIPT = "**/assets/edition/edition.js"
SYNTH_ARTICLE = "articles/synthetic-article-001/"

PROBE = """
window.__tasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) __tasks.push(e.startTime + e.duration); })
  .observe({ type: "longtask", buffered: true });
"""


def load_once(browser, url: str, window: str, blocked: bool) -> dict:
    context = browser.new_context(**WINDOWS[window])
    context.add_init_script(PROBE)
    if blocked:
        context.route(SCRIPT, lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=300_000)
    last = -1
    while True:  # settled: a whole second without a new long task
        page.wait_for_timeout(1000)
        count = page.evaluate("__tasks.length")
        if count == last:
            break
        last = count
    timing = page.evaluate("""() => { const n = performance.getEntriesByType("navigation")[0];
        return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd, tasks: __tasks.length, last: Math.max(0, ...__tasks),
                 placed: !!document.querySelector(".edition-notes__list[data-placed]"), notes: document.querySelectorAll(".edition-note").length }; }""")
    context.close()
    timing["settled"] = max(timing["load"], timing["last"])
    return timing


def pages(patch: Path | None) -> dict[str, tuple[Path, str, int]]:
    """{name: (built site, page path, notes)}: the real article and the synthetic ones."""
    real = prepare(patch=patch)
    out = {"real": (real["site-project"], ARTICLE_PATH, sum(1 for _ in (real["project"] / "annotations").glob("*/*.md")))}
    root = WORK / results_name("pagescale", patch)
    for notes in SIZES:
        project, site = root / f"project-{notes}", root / f"site-{notes}"
        synth.make(project, 1, notes, prepare()["project"])
        if patch:
            apply_patch(project, patch)
        seconds = mkdocs_build(project, site)
        say(f"pagescale: built an article with {notes} notes in {seconds:.1f} s")
        out[str(notes)] = (site, SYNTH_ARTICLE, notes)
    return out


def main(runs: int = 9, patch: Path | None = None) -> dict:
    built = pages(patch)
    data: dict = {"runs": runs, "sizes": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[f for f in CHROMIUM_FLAGS if f != "--headless=new"])
        for name, (site, path, notes) in built.items():
            with StaticServer(site) as server:
                for window in WINDOWS:
                    wait_for_quiet(limit=20)
                    loads = {"script": [], "blocked": []}
                    for run in range(runs):
                        for way in ("script", "blocked") if run % 2 == 0 else ("blocked", "script"):
                            loads[way].append(load_once(browser, server.url + path, window, way == "blocked"))
                    on, off = (median([t["settled"] for t in loads[w]]) for w in ("script", "blocked"))
                    data["sizes"].setdefault(name, {"notes": notes})[window] = {
                        "script_ms": on, "blocked_ms": off, "ratio": on / off, "cost_ms": on - off,
                        "cost_per_note_ms": (on - off) / notes, "loads": loads,
                    }
                    say(f"pagescale: {notes} notes, {window}: {on:.0f} ms with the script, {off:.0f} ms without: "
                        f"{on / off:.2f}x (limit {LIMIT_RATIO}x), {(on - off) / notes:.2f} ms per note")
        browser.close()
    checks = {}
    for window in WINDOWS:
        for name in data["sizes"]:
            result = data["sizes"][name][window]
            checks[f"{window} {data['sizes'][name]['notes']} notes"] = {"ratio": result["ratio"], "limit": LIMIT_RATIO, "pass": result["ratio"] <= LIMIT_RATIO}
        small, large = data["sizes"][str(SIZES[0])][window], data["sizes"][str(SIZES[1])][window]
        # Linear: what the script costs per note does not grow with the notes. A cost within noise of zero
        # (the blocked page as slow or slower) is linear however it divides.
        growth = large["cost_per_note_ms"] / small["cost_per_note_ms"] if small["cost_per_note_ms"] > 0 else None
        checks[f"{window} linear"] = {"cost_per_note_ms": [small["cost_per_note_ms"], large["cost_per_note_ms"]], "growth": growth,
                                      "limit": LINEARITY, "pass": growth is None or growth <= LINEARITY or large["cost_per_note_ms"] <= 0.05}
    data["checks"] = checks
    save(results_name("pagescale", patch), data)
    for key, check in checks.items():
        shown = f"{check['ratio']:.2f}x" if "ratio" in check else (f"cost per note {check['cost_per_note_ms'][0]:.3f} -> {check['cost_per_note_ms'][1]:.3f} ms"
                                                                   + (f" ({check['growth']:.2f}x)" if check["growth"] else ""))
        say(f"pagescale {key}: {shown} (limit {check['limit']}x) {'PASS' if check['pass'] else 'FAIL'}")
    return data


if __name__ == "__main__":
    patch, args = cli_patch(sys.argv[1:])
    main(int(args[0]) if args else 9, patch)
