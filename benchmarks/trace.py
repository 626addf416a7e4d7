"""Where one interaction's time goes: a trace and a CPU profile of one reader action on the article page.

    python benchmarks/trace.py SITE ACTION [WIDTH] [RUNS]
        SITE    a built site (benchmarks/work/real/site-project after `benchmarks/run sites`)
        ACTION  view (click "As first published") | open (click the 21st marker) | filter (ArrowDown on "Show")
                | search (the search opened, the key "O": the first letter of search.py's query)
        WIDTH   the window's width, default 1440 (a phone: 412)
    TRACE_CSS="..." python benchmarks/trace.py ...   # a what-if: that CSS added to the page (its CSP bypassed)

Debian's Chromium at WIDTH x 900, the page's main thread slowed 4x as in interaction.py. After the page has
loaded and settled, the pointer rests on the control; then the action is traced. Printed, as medians of the
runs in ms of the page's main thread: the script that ran (the edition's functions by name), style
recalculation, layout (with the objects it had to lay out), paint and pre-paint, and the largest paint's area.
Nothing here is a target: interaction.py measures those. This says which part of the browser's work to cut.
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CHROMIUM, CHROMIUM_FLAGS, median  # noqa: E402
from interaction import THROTTLE  # noqa: E402  (the same slowdown as the measured interactions)
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH  # noqa: E402

PHASES = {"UpdateLayoutTree": "style", "Layout": "layout", "Paint": "paint", "PrePaint": "pre-paint", "Layerize": "layerize"}


def control(page, action: str):
    if action == "view":
        return page.locator('label:has([data-view="as-published"])')
    if action == "open":
        return page.locator("a.edition-marker").nth(20)
    if action == "filter":
        return page.locator('select[name="show"]')
    if action == "search":
        return page.locator('label.md-header__button[for="__search"]:visible, .md-search__input:visible').first
    raise SystemExit(f"trace: unknown action {action!r} (view, open, filter or search)")


def act(page, action: str, box: dict) -> None:
    if action == "filter":
        page.keyboard.press("ArrowDown")
    elif action == "search":
        page.keyboard.press("O")
    else:
        page.mouse.click(box["x"] + 3, box["y"] + 3)


def script_time(profile: dict) -> dict[str, float]:
    """Inclusive ms of each named function in edition.js, and of all script, from a CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    spent = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        spent[sample] += delta
    out = collections.Counter()
    for node_id, micros in spent.items():
        frame = nodes[node_id]["callFrame"]
        if frame["functionName"] in ("(idle)", "(program)", "(garbage collector)", "(root)"):
            continue
        out["all script"] += micros / 1000
        seen, at = set(), node_id
        while at in nodes:
            frame = nodes[at]["callFrame"]
            if frame["url"].endswith("edition.js") and frame["functionName"] and frame["functionName"] not in seen:
                seen.add(frame["functionName"])
                out[f"edition.js {frame['functionName']}"] += micros / 1000
            at = parent.get(at)
    return dict(out)


def run_once(browser, url: str, action: str, width: int) -> dict:
    css = os.environ.get("TRACE_CSS")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bool(css))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(url, wait_until="load")
    if css:
        page.add_style_tag(content=css)
    page.wait_for_timeout(1500)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    target = control(page, action)
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = target.bounding_box()
    if action == "filter":
        target.focus()
    elif action == "search":
        target.click()
        page.locator(".md-search__input").wait_for(state="visible")
    else:
        page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.wait_for_timeout(500)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda message: done.append(True))
    cdp.send("Tracing.start", {"categories": "devtools.timeline,disabled-by-default-devtools.timeline", "transferMode": "ReportEvents"})
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
    cdp.send("Profiler.start")
    page.wait_for_timeout(200)
    act(page, action, box)
    page.wait_for_timeout(1500)
    profile = cdp.send("Profiler.stop")["profile"]
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    context.close()
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"}
    out = collections.Counter(script_time(profile))
    objects, largest = 0, (0.0, "")
    for event in events:
        if (event["pid"], event["tid"]) not in threads or event.get("ph") != "X" or event["name"] not in PHASES:
            continue
        ms = event.get("dur", 0) / 1000
        out[PHASES[event["name"]]] += ms
        if event["name"] == "Layout":
            objects += event.get("args", {}).get("beginData", {}).get("dirtyObjects", 0)
        if event["name"] == "Paint" and ms > largest[0]:
            clip = event["args"]["data"].get("clip", [0] * 8)
            largest = (ms, f"{clip[2] - clip[0]:.0f} x {clip[5] - clip[1]:.0f} px ({event['args']['data'].get('nodeName')})")
    return {"ms": dict(out), "layout objects": objects, "largest paint": largest[1]}


def main(site: Path, action: str, width: int = 1440, runs: int = 3) -> None:
    with StaticServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        results = [run_once(browser, server.url + ARTICLE_PATH, action, width) for _ in range(runs)]
        browser.close()
    print(f"trace: {action} at {width} px, {THROTTLE}x slowdown, {runs} runs (median ms of the page's main thread)")
    for key in sorted({k for r in results for k in r["ms"]}, key=lambda k: -median([r["ms"].get(k, 0) for r in results])):
        print(f"  {median([r['ms'].get(key, 0) for r in results]):7.1f}  {key}")
    print(f"  layout objects {median([r['layout objects'] for r in results]):.0f}; largest paint {results[-1]['largest paint']}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), sys.argv[2], *(int(a) for a in sys.argv[3:5]))
