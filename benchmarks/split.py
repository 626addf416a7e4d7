"""Where an interaction's latency goes, as the Event Timing API splits it, with an optional what-if beside it.

    python benchmarks/split.py SITE [RUNS]          # opening a note (interaction.py's way), both windows
    SPLIT_CSS="..." python benchmarks/split.py SITE  # the same, interleaved with that CSS added to the page
    SPLIT_JS="() => ..." python benchmarks/split.py SITE  # ... or with that function run after the load

SITE is a built site (benchmarks/work/real/site-project after `benchmarks/run sites`). Each run loads the
article page as interaction.py does (4x slowdown, the same windows, the same note per run) and opens a note.
Printed per window, for the page as it is (A) and, with a what-if, for the page with it (B): the median
latency and, for each run, the worst entry's name and its split in ms: input delay (processingStart -
startTime), handlers (processingEnd - processingStart), and the rest until the next paint (presentation).
Nothing here is a target: interaction.py measures those. This says whether to cut script or rendering.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import interaction  # noqa: E402
from common import CHROMIUM, CHROMIUM_FLAGS, median  # noqa: E402
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH  # noqa: E402

# interaction.py's observer, keeping when each entry's handlers started and ended too.
OBSERVER = interaction.OBSERVER.replace("start: e.startTime", "start: e.startTime, began: e.processingStart, ended: e.processingEnd")


def open_note(browser, url: str, window: str, run: int, runs: int, css: str, js: str) -> dict:
    context = browser.new_context(**interaction.WINDOWS[window], bypass_csp=bool(css))
    context.add_init_script(OBSERVER)
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": interaction.THROTTLE})
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if css:
        page.add_style_tag(content=css)
    if js:
        page.evaluate(js)
    page.wait_for_timeout(1500)
    refs = page.locator(".edition-article a.edition-marker")
    ref = refs.nth(min(refs.count() - 1, int((run + 0.5) * refs.count() / runs)))
    ref.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    interaction.hover(page, ref, window)
    seen = page.evaluate("__bench.events.length")
    interaction.press(page, ref, window)
    interaction.settle(page)
    entries = page.evaluate(f"__bench.events.slice({seen})")
    context.close()
    if not entries:
        return {"ms": interaction.FLOOR_MS, "split": "below the floor"}
    worst = max(entries, key=lambda e: e["duration"])
    delay, handlers = worst["began"] - worst["start"], worst["ended"] - worst["began"]
    rest = worst["start"] + worst["duration"] - worst["ended"]
    return {"ms": worst["duration"], "split": f"{worst['name']} {delay:.0f} + {handlers:.0f} + {rest:.0f}"}


def main(site: Path, runs: int = 5) -> None:
    css, js = os.environ.get("SPLIT_CSS", ""), os.environ.get("SPLIT_JS", "")
    variants = {"A": ("", "")} | ({"B": (css, js)} if css or js else {})
    results: dict = {}
    with StaticServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[f for f in CHROMIUM_FLAGS if f != "--headless=new"])
        for window in interaction.WINDOWS:
            for run in range(runs):
                for name in variants if run % 2 == 0 else list(variants)[::-1]:  # interleaved, alternating order
                    result = open_note(browser, server.url + ARTICLE_PATH, window, run, runs, *variants[name])
                    results.setdefault((window, name), []).append(result)
        browser.close()
    print(f"split: opening a note, {runs} runs, {interaction.THROTTLE}x slowdown; worst entry: input delay + handlers + to the paint (ms)")
    for (window, name), found in results.items():
        print(f"  {window:8} {name}  median {median([r['ms'] for r in found]):4.0f} ms   " + "; ".join(r["split"] for r in found))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3]))
