"""The MkDocs glue: one thin layer over the annotation core in `edition/`.

MkDocs loads this file once per process and never reloads it under `mkdocs serve`, so it only wires events to
the core; restart `serve` after editing Python. Notes are loaded and checked once per build, in on_pre_build:
a bad note stops `mkdocs build` before MkDocs cleans the output folder. Under `mkdocs serve` a bad note is
reported in the console and on every page while the site keeps serving the last good notes (MkDocs' own
answer to a failed rebuild is to hold every request until the next good one).
"""

from __future__ import annotations

import gc
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the core is a plain package beside this file

import jinja2  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from edition import csp, exports, pipeline, render, shortcodes  # noqa: E402
from edition.problems import EditionError  # noqa: E402

log = logging.getLogger("mkdocs.plugins.edition")

# Per-build state: reset in on_pre_build, filled while pages render. `_session` outlives builds under serve.
_build: dict = {}
_session: dict = {"command": "build", "last_good": None}


def on_startup(command, dirty) -> None:
    _session["command"] = command


def on_pre_build(config) -> None:
    gc.unfreeze()  # under serve: the previous build's notes may be collected now
    root = Path(config.config_file_path).parent
    to_html = pipeline.markdown_renderer(config.markdown_extensions, config.mdx_configs)
    error = None
    try:
        edition = pipeline.load_edition(root, Path(config.docs_dir), root / "annotations", to_html)
        _session["last_good"] = edition
    except EditionError as problems:
        if _session["command"] != "serve" or _session["last_good"] is None:
            raise PluginError(str(problems)) from None
        log.error("%s\nServing the last good version of the notes until this is fixed.", problems)
        edition, error = _session["last_good"], str(problems)
    _build.clear()
    _build.update(edition=edition, pages={}, error=error, env=render.environment(Path(config.theme.custom_dir)))
    # The notes just loaded stay alive until the build ends. Moved out of the collector's way, they are not
    # scanned again by every full collection while the pages render (at 6,000 notes that scanning cost more
    # than rendering the notes, and grew faster than the number of notes).
    gc.freeze()


def on_env(env, config, files):
    env.filters.update(render.FILTERS)
    # Compiled templates (Material's and ours) kept between builds in the user's temp folder, checked against
    # each template's source: compiling them was a third of a build of the real site.
    env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_page_markdown(markdown, page, config, files):
    try:
        return shortcodes.expand(markdown, config.extra.get("edition", {}), page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_page_content(html, page, config, files):
    article = _build["edition"].article_for(page.file.src_uri)
    if article is None:
        return html
    try:
        annotated = pipeline.annotate_page(article, html, _build["env"])
    except EditionError as error:
        raise PluginError(str(error)) from None
    _build["pages"][article.slug] = annotated
    return annotated.html


def on_page_context(context, page, config, nav):
    pages = list(_build["pages"].values())

    def note_href(annotated, view) -> str:
        target = annotated.article.src_uri
        here = page.file.src_uri
        prefix = "" if target == here else get_relative_url(_page_url(config, target), page.url)
        return f"{prefix}#note-{view.id}"

    article = _build["edition"].article_for(page.file.src_uri)
    page_url = page.canonical_url or "./"  # relative without a site_url: the site works under any path
    if article:
        annotated = _build["pages"][article.slug]
        timeline, sources = pipeline.timeline([annotated]), pipeline.sources_by_publisher([annotated])
    else:  # the site-wide lists are the same for every other page: made once per build
        if "site_panels" not in _build:
            _build["site_panels"] = (pipeline.timeline(pages), pipeline.sources_by_publisher(pages))
        annotated, (timeline, sources) = None, _build["site_panels"]
    context.update(
        edition_page=annotated,
        edition_pages=pages,
        edition_timeline=timeline,
        edition_sources=sources,
        edition_note_href=note_href,
        edition_article_href=lambda target: get_relative_url(_page_url(config, target.article.src_uri), page.url),
        edition_error=_build["error"],
        edition_changes=exports.changes([annotated]) if annotated else [],
        edition_claim_reviews=exports.claim_reviews(annotated, page_url, config.site_url or "") if annotated else [],
        edition_annotation_file=exports.ANNOTATION_FILE,
        policy_url=get_relative_url("policy/", page.url),
    )
    return context


def on_post_build(config) -> None:
    """Write the exports beside the pages: each article's W3C annotations, and the Atom feed of changes."""
    site = Path(config.site_dir)
    pages = list(_build["pages"].values())
    for annotated in pages:
        url = _page_url(config, annotated.article.src_uri)
        page_url = config.site_url + url if config.site_url else "./"
        target = site / url / exports.ANNOTATION_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        collection = exports.annotation_collection(annotated, page_url)
        target.write_text(json.dumps(collection, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    feed = _build["env"].get_template("partials/edition/feed.xml").render(
        site_name=config.site_name, site_url=config.site_url or "", entries=exports.changes(pages)[:100],
        page_url=lambda annotated: _page_url(config, annotated.article.src_uri),
    )
    (site / "feed.xml").write_text(feed, encoding="utf-8")


def on_post_page(output, page, config):
    return csp.fill(output)


def on_post_template(output_content, template_name, config):
    return csp.fill(output_content)  # 404.html and other static templates


def _page_url(config, src_uri: str) -> str:
    """The URL MkDocs gives a page, without needing its File object."""
    stem = src_uri.removesuffix(".md")
    if not config.use_directory_urls:
        return stem + ".html"
    return "" if stem == "index" else (stem.removesuffix("/index") + "/")
