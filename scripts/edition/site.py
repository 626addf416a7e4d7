"""The edition's decisions for a whole site, for every engine: what each page gets, which files a build
writes, what the URLs are. Adapters (adapters/) only translate an engine's events into these calls:

    load()                         once per build: read and check everything (raises EditionError)
    page_markdown(page, text)      a page's Markdown, value shortcodes expanded
    page_content(page, html)       a page's HTML with everything the edition adds to it
    files()                        the files the build writes besides the pages: exports, the feed, the
                                   edition's assets minified
    finish(html)                   a finished page (or template) with its security policy filled in

`page` is always the page's path within docs/ (its src_uri). URLs come from two callbacks the engine supplies:
`page_url(src_uri)`, the site path of a page, and `href(target, page)`, the link to write on a page for a site
path (MkDocs writes it relative to the page; Zensical rewrites relative links itself, so it wants them relative
to the page's source file). All edition markup is rendered here, by the core's one Jinja2 environment.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from . import anchor, assets, csp, exports, load, render, shortcodes, views
from .config import Settings, page_url
from .problems import EditionError, display_path

FEED_FILE = "feed.xml"
# The edition's own stylesheets and script (in overrides/): every page gets them, through its engine's adapter.
STYLESHEETS = (f"{assets.FOLDER}/edition.css", f"{assets.FOLDER}/timeline.css")
SCRIPTS = (f"{assets.FOLDER}/edition.js",)
POLICY_PAGE = "policy.md"
_SEARCH_LOCATION = re.compile(r"(#note-[a-z0-9-]+?)--heading\b")
_HINT = "data-search-"  # a hint to the site search: data-search-exclude="..." (Material's search plugin)
_SEARCH_HINT = re.compile(r'data-search-\w+="[^"]+"')
_EXCLUDE_ATTRIBUTE = " data-search-exclude"
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


@dataclass(frozen=True)
class Loaded:
    """One good load of the notes: kept under `serve` while a later edit is broken."""

    edition: load.Edition
    pages: dict[str, views.ArticleView]  # by slug, in the order of the articles' files


def page_href(page_url_of: Callable[[str], str]) -> Callable[[str, str], str]:
    """`href` for engines that write links relative to the page they are on (MkDocs, ProperDocs)."""

    def href(target: str, page: str) -> str:
        here = page_url_of(page)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        relative = posixpath.relpath("/" + target, "/" + base) if target != base else "."
        return relative + ("/" if (not target or target.endswith("/")) and relative != "." else "")

    return href


def source_href(target: str, page: str) -> str:
    """`href` for engines that resolve relative links from the page's source file (Zensical)."""
    folder = posixpath.dirname(page)
    relative = posixpath.relpath("/" + (target or "."), "/" + folder)
    return relative + ("/" if (not target or target.endswith("/")) and relative != "." else "")


