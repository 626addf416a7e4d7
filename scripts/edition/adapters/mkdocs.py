"""The MkDocs adapter (MkDocs and ProperDocs): the `edition` plugin, translating MkDocs' events into the
core's calls (site.py). It decides nothing itself.

    plugins:
      - search
      - edition:
          contact: corrections@example.org

The notes are loaded and checked once per build, in on_pre_build, before MkDocs cleans the output folder, so a
bad note stops `mkdocs build` with every problem and no half-built site. Under `mkdocs serve` the plugin
instance lives across rebuilds: a bad note is reported in the console and on every page while the site keeps
serving the last good notes (MkDocs' own answer to a failed rebuild is to hold every request until a good one).
MkDocs never reloads Python under serve: restart it after editing scripts/.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from ..config import Options, Settings, without_own_extension
from ..problems import EditionError
from ..site import SCRIPTS, STYLESHEETS, Loaded, Site

log = logging.getLogger("mkdocs.plugins.edition")


class EditionConfig(Config):
    """The options of edition.config.Options, typed for MkDocs' validation."""

    annotations = c.Type(str, default=Options.annotations)  # the notes' folder, beside mkdocs.yml
    contact = c.Type(str, default=Options.contact)  # where readers send corrections; no account needed


class EditionPlugin(BasePlugin[EditionConfig]):
    def __init__(self):
        self.serving = False
        self.last_good: Loaded | None = None  # under serve: the notes of the last build that had no problem
        self.site: Site | None = None
        self.files = None
        self.full_content: dict[str, str] = {}  # a page's content while the search reads the searchable part

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        # The Markdown extension carries the layer on engines without plugins; here the plugin does.
        config.markdown_extensions, config.mdx_configs = without_own_extension(config.markdown_extensions, config.mdx_configs)
        # The edition's stylesheets and script, after the theme's own (as MkDocs' search plugin adds its script).
        config.extra_css.extend(path for path in STYLESHEETS if path not in config.extra_css)
        config.extra_javascript.extend(path for path in SCRIPTS if path not in config.extra_javascript)
        root = Path(config.config_file_path).parent
        settings = Settings(
            root=root,
            docs_dir=Path(config.docs_dir),
            overrides=Path(config.theme.custom_dir or root / "overrides"),
            options=Options(annotations=self.config.annotations, contact=self.config.contact),
            extensions=list(config.markdown_extensions),
            extension_configs=dict(config.mdx_configs),
            site_name=config.site_name,
            site_url=config.site_url or "",
            use_directory_urls=config.use_directory_urls,
        )
        self.site = Site(settings, page_url_of=self._page_url, serving=self.serving)
        return config

    def on_pre_build(self, *, config):
        gc.unfreeze()  # under serve: the previous build's notes may be collected now
        # Loading makes objects that live on, not garbage: the collector, run as they piled up, scanned them over
        # and over (0.6-0.9 s of CPU at 6,000 notes; 0.12-0.17 s in all with it off during the load).
        gc.disable()
        try:
            self.last_good = self.site.load()
        except EditionError as problems:
            if not (self.serving and self.last_good):
                raise PluginError(str(problems)) from None
            log.error("%s\nServing the last good version of the notes until this is fixed.", problems)
            self.site.keep(self.last_good, problems)
        finally:
            # The notes just loaded stay alive until the build ends. Moved out of the collector's way, they are
            # not scanned again by every full collection while the pages render (at 6,000 notes that scanning
            # cost more than rendering the notes, and grew faster than the number of notes).
            gc.freeze()
            gc.enable()

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.site.settings.annotations_dir))  # notes are not pages: MkDocs would not look
        return server

    def on_files(self, files, *, config):
        self.files = files
        return files

    def on_env(self, env, *, config, files):
        # Material's compiled templates kept between builds, checked against each template's source.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        try:
            return self.site.page_markdown(page.file.src_uri, markdown)
        except ValueError as error:
            raise PluginError(str(error)) from None

    def on_page_content(self, html, *, page, config, files):
        try:
            return self.site.page_content(page.file.src_uri, html)
        except EditionError as error:
            raise PluginError(str(error)) from None

    # The search plugin reads page.content in its on_page_context; it is given the content without what it
    # would skip (Site.searchable: the same index, a fraction of the parsing), and the page gets it back
    # before its template is rendered, without the hints to the index, as the search plugin leaves a page.
    @event_priority(100)
    def _before_search(self, context, *, page, config, nav):
        self.full_content[page.file.src_uri] = page.content
        page.content = Site.searchable(page.content)
        return context

    @event_priority(-100)
    def _after_search(self, context, *, page, config, nav):
        page.content = Site.without_search_hints(self.full_content.pop(page.file.src_uri, page.content))
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_page(self, output, *, page, config):
        return self.site.finish(output)

    def on_post_template(self, output_content, *, template_name, config):
        return self.site.finish(output_content)  # 404.html and other static templates

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config):
        site_dir = Path(config.site_dir)
        for path, text in self.site.files().items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        index = site_dir / "search" / "search_index.json"
        if index.is_file():
            index.write_text(Site.retarget_search(index.read_text(encoding="utf-8")), encoding="utf-8")

    def _page_url(self, src_uri: str) -> str:
        file = self.files.get_file_from_path(src_uri) if self.files else None
        if file is None:
            raise PluginError(f"the edition links to {src_uri}, which is not a page of this site")
        return file.url
