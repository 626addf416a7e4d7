"""Search: the index's weight against the footnote baseline's, and the first search on a phone.

    python benchmarks/search.py [RUNS] [--patch FILE]     # default 5 page loads per site

1. Weight: `search/search_index.json` of each built site (MkDocs + Material's search plugin), gzip level 6 as
   the test server sends it, and what each page contributes (its entries re-encoded alone, raw and gzip, so
   the parts are comparable). Target: at most 1.2x the baseline's gzip size. The baseline's index holds the
   footnotes' text (benchmarks/baseline.py), so the ratio is what the layer's markup adds to searching the
   same notes. Zensical's own index (search.json) is weighed too, for information.
2. The first search on a phone: 412 x 823, touch, the page's main thread slowed 4x. After the page has
   loaded and settled, the reader taps the search button and types "Olenivka", a key every 120 ms. Measured
   in the page: from the first keydown's timestamp to the first frame that shows a result (a
   MutationObserver sees the results list change, then the next animation frame), and, for the whole word,
   from the last keydown to the frame that shows the results list as it changed after that key. Material searches in a Web Worker, and CDP's CPU
   throttling slows only the page's thread ("Operation is only supported for pages, not workers"), so each
   query's round trip to the worker (posted, answered: both seen from the page) is counted four times: the
   "phone" figure is the measured time plus three times the round trips inside it. Target: the first results
   within 300 ms (median of 5).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CHROMIUM, CHROMIUM_FLAGS, GZIP_LEVEL, WORK, median, results_name, save, say, timed_build, wait_for_quiet  # noqa: E402
from serve_static import StaticServer  # noqa: E402
from sites import ARTICLE_PATH, cli_patch, prepare  # noqa: E402

LIMIT_RATIO = 1.2
LIMIT_MS = 300
THROTTLE = 4
QUERY = "Olenivka"
KEY_DELAY_MS = 120
PHONE = dict(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)

PROBE = """
window.__search = { keys: [], frames: [], worker: [] };
const Original = window.Worker;
window.Worker = class extends Original {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => __search.worker.push({ dir: "in", type: event.data?.type, t: performance.now() }));
  }
  postMessage(message, ...rest) {
    __search.worker.push({ dir: "out", type: message?.type, t: performance.now() });
    return super.postMessage(message, ...rest);
  }
};
addEventListener("keydown", (event) => __search.keys.push(event.timeStamp), true);
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
new MutationObserver((records) => {
  if (!records.some((r) => r.target.closest?.(".md-search-result"))) return;
  const at = performance.now();
  frame().then((t) => __search.frames.push({ at, t, items: document.querySelectorAll(".md-search-result__item").length }));
}).observe(document, { childList: true, subtree: true });  // documentElement does not exist yet
"""


def entry_sizes(index: dict) -> dict:
    """Raw and gzip bytes of each page's entries, alone (notes of a page counted apart from its text)."""
    groups: dict[str, list] = defaultdict(list)
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        groups[(page or "/") + (" notes" if anchor.startswith("note-") else "")].append(doc)
    out = {}
    for name, docs in sorted(groups.items(), key=lambda kv: -len(json.dumps(kv[1], ensure_ascii=False))):
        data = json.dumps(docs, ensure_ascii=False).encode()
        out[name] = {"entries": len(docs), "raw": len(data), "gzip": len(gzip.compress(data, GZIP_LEVEL, mtime=0))}
    return out


def weigh(path: Path) -> dict:
    data = path.read_bytes()
    return {"file": str(path.relative_to(WORK)), "raw": len(data), "gzip": len(gzip.compress(data, GZIP_LEVEL, mtime=0)),
            "entries": len(json.loads(data)["docs"]) if path.name == "search_index.json" else None,
            "by_page": entry_sizes(json.loads(data)) if path.name == "search_index.json" else None}


def zensical_indexes(sites: dict) -> dict:
    """Zensical's search.json of the project and of the baseline, each site built once with Zensical."""
    out = {}
    for name in ("project", "baseline"):
        site = WORK / "sites-scratch" / "zensical-search" / name
        timed_build(sites[name], site, engine="zensical")
        out[name] = weigh(site / "search.json")
    return out


