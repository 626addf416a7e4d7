"""Tables from the results of a run: benchmarks/work/results/*.json -> benchmarks/work/results.md (and stdout).

    python benchmarks/report.py

RESULTS.md is written by a person from these tables plus the findings; this script only lays out numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, WORK, load  # noqa: E402
from lighthouse import TBT_LIMIT_MS  # noqa: E402


def verdict(*passes) -> str:
    return "PASS" if all(passes) else "FAIL"


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} KB"


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


# Where stock Material does the same thing on the baseline page (interaction.py): opening a note is its
# footnote tooltip, the search the same search.
STOCK_INTERACTION = {"open": ("baseline-tooltips", "open"), "open search": ("baseline", "open search"), "search": ("baseline", "search")}


def stock_interaction(it: dict, key: str) -> float | None:
    """Stock Material's median for the interaction `key` ("phone open search"), if the baseline has one."""
    window, _, what = key.partition(" ")
    site, name = STOCK_INTERACTION.get(what, (None, None))
    value = it["summary"].get(site, {}).get(window, {}).get(name) if site else None
    return value["median_ms"] if value else None


def stock_rows() -> list[list]:
    """Stock Material measured against the limits that are absolute (not relative to it), on the same runs: where
    stock misses one too, the limit is out of reach on this machine for any page built on Material."""
    rows = []
    lh, it, se = load("lighthouse"), load("interaction"), load("search")
    if lh and "checks" in lh:
        value = lh["checks"]["TBT ms"]["baseline"]
        rows.append([f"2 Lighthouse TBT (median of {len(lh['runs']['baseline'])})", f"{value:.0f} ms", f"≤ {TBT_LIMIT_MS} ms", verdict(value <= TBT_LIMIT_MS)])
    if it:
        for key, check in it["checks"].items():
            stock = stock_interaction(it, key) if "limit_ms" in check else None
            if stock is not None:
                what = " (its footnote tooltip)" if key.endswith(" open") else ""
                rows.append([f"6 INP {key}{what} (median of {it['runs']}, 4x CPU)", f"{stock:.0f} ms", f"≤ {check['limit_ms']} ms", verdict(stock <= check["limit_ms"])])
    if se:
        value, limit = se["first_search_target"]["baseline_ms"], se["first_search_target"]["limit_ms"]
        rows.append(["7 first search on a phone: first key → results (median, worker x4)", f"{value:.0f} ms", f"≤ {limit} ms", verdict(value <= limit)])
    return rows


