"""One in-process `mkdocs build` with the annotation layer's time and call counts recorded.

    python benchmarks/instrument.py PROJECT_DIR SITE_DIR [--profile OUT.prof]

Prints JSON, in CPU seconds of this process (time.process_time: steadier than wall time when other work shares
the machine; the build is single-threaded): the whole build; the time to import the annotation core (`edition`,
which pulls in pydantic); inclusive time and call count of every event method of the `edition` plugin and of the
core's main functions; the numbers of pages and notes. With --profile, also writes a cProfile of the build
(config load included).

The core measured is the project folder's own (`PROJECT_DIR/scripts` first on sys.path, ahead of the editable
install). It wraps functions from outside (module and class attributes, MkDocs' event lists) and changes no
project file.
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

# The core's functions worth counting: (module, attribute), the attribute as its callers look it up. Callers
# reach another module's function as an attribute of that module (`anchor.find_quote`, `render.markdown_to_html`)
# or their own module's by its global name (`load_note` in load), so replacing that attribute catches every call;
# a name imported with `from .x import y` is patched where it is used (`load.check_note`). "Class.method"
# patches the method on the class (site.Site: what each page gets).
CORE = [
    ("site", "Site.load"), ("site", "Site.page_markdown"), ("site", "Site.page_content"), ("site", "Site._anchor"),
    ("site", "Site._block"), ("site", "Site.files"), ("site", "Site.finish"), ("site", "Site.retarget_search"),
    ("load", "load_edition"), ("load", "load_pages"), ("load", "load_note"), ("load", "note_files"),
    ("load", "read_document"), ("load", "check_note"), ("load", "parse_model"), ("load", "locate"),
    ("load", "markdown_renderer"), ("registry", "load"), ("validate", "check_sources"),
    ("frontmatter", "parse"), ("frontmatter", "parse_page"), ("frontmatter", "parse_yaml"),
    ("pages", "front_matter_problems"), ("pages", "raw_html_problems"), ("pages", "markup_problems"),
    ("render", "markdown_to_html"), ("render", "sanitize"), ("render", "environment"), ("render", "snippets"),
    ("anchor", "page_text"), ("anchor", "find_quote"), ("anchor", "wrap"),
    ("views", "annotate_all"), ("views", "timeline"), ("views", "sources_by_publisher"),
    ("csp", "fill"), ("csp", "mark_content"), ("shortcodes", "expand"),
    ("exports", "changes"), ("exports", "claim_reviews"), ("exports", "annotation_collection"),
]
PLUGIN_CLASS = "EditionPlugin"  # the layer's MkDocs plugin (edition.adapters.mkdocs): its event methods are timed


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
        # The snapshot's own core, not the editable install's (sys.path before site-packages, as PYTHONPATH).
        sys.path.insert(0, str(project / "scripts"))
        for module_name in dict.fromkeys(m for m, _ in CORE):
            importlib.import_module(f"edition.{module_name}")
        importlib.import_module("edition.adapters.mkdocs")

    imported_edition = time.process_time()
    missing = []
    for module_name, attribute in CORE if layer else []:
        owner = sys.modules[f"edition.{module_name}"]
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        function = getattr(owner, name, None) if owner is not None else None
        if isinstance(owner, type):
            function = owner.__dict__.get(name)
        if callable(function) or isinstance(function, staticmethod):
            wrapped = timed(f"{module_name}.{attribute}", function.__func__ if isinstance(function, staticmethod) else function)
            setattr(owner, name, staticmethod(wrapped) if isinstance(function, staticmethod) else wrapped)
        else:
            missing.append(f"{module_name}.{attribute}")
    if missing:  # the core changed: say what is no longer there rather than count nothing
        raise SystemExit(f"instrument: not in this snapshot's core: {', '.join(missing)}")

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    config_start = time.process_time()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    for event, methods in config.plugins.events.items():
        methods[:] = [
            timed(f"plugin on_{event}", m) if type(getattr(m, "__self__", None)).__name__ == PLUGIN_CLASS else m for m in methods
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
    plugin_seconds = sum(v for k, v in SECONDS.items() if k.startswith("plugin "))
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
            "of which the edition plugin": plugin_seconds,
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
