"""One in-process `mkdocs build` with the annotation layer's time and call counts recorded.

    python benchmarks/instrument.py PROJECT_DIR SITE_DIR [--profile OUT.prof]

Prints JSON, in CPU seconds of this process (time.process_time: steadier than wall time when other work shares
the machine; the build is single-threaded): the whole build; the time to import the annotation core (`edition`, which pulls in
pydantic); inclusive time and call count of every hook event and of the core's main functions; the numbers of
pages and notes. With --profile, also writes a cProfile of the build (config load included).

It wraps functions from outside (module attributes and MkDocs' event lists) and changes no project file.
"""

from __future__ import annotations

import cProfile
import functools
import importlib
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

CALLS: dict[str, int] = defaultdict(int)
SECONDS: dict[str, float] = defaultdict(float)

# The core's functions worth counting: (module, attribute). Callers look each up as an attribute of that module
# (pipeline's own helpers and the names it imports are patched in pipeline), so replacing it catches every call.
CORE = [
    ("pipeline", "load_edition"), ("pipeline", "find_articles"), ("pipeline", "load_publishers"),
    ("pipeline", "load_note"), ("pipeline", "read_document"), ("pipeline", "parse_model"),
    ("pipeline", "check_sources"), ("pipeline", "display_path"), ("pipeline", "check_anchors"),
    ("pipeline", "locate"), ("pipeline", "annotate_page"), ("pipeline", "timeline"),
    ("pipeline", "sources_by_publisher"), ("pipeline", "markdown_renderer"),
    ("frontmatter", "parse"), ("render", "markdown_to_html"), ("render", "sanitize"), ("render", "environment"),
    ("render", "snippets"), ("anchor", "page_text"), ("anchor", "find_quote"), ("anchor", "wrap"),
    ("csp", "fill"), ("shortcodes", "expand"),
    ("exports", "changes"), ("exports", "claim_reviews"), ("exports", "annotation_collection"),
]


def timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            CALLS[name] += 1
            SECONDS[name] += time.process_time() - start

    return wrapper


def main(project: Path, site: Path, profile: str | None) -> dict:
    os.chdir(project)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    started, wall_started = time.process_time(), time.perf_counter()
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    imported_mkdocs = time.process_time()
    layer = (project / "scripts" / "edition").is_dir()  # a baseline project has no annotation layer
    if layer:
        sys.path.insert(0, str(project / "scripts"))
        for module_name in dict.fromkeys(m for m, _ in CORE):
            try:
                importlib.import_module(f"edition.{module_name}")
            except ImportError:  # the core changes; count what exists
                pass

    imported_edition = time.process_time()
    for module_name, attribute in CORE if layer else []:
        module = sys.modules.get(f"edition.{module_name}")
        if module is not None and callable(getattr(module, attribute, None)):
            setattr(module, attribute, timed(f"{module_name}.{attribute}", getattr(module, attribute)))

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    config_start = time.process_time()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    hooks = {getattr(m, "__module__", "") for m in sum(config.plugins.events.values(), [])}
    hook_module = next((name for name in hooks if name.endswith("mkdocs_hooks.py")), None)
    for event, methods in config.plugins.events.items():
        methods[:] = [
            timed(f"hook on_{event}", m) if getattr(m, "__module__", None) == hook_module else m for m in methods
        ]
    build_start = time.process_time()
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build.build(config)
    config.plugins.on_shutdown()
    finished = time.process_time()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)

    pages = sum(1 for _ in site.rglob("index.html"))
    notes = sum(1 for _ in (project / "annotations").glob("*/*.md")) if layer else None
    hook_seconds = sum(v for k, v in SECONDS.items() if k.startswith("hook "))
    return {
        "project": str(project),
        "pages_built": pages,
        "notes": notes,
        "articles": len([p for p in (project / "annotations").iterdir() if p.is_dir()]) if layer else None,
        "wall_seconds_total": time.perf_counter() - wall_started,
        "cpu_seconds": {
            "import mkdocs": imported_mkdocs - started,
            "import edition (core + pydantic)": imported_edition - imported_mkdocs,
            "load_config": build_start - config_start,
            "build (all events)": finished - build_start,
            "of which hooks": hook_seconds,
            "total": finished - started,
        },
        "calls": dict(sorted(CALLS.items())),
        "inclusive_seconds": {k: round(v, 4) for k, v in sorted(SECONDS.items())},
    }


if __name__ == "__main__":
    args = sys.argv[1:]
    profile = None
    if "--profile" in args:
        i = args.index("--profile")
        profile = str(Path(args[i + 1]).resolve())
        del args[i : i + 2]
    if len(args) != 2:
        raise SystemExit(__doc__)
    print(json.dumps(main(Path(args[0]).resolve(), Path(args[1]).resolve(), profile), indent=2))
