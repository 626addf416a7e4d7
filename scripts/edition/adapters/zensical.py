"""The Zensical adapter: the edition as a Python-Markdown extension, for engines without a plugin API.

Zensical runs no MkDocs plugins, renders templates with MiniJinja (which cannot call Python) and calls
Python-Markdown for every page. So the layer rides on Markdown: listed in `markdown_extensions`, this
extension expands a page's shortcodes before Markdown, and afterwards hands the page's HTML to the core,
which adds everything the edition shows (site.py). What a plugin would do after the pages are written — the
security policy, the exports, the feed — is `postbuild` below. `scripts/build --engine zensical` runs `build`
below: the check, Zensical's build, then that step, in one process. Under MkDocs the plugin drops this
extension.

Zensical resolves relative links in page content from the page's source file, so links are written that way.
"""

from __future__ import annotations

import ast
import contextlib
import posixpath
import re
import sys
import threading
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .. import config as site_config
from .. import csp
from ..site import SCRIPTS, STYLESHEETS, Site, source_href

_lock = threading.Lock()
_sites: dict[tuple, Site] = {}
# While `build` below runs Zensical: the edition it checked, for every page. Nothing is written to the notes
# during one build, so the pages need not look for changes (under `zensical serve` each page does).
_pinned: Site | None = None


def _fingerprint(settings: site_config.Settings) -> tuple:
    """What a load depends on: under `zensical serve` a changed note or page loads the notes again."""
    files = [*settings.annotations_dir.rglob("*"), *settings.docs_dir.rglob("*.md")]
    return tuple(sorted((str(path), path.stat().st_mtime_ns) for path in files if path.is_file()))


def current_site() -> Site:
    """The edition for the site Zensical is building, loaded once (again only when a file changed)."""
    from zensical.config import get_config  # only where Zensical runs

    if _pinned is not None:
        return _pinned
    settings = _settings(get_config())
    with _lock:
        key = _fingerprint(settings)
        if key not in _sites:
            _sites.clear()
            site = Site(settings, href=source_href)
            site.load()
            _sites[key] = site
        return _sites[key]


def _settings(zensical: dict) -> site_config.Settings:
    """The edition's settings from Zensical's config (as its `zensical.config` parsed mkdocs.yml)."""
    root = Path(zensical["root_dir"])
    extensions, configs = site_config.without_own_extension(
        [ext for ext in zensical["markdown_extensions"] if isinstance(ext, str)], zensical["mdx_configs"]
    )
    return site_config.Settings(
        root=root,
        docs_dir=Path(zensical["docs_dir"]),
        overrides=root / (zensical["theme"].get("custom_dir") or "overrides"),
        options=site_config.read(root).options,  # Zensical drops plugins it does not know: read them from mkdocs.yml
        extensions=extensions,
        extension_configs=configs,
        site_name=zensical.get("site_name") or "",
        site_url=zensical.get("site_url") or "",
        use_directory_urls=zensical.get("use_directory_urls", True),
    )


def _page_path(md) -> str:
    from zensical.extensions.context import ContextPreprocessor

    context = ContextPreprocessor.from_markdown(md)
    return context.page.path if context else ""


class _Shortcodes(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.edition_page_done = False
        return current_site().page_markdown(_page_path(self.md), "\n".join(lines)).split("\n")


class _PageDone(Treeprocessor):
    """Marks the end of the tree stage. The toc extension runs every postprocessor over the table of contents
    while the tree is still being worked on; only the pass over the whole page comes after this."""

    def run(self, root):
        self.md.edition_page_done = True


class _Edition(Postprocessor):
    def run(self, text: str) -> str:
        if not getattr(self.md, "edition_page_done", False):
            return text
        return current_site().page_content(_page_path(self.md), text)


class EditionExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Shortcodes(md), "edition-shortcodes", 100)  # before any other preprocessor
        md.treeprocessors.register(_PageDone(md), "edition-page-done", -100)  # after every other one (toc: 5)
        md.postprocessors.register(_Edition(md), "edition", -100)  # last: after raw HTML is put back


def makeExtension(**kwargs) -> EditionExtension:
    return EditionExtension(**kwargs)


# ---------------------------------------------------------------- the whole build: python -m edition zensical-build