def first_search(browser, url: str) -> dict:
    context = browser.new_context(**PHONE)
    context.add_init_script(PROBE)
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2000)
    page.locator('label.md-header__button[for="__search"]').tap()
    page.locator(".md-search__input").wait_for(state="visible")
    page.wait_for_timeout(300)
    page.keyboard.type(QUERY, delay=KEY_DELAY_MS)
    page.wait_for_timeout(2000)
    probe = page.evaluate("__search")
    result = page.evaluate("document.querySelectorAll('.md-search-result__item').length")
    context.close()
    first, last = probe["keys"][0], probe["keys"][-1]
    shown_frames = [f for f in probe["frames"] if f["items"] and f["at"] >= first]
    word_frames = [f for f in probe["frames"] if f["at"] >= last]
    if not shown_frames or not word_frames or not result:
        raise RuntimeError(f"search: no results shown for {QUERY!r} on {url}")
    shown_at, word_at = shown_frames[0]["t"], word_frames[0]["t"]

    def round_trips(start: float, end: float) -> float:
        """Time between a query posted to the worker and its answer, for the queries inside [start, end]."""
        total, posted = 0.0, None
        for message in probe["worker"]:
            if message["dir"] == "out" and start <= message["t"] <= end:
                posted = message["t"]
            elif message["dir"] == "in" and posted is not None:
                total += min(message["t"], end) - posted
                posted = None
        return total

    shown, found = shown_at - first, word_at - last
    worker_shown, worker_found = round_trips(first, shown_at), round_trips(last, word_at)
    return {
        "first_results_ms": shown, "worker_ms": worker_shown, "phone_first_results_ms": shown + (THROTTLE - 1) * worker_shown,
        "word_results_ms": found, "word_worker_ms": worker_found, "phone_word_results_ms": found + (THROTTLE - 1) * worker_found,
        "keys": len(probe["keys"]), "messages": len(probe["worker"]), "results": result,
    }


def main(runs: int = 5, patch: Path | None = None) -> dict:
    sites = prepare(patch=patch)
    weights = {name: weigh(sites[f"site-{name}"] / "search" / "search_index.json") for name in ("project", "baseline")}
    ratio = weights["project"]["gzip"] / weights["baseline"]["gzip"]
    data: dict = {"weight": weights, "weight_target": {"ratio": ratio, "limit": LIMIT_RATIO, "pass": ratio <= LIMIT_RATIO,
                                                       "project": weights["project"]["gzip"], "baseline": weights["baseline"]["gzip"]}}
    say(f"search: index {weights['project']['gzip']:,} B gzip ({weights['project']['raw']:,} raw, {weights['project']['entries']} entries) "
        f"against {weights['baseline']['gzip']:,} B ({weights['baseline']['raw']:,} raw, {weights['baseline']['entries']} entries): "
        f"{ratio:.2f}x (limit {LIMIT_RATIO}x) {'PASS' if ratio <= LIMIT_RATIO else 'FAIL'}")
    for name in ("project", "baseline"):
        for page, size in weights[name]["by_page"].items():
            say(f"  {name:8} {page:60} {size['entries']:3} entries {size['raw']:>8,} B raw {size['gzip']:>7,} B gzip")
    data["zensical"] = zensical_indexes(sites)
    z = data["zensical"]
    say(f"search: Zensical's search.json {z['project']['gzip']:,} B gzip against {z['baseline']['gzip']:,} B: "
        f"{z['project']['gzip'] / z['baseline']['gzip']:.2f}x (for information)")

    results: dict[str, list] = {"project": [], "baseline": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[f for f in CHROMIUM_FLAGS if f != "--headless=new"])
        with StaticServer(sites["site-project"]) as project, StaticServer(sites["site-baseline"]) as base:
            urls = {"project": project.url + ARTICLE_PATH, "baseline": base.url + ARTICLE_PATH}
            for run in range(runs):
                wait_for_quiet(limit=20)
                for name in ("project", "baseline") if run % 2 == 0 else ("baseline", "project"):
                    result = first_search(browser, urls[name])
                    results[name].append(result)
                    say(f"search {run + 1}/{runs} {name}: first results {result['first_results_ms']:.0f} ms "
                        f"(phone, worker x{THROTTLE}: {result['phone_first_results_ms']:.0f} ms); whole word {result['word_results_ms']:.0f} ms "
                        f"after its last key (phone: {result['phone_word_results_ms']:.0f} ms)")
        browser.close()
    data["first_search"] = results
    summary = {name: {key: median([r[key] for r in rs]) for key in rs[0]} for name, rs in results.items()}
    data["first_search_summary"] = summary
    phone = summary["project"]["phone_first_results_ms"]
    data["first_search_target"] = {"value_ms": phone, "baseline_ms": summary["baseline"]["phone_first_results_ms"], "limit_ms": LIMIT_MS, "pass": phone <= LIMIT_MS}
    save(results_name("search", patch), data)
    say(f"search: first results on a phone {phone:.0f} ms (median; baseline {summary['baseline']['phone_first_results_ms']:.0f} ms; "
        f"limit {LIMIT_MS} ms) {'PASS' if phone <= LIMIT_MS else 'FAIL'}")
    return data


if __name__ == "__main__":
    patch, args = cli_patch(sys.argv[1:])
    main(int(args[0]) if args else 5, patch)