class Site:
    def __init__(self, settings: Settings, page_url_of: Callable[[str], str] | None = None,
                 href: Callable[[str, str], str] | None = None, serving: bool = False):
        self.settings = settings
        self.page_url = page_url_of or (lambda src: page_url(src, settings.use_directory_urls))
        self.href = href or page_href(self.page_url)
        self.serving = serving
        self.env = render.environment(settings.overrides)
        self.loaded: Loaded | None = None
        self.error: str | None = None  # under serve: why the notes shown are the last good ones
        self.troubled: set[str] = set()  # under serve: the files (as messages name them) that have problems

    # ---------------------------------------------------------------- load

    def load(self) -> Loaded:
        settings = self.settings
        render = load.markdown_renderer(settings.extensions, settings.extension_configs)
        edition = load.load_edition(settings.root, settings.docs_dir, settings.annotations_dir, render, self.expand)
        self.loaded, self.error, self.troubled = Loaded(edition, views.annotate_all(edition)), None, set()
        return self.loaded

    def keep(self, loaded: Loaded, error: EditionError) -> None:
        """Under serve: go on with the last good notes and show why on every page."""
        self.loaded, self.error, self.troubled = loaded, str(error), {p.path for p in error.problems}

    @property
    def pages(self) -> list[views.ArticleView]:
        return list(self.loaded.pages.values())

    def article_view(self, page: str) -> views.ArticleView | None:
        article = self.loaded.edition.article_for(page)
        return self.loaded.pages[article.slug] if article else None

    # ---------------------------------------------------------------- pages

    def expand(self, page: str, text: str) -> str:
        """A page's Markdown with its value shortcodes expanded (ValueError for an unknown one)."""
        return shortcodes.expand(text, {"contact": self.settings.options.contact}, page)

    def page_markdown(self, page: str, text: str) -> str:
        try:
            return self.expand(page, text)
        except ValueError:
            if self.error:  # under serve, the load reported it: go on serving
                return text
            raise

    def page_content(self, page: str, html: str) -> str:
        view = self.article_view(page)
        links = self._links(page)
        if display_path(self.settings.docs_dir / page, self.settings.root) in self.troubled:
            # Under serve, a page whose own text has problems: not shown until fixed (it may hold script).
            html, view = "", None
        if view is not None:
            content, view = self._anchor(view, html)
            html = self.env.get_template("partials/edition/article.html").render(
                page=view, content=Markup(content), timeline=views.timeline([view]),
                sources=views.sources_by_publisher([view]), changes=exports.changes([view]),
                claim_reviews=exports.claim_reviews(view, self._absolute(page), self.settings.site_url), **links,
            )
        elif names := shortcodes.blocks(html):
            html = shortcodes.fill(html, {name: self._block(name, links) for name in names})
        if self.error:
            html = self.env.get_template("partials/edition/error.html").render(error=self.error) + html
        return csp.mark_content(html)

    def finish(self, html: str) -> str:
        return csp.fill(html, self.serving)

    def _anchor(self, view: views.ArticleView, html: str) -> tuple[str, views.ArticleView]:
        """The article's HTML with each note's words wrapped and followed by its marker, and the view of the
        notes it shows."""
        page = anchor.page_text(html)
        placed, problems = load.locate(view.article, page.text)
        if problems and not self.error:  # load() checked the same text: the engine rendered differently
            raise EditionError(problems)
        # Under serve, after an edit that broke the notes (the banner says which): the article as it now
        # stands, with the last good notes whose words still stand in it once and overlap no other.
        troubled = {p.path for p in problems}
        if troubled:
            view = views.ArticleView(view.article, [v for v in view.notes if v.id in placed and view.article.notes[v.id].path not in troubled])
        macros = render.snippets(self.env)
        spans = [
            anchor.Span(v.id, *placed[v.id], str(macros.open_mark(v)), str(macros.close_mark(v)), str(macros.marker(v)))
            for v in view.notes
        ]
        return anchor.with_slots(anchor.wrap(page, spans), str(macros.slot())), view

    def _block(self, name: str, links: dict) -> str:
        pages = self.pages
        panels = self.env.get_template("partials/edition/panels.html").module
        if name == "articles":
            return str(panels.articles(pages, links["article_href"]))
        if name == "timeline":
            return str(panels.site_timeline(views.timeline(pages), links["note_href"], len(pages) > 1))
        return str(panels.site_sources(views.sources_by_publisher(pages), links["note_href"]))

    def _links(self, page: str) -> dict:
        """The URL helpers every edition template gets, for links written on `page`."""

        @functools.cache  # by article: a site-wide panel links to every note of every article
        def to_article(target: str) -> str:
            return "" if target == page else self.href(self.page_url(target), page)

        def note_href(view: views.ArticleView, note: views.NoteView) -> str:
            return to_article(view.article.src_uri) + f"#note-{note.id}"

        return {
            "note_href": note_href,
            "article_href": lambda view: self.href(self.page_url(view.article.src_uri), page),
            "policy_url": self.href(self.page_url(POLICY_PAGE), page),
            "feed_url": self.href(FEED_FILE, page),
            "annotation_url": self.href(self._annotation_path(page), page),
        }

    def _absolute(self, page: str) -> str:
        """A page's URL for exports: absolute with a site_url, else relative to the export beside the page."""
        return self.settings.site_url + self.page_url(page) if self.settings.site_url else "./"

    def _annotation_path(self, page: str) -> str:
        url = self.page_url(page)
        folder = url if url.endswith("/") or not url else posixpath.splitext(url)[0] + "/"
        return folder + exports.ANNOTATION_FILE

    # ---------------------------------------------------------------- files besides the pages

    def files(self) -> dict[str, str]:
        """Site path -> text of every file the build writes besides the pages: the exports, the feed, and the
        edition's stylesheets and script minified over the engine's copies of them."""
        written = assets.minified(self.settings.overrides)
        for view in self.pages:
            src = view.article.src_uri
            collection = exports.annotation_collection(view, self._absolute(src))
            written[self._annotation_path(src)] = json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
        written[FEED_FILE] = self.env.get_template("partials/edition/feed.xml.html").render(
            site_name=self.settings.site_name, site_url=self.settings.site_url,
            entries=exports.changes(self.pages)[:100], page_url=lambda view: self.page_url(view.article.src_uri),
        )
        return written

    @staticmethod
    def searchable(html: str) -> str:
        """A page's HTML as a site search indexes it: every element marked `data-search-exclude` left out.

        What Material's search does while it reads a page, done before it reads: on an article page most of
        the markup is panels and each note's sources, which it would otherwise parse only to skip (0.11 of
        0.14 s CPU on this article). Elements end where their own closing tag balances their own kind (the
        edition's markup is well formed, and contributors' text reaches a page only through the allow-list)."""
        parts, position = [], 0
        found = html.find(_EXCLUDE_ATTRIBUTE)
        while found != -1:
            start = html.rfind("<", 0, found)
            if start >= position:  # not inside an element already left out
                parts.append(html[position:start])
                name = _TAG_NAME.match(html, start + 1).group()
                position = _element_end(html, name, html.index(">", found) + 1)
            found = html.find(_EXCLUDE_ATTRIBUTE, max(position, found + 1))
        parts.append(html[position:])
        return "".join(parts)

    @staticmethod
    def without_search_hints(html: str) -> str:
        """A page without its hints to the search index (data-search-exclude): they are not for readers.
        The same as Material's search plugin's `re.sub(r'\\s?data-search-\\w+="[^"]+"', "", ...)`, found by their
        literal start rather than by trying the pattern at every character of the page."""
        parts, position = [], 0
        found = html.find(_HINT)
        while found != -1:
            hint = _SEARCH_HINT.match(html, found)
            if hint:
                start = found - 1 if found > position and html[found - 1].isspace() else found
                parts.append(html[position:start])
                position = hint.end()
            found = html.find(_HINT, max(position, found + 1))
        parts.append(html[position:])
        return "".join(parts)

    @staticmethod
    def retarget_search(index: str) -> str:
        """A search index whose note entries lead to the note (`#note-<id>`), not to its heading inside it."""
        return _SEARCH_LOCATION.sub(r"\1", index)


@functools.cache
def _tag_pattern(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){re.escape(name)}\b[^>]*?(/?)>", re.I)


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element whose start tag ends at `start` ends (after its closing tag)."""
    depth = 1
    for tag in _tag_pattern(name).finditer(html, start):
        if tag.group(1):
            depth -= 1
        elif not tag.group(2):
            depth += 1
        if depth == 0:
            return tag.end()
    return len(html)
