"""The two real sites every page benchmark compares: the project and its footnote baseline.

    python benchmarks/sites.py [--patch FILE]   # snapshot the project, write the baseline, build both

Writes benchmarks/work/real/{project,baseline} (the sources) and benchmarks/work/real/site-{project,baseline}
(the built sites, `mkdocs build --strict`). Other benchmarks call `prepare()`, which reuses what an earlier
step of the same run built. With a patch (a what-if: a change applied to the snapshot) everything goes
to benchmarks/work/real+<patch name>/ instead; the baseline is the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline  # noqa: E402
from common import ARTICLE_SLUG, ROOT, WORK, apply_patch, mkdocs_build, results_name, say, snapshot_project  # noqa: E402

REAL = WORK / "real"
ARTICLE_PATH = f"{ARTICLE_SLUG}/"


def prepare(fresh: bool = False, patch: Path | None = None) -> dict[str, Path]:
    """{'project': source dir, 'baseline': source dir, 'site-project': built site, 'site-baseline': built site}."""
    real = WORK / results_name("real", patch)
    paths = {name: real / name for name in ("project", "baseline", "site-project", "site-baseline")}
    if fresh or not all((paths[f"site-{n}"] / ARTICLE_PATH / "index.html").is_file() for n in ("project", "baseline")):
        say(f"sites: snapshot of the project and its footnote baseline in {real}")
        # A what-if starts from the same snapshot as the plain run, so the two differ only by the patch.
        snapshot_project(paths["project"], prepare()["project"] if patch else ROOT)
        stats = baseline.make(paths["project"], paths["baseline"])  # from the unpatched notes and pages
        if patch:
            apply_patch(paths["project"], patch)
            say(f"sites: applied {patch}")
        say(f"sites: baseline has {stats['pages']} pages, {stats['footnotes']} footnotes in {stats['articles']} article(s)")
        for name in ("project", "baseline"):
            seconds = mkdocs_build(paths[name], paths[f"site-{name}"], "--strict")
            say(f"sites: built {name} in {seconds:.2f} s")
    return paths


def cli_patch(argv: list[str]) -> tuple[Path | None, list[str]]:
    """(--patch FILE or None, the other arguments)."""
    if "--patch" in argv:
        i = argv.index("--patch")
        return Path(argv[i + 1]).resolve(), argv[:i] + argv[i + 2 :]
    return None, argv


if __name__ == "__main__":
    prepare(fresh=True, patch=cli_patch(sys.argv[1:])[0])
