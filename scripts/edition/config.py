"""What the edition needs to know of a site: its folders, its Markdown, its URLs, and the plugin's options.

Engines with a plugin API hand these over from their own validated config (adapters/mkdocs.py); the
contributor command, the post-build step and engines without one read them from `mkdocs.yml` here.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# The Markdown extension that carries the layer on engines without plugins; engines with plugins drop it.
MARKDOWN_EXTENSION = "edition.adapters.zensical"
# MkDocs always adds these to the site's own list of Markdown extensions.
MKDOCS_BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]


@dataclass(frozen=True)
class Options:
    """The edition plugin's options (`plugins: - edition: {...}` in mkdocs.yml): this is their one list."""

    annotations: str = "annotations"  # the notes' folder, beside mkdocs.yml
    contact: str = ""  # where readers send corrections and takedown requests: an address that needs no account

    @classmethod
    def from_mapping(cls, values: dict | None) -> Options:
        values = values or {}
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"mkdocs.yml: unknown option(s) of the edition plugin: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        return cls(**{key: str(value) for key, value in values.items()})


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    overrides: Path  # the edition's templates (theme.custom_dir)
    options: Options = Options()
    extensions: list = field(default_factory=lambda: list(MKDOCS_BUILTIN_EXTENSIONS))
    extension_configs: dict = field(default_factory=dict)
    site_name: str = ""
    site_url: str = ""  # "" when unset: every link relative
    use_directory_urls: bool = True

    @property
    def annotations_dir(self) -> Path:
        return self.root / self.options.annotations


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags: `!ENV NAME` (or `!ENV [NAME, ..., default]`) is read; others mean nothing here."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[name] for name in variables if os.environ.get(name)), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def without_own_extension(extensions: list, configs: dict) -> tuple[list, dict]:
    """The site's Markdown as the article is rendered with, minus the edition's own extension."""
    kept = [ext for ext in extensions if ext != MARKDOWN_EXTENSION]
    return kept, {name: value for name, value in configs.items() if name != MARKDOWN_EXTENSION}


def plugin_options(plugins) -> dict:
    for entry in plugins or []:
        name, values = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name == "edition":
            return values or {}
    return {}


def read(root: Path, config_file: str = "mkdocs.yml") -> Settings:
    """Settings from the site's mkdocs.yml, as MkDocs would read them."""
    config = yaml.load((root / config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    extensions, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
    for entry in config.get("markdown_extensions") or []:
        name, values = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if values:
            configs[name] = values
    extensions, configs = without_own_extension(extensions, configs)
    theme = config.get("theme") or {}
    return Settings(
        root=root,
        docs_dir=root / config.get("docs_dir", "docs"),
        overrides=root / (theme.get("custom_dir") or "overrides"),
        options=Options.from_mapping(plugin_options(config.get("plugins"))),
        extensions=extensions,
        extension_configs=configs,
        site_name=config.get("site_name") or "",
        site_url=config.get("site_url") or "",
        use_directory_urls=config.get("use_directory_urls", True),
    )


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page (site-relative), for engines that do not say."""
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    return "" if stem == "index" else (stem.removesuffix("/index") + "/")