def summary_rows(suffix: str = "") -> list[list]:
    rows = []
    w = load("weight" + suffix)
    if w:
        t = w["target"]
        rows.append(["1 page weight: CSS+JS gzip added", f"{t['value']:,} B", f"project {t['project']:,} B, baseline {t['baseline']:,} B",
                     f"{t['ratio']:.3f}x", "≤ 10,240 B added", verdict(t["pass"])])
    lh = load("lighthouse" + suffix)
    if lh and "error" in lh:
        rows.append(["2 Lighthouse", "could not run", "", "", "", "n/a: " + lh["error"][:120]])
    elif lh:
        c = lh["checks"]
        for key, label, limit in (("performance", "performance", "≥ baseline − 0.01"), ("accessibility", "accessibility", "1.00"),
                                  ("best-practices", "best practices", "1.00"), ("seo", "SEO", "1.00"),
                                  ("CLS", "CLS", "0"), ("TBT ms", "TBT", "≤ 50 ms")):
            p, b = c[key]["project"], c[key]["baseline"]
            ratio = f"{p / b:.2f}x" if b else "–"
            fmt = (lambda v: f"{v:.0f} ms") if key == "TBT ms" else ((lambda v: f"{v:.3f}") if key == "CLS" else (lambda v: f"{v:.2f}"))
            rows.append([f"2 Lighthouse {label} (median of {len(lh['runs']['project'])})", fmt(p), fmt(b), ratio, limit, verdict(c[key]["pass"])])
    it = load("interaction" + suffix)
    if it:
        for key, check in it["checks"].items():
            if "pass" not in check:
                continue
            stock = stock_interaction(it, key)
            baseline = f"{check['baseline_ms']:.0f} ms" if "baseline_ms" in check else (f"stock {stock:.0f} ms" if stock is not None else "")
            limit = "≤ footnote tooltip" if "baseline_ms" in check else "≤ 100 ms"
            rows.append([f"6 INP {key} (median of {it['runs']}, 4x CPU)", f"{check['project_ms']:.0f} ms", baseline, "", limit, verdict(check["pass"])])
    se = load("search" + suffix)
    if se:
        w, f = se["weight_target"], se["first_search_target"]
        rows.append(["7 search index, gzip", f"{w['project']:,} B", f"{w['baseline']:,} B", f"{w['ratio']:.2f}x", "≤ 1.2x", verdict(w["pass"])])
        rows.append(["7 first search on a phone: first key → results (median, worker x4)", f"{f['value_ms']:.0f} ms", f"{f['baseline_ms']:.0f} ms", "",
                     "≤ 300 ms", verdict(f["pass"])])
    ps = load("pagescale" + suffix)
    if ps:
        for key, check in ps["checks"].items():
            if "ratio" in check:
                rows.append([f"8 page script load, {key} (script on / blocked, median of {ps['runs']})", f"{check['ratio']:.2f}x", "", "", "≤ 1.25x", verdict(check["pass"])])
            else:
                a, b = check["cost_per_note_ms"]
                rows.append([f"8 page script, {key}: ms per note at 250 → 1,000 notes", f"{a:.2f} → {b:.2f} ms", "",
                             f"{check['growth']:.2f}x" if check["growth"] else "–", "≤ 1.25x", verdict(check["pass"])])
    bd = load("build" + suffix)
    if bd:
        for engine, e in bd.get("engines", {}).items():
            if engine == "mkdocs":
                continue
            rows.append([f"3 build on {engine} (median of {len(e['project']['cpu'])}, CPU)", f"{e['project']['cpu_median']:.3f} s",
                         f"{e['baseline']['cpu_median']:.3f} s", f"{e['target']['cpu_ratio']:.2f}x", "≤ 1.25x", verdict(e["target"]["pass"])])
        s, t = bd["summary"], bd["target"]
        rows.append([f"3 build, whole site (median of {len(s['project']['cpu'])}, CPU time)", f"{s['project']['cpu_median']:.3f} s",
                     f"{s['baseline']['cpu_median']:.3f} s", f"{t['cpu_ratio']:.2f}x", "≤ 1.25x", verdict(t["pass"])])
        rows.append(["3 build, same, wall time", f"{s['project']['wall_median']:.3f} s", f"{s['baseline']['wall_median']:.3f} s",
                     f"{t.get('wall_ratio', t['value']):.2f}x", "≤ 1.25x", verdict(t.get("pass_wall", t["pass"])) + " (informative)"])
        rows[-2][0] = rows[-2][0].replace("3 build, whole site", "3 build on mkdocs, whole site")
        once = all(c["ok"] for c in bd["once_per_build"].values())
        rows.append(["3 notes read/checked/rendered once per build", "yes" if once else "no", "", "", "once per build", verdict(once)])
    sc = load("scale" + suffix)
    if sc:
        t, big, small = sc["target"], sc["sizes"]["200"], sc["sizes"]["20"]
        rows.append([f"4 scale: added per note, 200×30 notes (median of {len(big['project']['cpu'])} paired differences, CPU)", f"{t['per_note_cpu_ms']:.3f} ms",
                     f"project {big['project']['cpu_median']:.2f} s, baseline {big['baseline']['cpu_median']:.2f} s",
                     f"{big['project']['cpu_median'] / big['baseline']['cpu_median']:.2f}x", "≤ 0.5 ms", verdict(t["pass_per_note"])])
        rows.append(["4 scale: same, wall time", f"{t['per_note_ms']:.3f} ms",
                     f"project {big['project']['wall_median']:.2f} s, baseline {big['baseline']['wall_median']:.2f} s",
                     f"{big['project']['wall_median'] / big['baseline']['wall_median']:.2f}x", "≤ 0.5 ms",
                     verdict(t["per_note_ms"] <= t["limit_ms"]) + " (informative)"])
        if "medians_difference_cpu_ms_per_note" in big:
            rows.append(["4 scale: same, as the difference of the two medians", f"{big['medians_difference_cpu_ms_per_note']:.3f} ms",
                         "", "", "≤ 0.5 ms", verdict(big["medians_difference_cpu_ms_per_note"] <= t["limit_ms"]) + " (informative)"])
        a, b = t["marginal_cpu_ms_per_note"]
        rows.append(["4 scale: linear? CPU ms per extra note, 20→100 vs 100→200 articles", f"{a:.3f} vs {b:.3f} ms",
                     "", f"{b / a:.2f}x", "≤ 1.25x", verdict(t["pass_linear"])])
        rows.append(["4 scale: (two-point) CPU ms per note at 200 vs at 20 articles",
                     f"{big['added_cpu_ms_per_note']:.3f} vs {small['added_cpu_ms_per_note']:.3f} ms",
                     f"added {big['added_cpu_s'] / small['added_cpu_s']:.1f}x for 10x notes", f"{t['per_note_growth_cpu']:.2f}x", "≤ 1.25x",
                     verdict(t["per_note_growth_cpu"] <= t["linearity_limit"]) + " (informative)"])
        per20, per200 = sc["breakdown_20"]["project_cpu"], sc["breakdown_200"]["project_cpu"]
        hooks20, hooks200 = 1000 * per20["of which the edition plugin"] / small["notes"], 1000 * per200["of which the edition plugin"] / big["notes"]
        rows.append(["4 scale: the edition plugin's own events, CPU ms per note at 200 vs 20 (instrumented)", f"{hooks200:.3f} vs {hooks20:.3f} ms",
                     "", f"{hooks200 / hooks20:.2f}x", "≤ 1.25x", verdict(hooks200 / hooks20 <= t["linearity_limit"]) + " (informative)"])
    lv = load("live" + suffix)
    if lv:
        rows.append([f"5 live edit: save → response (median of {len(lv['trials'])})", f"{lv['median_s']:.3f} s",
                     f"noticed after {lv['median_detection_s']:.3f} s, rebuild {lv['median_rebuild_s']:.3f} s (medians)", "–", "≤ 1 s", verdict(lv["target"]["pass"])])
    return rows