@contextlib.contextmanager
def _parsed_once(module, config: str, parsed: dict):
    """Zensical's build parses the config again (its Rust core calls `zensical.config.parse_config` by name):
    25-30 ms, a tenth of what the edition adds to a Zensical build. It gets the parse the check was made
    with, once, for the same file; any other call is Zensical's own."""
    original = module.parse_config
    pending = [parsed]

    def parse_config(path: str) -> dict:
        return pending.pop() if pending and path == config else original(path)

    module.parse_config = parse_config
    try:
        yield
    finally:
        module.parse_config = original


def build(config_file: Path, site_dir: Path, strict: bool = False) -> int:
    """What `scripts/build --engine zensical` runs: every note checked (nothing is written if one is bad),
    Zensical's build with this extension, then `postbuild`, all in one process. The pages reuse the check's
    load, so the notes are read once. (As three processes, the check, Zensical and the post-build step each
    imported the core and loaded every note: 0.3 s apiece on top of Zensical's own 0.5 s. Looking for changed
    files on every page cost 0.1 s more.)"""
    global _pinned
    import zensical  # only where Zensical runs
    from zensical import config as zensical_config

    from ..cli import report

    config = str(config_file.resolve())
    # Checked as Zensical renders the pages (its Markdown extensions differ from MkDocs'); linked as the
    # post-build step writes links, relative to each page. A bad note raises EditionError here.
    parsed = zensical_config.parse_config(config)
    settings = _settings(parsed)
    site = Site(settings)
    site.load()
    report(site.loaded.edition)
    _pinned = Site(settings, href=source_href)  # the pages' links are relative to their source files
    _pinned.loaded, _pinned.env = site.loaded, site.env  # and the templates compiled once
    try:
        with _parsed_once(zensical_config, config, parsed):
            zensical.build(config, {"clean": True, "strict": strict})
    except Exception as error:  # Zensical reports its own problems (strict mode's warnings) this way
        print(f"zensical: {error}", file=sys.stderr)
        return 1
    finally:
        _pinned = None
    postbuild(site, site_dir.resolve())
    return 0


# ---------------------------------------------------------------- after the build: python -m edition postbuild

# Zensical's search box lives in a shadow root, styled by a stylesheet its bundle inserts at run time
# (`C("style",{},NAME.toString())`, NAME a string literal in the bundle). The page's policy allows exactly that
# text by hash; tests/test_engines.py opens the search under the policy to keep this honest.
_RUNTIME_STYLE = re.compile(r'C\("style",\{\},(\w+)\.toString\(\)\)')


def runtime_styles(site_dir: Path) -> tuple[str, ...]:
    styles = []
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.js")):
        code = bundle.read_text(encoding="utf-8")
        for name in _RUNTIME_STYLE.findall(code):
            declaration = r"\b(?:var|let|const)\s+" + re.escape(name) + r"\s*=\s*('(?:[^'\\]|\\.)*')"
            literal = re.search(declaration, code)
            if literal:
                styles.append(ast.literal_eval(literal.group(1)))
    return tuple(styles)


def with_assets(html: str, to_root: str) -> str:
    """A page with the edition's stylesheets and script, linked as the plugin adds them on MkDocs: after the
    theme's own, relative to the page (`to_root` leads from its folder to the site's)."""
    base = "" if to_root == "." else to_root + "/"
    links = "".join(f'<link rel="stylesheet" href="{base}{path}">' for path in STYLESHEETS)
    scripts = "".join(f'<script src="{base}{path}"></script>' for path in SCRIPTS)
    html = html.replace("</head>", links + "</head>", 1) if "</head>" in html else html
    return html.replace("</body>", scripts + "</body>", 1) if "</body>" in html else html


def postbuild(site: Site, site_dir: Path) -> None:
    """What the plugin does on MkDocs, once Zensical has written the pages: the files besides the pages, each
    page's security policy, and search entries that lead to the notes."""
    for path, text in site.files().items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    styles = runtime_styles(site_dir)
    for page in site_dir.rglob("*.html"):
        # Hints to the search index are not for readers: Material's search plugin takes them out of every
        # page; Zensical leaves those inside a note's <noscript> text, so they are taken out here the same way.
        html = Site.without_search_hints(page.read_text(encoding="utf-8"))
        if page != site_dir / "404.html":  # served at any depth, it carries its own styles (overrides/404.html)
            html = with_assets(html, posixpath.relpath(site_dir, page.parent))
        page.write_text(csp.fill(html, styles=styles), encoding="utf-8")
    index = site_dir / "search.json"
    if index.is_file():
        index.write_text(Site.retarget_search(index.read_text(encoding="utf-8")), encoding="utf-8")