def main() -> str:
    out: list[str] = []
    m = load("machine")
    if m:
        out += ["## Machine", ""]
        out += table(["what", "value"], [
            ["cores (nproc)", m["nproc"]], ["memory", m["memory"]], ["CPU", m["cpu"]], ["OS", f"{m['os']} (kernel {m['kernel']})"],
            ["Python", m["python"]], *[[k, v] for k, v in m["packages"].items()], ["PyYAML built with libyaml", m["pyyaml_libyaml"]],
            ["Chromium", m["chromium"]], ["Node / npm", f"{m['node']} / {m['npm']}"], ["Lighthouse", m["lighthouse"]],
            ["gzip level of the test server", m["gzip_level"]], ["load average at start", ", ".join(f"{x:.2f}" for x in m["load_average_at_start"])],
        ])
    out += ["## Summary", ""]
    out += table(["target", "project", "baseline", "ratio", "limit", "result"], summary_rows())
    stock = stock_rows()
    if stock:
        out += ["### Stock Material against the absolute limits (the baseline page, the same runs)", ""]
        out += table(["target", "stock Material", "limit", "result"], stock)
    # What-ifs (`--patch FILE`, or `benchmarks/run whatif FILE`) are saved as <target>+<patch name>.json.
    for patch in sorted({f.stem.split("+", 1)[1] for f in RESULTS.glob("*+*.json")}):
        rows = summary_rows("+" + patch)
        if rows:
            out += [f"## What-if: the same targets with {patch}.patch applied to the snapshot", ""]
            out += table(["target", "project", "baseline", "ratio", "limit", "result"], rows)

    w = load("weight")
    if w:
        out += ["## 1. Article page weight (every resource the page loads, as served)", ""]
        for name in ("project", "baseline"):
            rows = [[r["path"], r["kind"], f"{r['gzip_bytes']:,}", f"{r['raw_bytes']:,}"] for r in w[name]["resources"]]
            rows.append(["**total**", "", f"**{w[name]['gzip_total']:,}**", ""])
            out += [f"{name}:", ""] + table(["resource", "kind", "gzip bytes", "raw bytes"], rows)
    lh = load("lighthouse")
    if lh and "summary" in lh:
        out += ["## 2. Lighthouse medians", ""]
        s = lh["summary"]
        keys = list(s["project"]["scores"]) + list(s["project"]["metrics"])
        rows = [[k, *(round(s[n]["scores"].get(k, s[n]["metrics"].get(k)), 3) for n in ("project", "baseline"))] for k in keys]
        out += table(["", "project", "baseline"], rows)
        for name in ("project", "baseline"):
            runs = lh["runs"][name]
            out += [f"{name} runs: " + "; ".join(f"perf {r['scores']['performance']:.2f} TBT {r['metrics']['TBT ms']:.0f} ms "
                                                   f"(load {r.get('load', 0):.1f}, benchmark index {r.get('benchmark_index')})" for r in runs), ""]
        for name in ("project", "baseline"):
            d = lh["diagnostics"][name]
            out += [f"{name} main thread ({d['file']}, DOM {d['dom_size']}): "
                    + ", ".join(f"{x['groupLabel']} {x['duration']:.0f} ms" for x in d["mainthread"]), ""]
    it = load("interaction")
    if it:
        out += ["## 6. Interaction to Next Paint (ms, 4x CPU; each run a fresh page)", ""]
        for window in ("phone", "desktop"):
            rows = []
            for name, windows in it["summary"].items():
                for key, value in windows[window].items():
                    rows.append([name, key, f"{value['median_ms']:.0f}", f"{value['max_ms']:.0f}", " ".join(f"{v:.0f}" for v in value["runs_ms"])])
            out += [f"{window}:", ""] + table(["site", "interaction", "median", "max", "runs"], rows)
    se = load("search")
    if se:
        out += ["## 7. Search index (gzip bytes by page)", ""]
        rows = [[name, page, v["entries"], f"{v['raw']:,}", f"{v['gzip']:,}"] for name in ("project", "baseline") for page, v in se["weight"][name]["by_page"].items()]
        out += table(["site", "page", "entries", "raw", "gzip"], rows)
        z = se["zensical"]
        out += [f"Zensical's search.json: project {z['project']['gzip']:,} B gzip, baseline {z['baseline']['gzip']:,} B.", ""]
        rows = [[name, *(f"{v[k]:.0f}" for k in ("first_results_ms", "worker_ms", "phone_first_results_ms", "word_results_ms", "phone_word_results_ms"))]
                for name, v in se["first_search_summary"].items()]
        out += table(["site", "first results ms", "worker ms", "phone (worker x4) ms", "whole word ms", "phone whole word ms"], rows)
    ps = load("pagescale")
    if ps:
        out += ["## 8. Page script at scale (ms to settled, medians)", ""]
        rows = [[d["notes"], window, f"{d[window]['script_ms']:.0f}", f"{d[window]['blocked_ms']:.0f}", f"{d[window]['ratio']:.2f}x", f"{d[window]['cost_per_note_ms']:.2f}"]
                for d in ps["sizes"].values() for window in ("desktop", "phone")]
        out += table(["notes", "window", "script on", "blocked", "ratio", "ms per note"], rows)
    bd = load("build")
    if bd:
        out += ["## 3. Build", ""]
        for engine, e in bd.get("engines", {}).items():
            out += table([f"{engine}", "wall runs (s)", "CPU runs (s)"], [[n, e[n]["wall"], e[n]["cpu"]] for n in ("project", "baseline")])
        s = bd["summary"]
        out += table(["", "wall runs (s)", "CPU runs (s)"], [[n, s[n]["wall"], s[n]["cpu"]] for n in ("project", "baseline")])
        p, b = bd["breakdown_project"]["cpu_seconds"], bd["breakdown_baseline"]["cpu_seconds"]
        out += table(["CPU seconds, one instrumented build", "project", "baseline"], [[k, f"{p[k]:.3f}", f"{b.get(k, 0):.3f}"] for k in p])
        out += table(["step", "calls", "once per build", "if once per page", "ok"],
                     [[k, v["calls"], v["once_per_build"], v["per_page_would_be"], v["ok"]] for k, v in bd["once_per_build"].items()])
        out += table(["core function (cProfile, inflated by profiling)", "calls", "cumulative s"],
                     [[r["function"], r["calls"], r["cumulative_s"]] for r in bd["profile_top_core"]])
    sc = load("scale")
    if sc:
        out += ["## 4. Scale", ""]
        rows = []
        for size, d in sc["sizes"].items():
            rows.append([size, d["notes"], f"{d['project']['wall_median']:.2f}", f"{d['baseline']['wall_median']:.2f}", f"{d['added_s']:.2f}",
                         f"{d['added_ms_per_note']:.3f}", f"{d['added_cpu_ms_per_note']:.3f}"])
        out += table(["articles", "notes", "project s", "baseline s", "added s", "ms/note (wall)", "ms/note (CPU)"], rows)
        big_steps, small_steps = sc["breakdown_200"]["ms_per_note"], sc.get("breakdown_20", {}).get("ms_per_note", {})
        out += table(["step (inclusive CPU, instrumented build)", "ms per note at 20 articles", "ms per note at 200 articles"],
                     [[k, small_steps.get(k, "–"), v] for k, v in sorted(big_steps.items(), key=lambda kv: -kv[1]) if v >= 0.005])
    lv = load("live")
    if lv:
        out += ["## 5. Live editing", ""]
        out += table(["save", "latency s", "noticed after s", "rebuild s"],
                     [[i + 1, t["latency_s"], t["detected_after_s"], t["rebuild_s"]] for i, t in enumerate(lv["trials"])])
    text = "\n".join(out) + "\n"
    (WORK / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return text


if __name__ == "__main__":
    main()
