"""The baseline: stock Material building the same pages, each note written as a plain Markdown footnote.

    python benchmarks/baseline.py PROJECT_DIR OUT_DIR

From a project folder (the real one, a snapshot, or a synthetic one from synth.py) this writes a second MkDocs
project with no annotation layer: no `edition` plugin (nor its options), no `edition.adapters.zensical` Markdown
extension, no custom_dir (so none of overrides/: no templates, CSS or JS of the layer), no `template:` pages. The
same theme settings, other Markdown extensions (plus `footnotes`), other plugins (search) and nav. In every article each note becomes a
footnote `[^id]` placed right after its quote's words; the footnote's body is the note's text and its sources
as links. A quote that cannot be found in the article's Markdown stops the script: the baseline must carry
every note.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

SHORTCODE = re.compile(r"<!--\s*edition:([a-z_]+)\s*-->")
LAYER_CONFIG = ("hooks", "extra_css", "extra_javascript", "watch")  # wiring a layer may add to mkdocs.yml
LAYER_PLUGIN = "edition"  # the layer's plugin (MkDocs, ProperDocs), with its options
LAYER_EXTENSION = "edition.adapters.zensical"  # the layer on engines without plugins (Zensical)
LAYER_META = ("template", "annotations", "original")  # page meta only the layer reads


class Tagged:
    """A YAML value with a tag MkDocs understands (`!ENV SITE_URL`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class ConfigLoader(yaml.SafeLoader):
    pass


class ConfigDumper(yaml.SafeDumper):
    pass


ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: Tagged("!" + suffix, node))
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged(node.tag, node))
ConfigDumper.add_representer(Tagged, lambda dumper, value: _retag(value))


def _retag(value: Tagged) -> yaml.Node:
    value.node.tag = value.tag
    return value.node


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]


def join_front_matter(meta: dict, body: str) -> str:
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def _collapse(value: str) -> str:
    return re.sub(r"[ \t\n\r]+", " ", value)


def find_quote(markdown: str, note: dict, where: str) -> int:
    """The offset right after the note's quote in the article's Markdown (prefix/suffix pick one match)."""
    pattern = r"[ \t\n\r]+".join(re.escape(part) for part in note["quote"].split())
    ends = []
    for match in re.finditer(pattern, markdown):
        if note.get("prefix") and not _collapse(markdown[: match.start()]).endswith(_collapse(note["prefix"])):
            continue
        if note.get("suffix") and not _collapse(markdown[match.end() :]).startswith(_collapse(note["suffix"])):
            continue
        ends.append(match.end())
    if len(ends) != 1:
        raise SystemExit(f"baseline: {where}: quote found {len(ends)} times in the Markdown: {note['quote']!r}")
    return ends[0]


def _link(source: dict) -> str:
    title = source["title"].replace("[", "\\[").replace("]", "\\]")
    url = source["url"].replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{title}]({url})"


def footnote(note_id: str, note: dict, text: str) -> str:
    """`[^id]: ...`: the note's text, then its sources as links; continuation lines indented four spaces."""
    parts = [text.strip()]
    if note.get("sources"):
        links = "; ".join(
            f"{_link(s)} ({s['publisher']}, {s['published']})" for s in note["sources"]
        )
        parts.append(f"Sources: {links}.")
    body = "\n\n".join(parts)
    lines = body.split("\n")
    return f"[^{note_id}]: " + "\n".join([lines[0]] + [("    " + line) if line.strip() else "" for line in lines[1:]])


def footnoted_article(body: str, notes_dir: Path) -> tuple[str, int]:
    """The article's Markdown with a footnote reference after every quote and the footnotes at the end."""
    inserts, definitions = [], []
    for path in sorted(notes_dir.glob("*.md")):
        note, text = split_front_matter(path.read_text(encoding="utf-8"))
        inserts.append((find_quote(body, note, str(path)), path.stem))
        definitions.append(footnote(path.stem, note, text))
    # Insert from the end so earlier offsets stay valid; at one offset, keep the notes in id order.
    for offset, note_id in sorted(inserts, reverse=True):
        body = body[:offset] + f"[^{note_id}]" + body[offset:]
    return body.rstrip("\n") + "\n\n" + "\n\n".join(definitions) + "\n", len(definitions)


def _name(entry) -> str:
    """The name of a `plugins:` or `markdown_extensions:` entry (a string, or a one-key mapping to its options)."""
    return next(iter(entry)) if isinstance(entry, dict) else entry


def plugin_options(config: dict) -> dict:
    """The layer's plugin options (`plugins: - edition: {contact: ...}`), for the shortcodes it would expand."""
    for entry in config.get("plugins") or []:
        if _name(entry) == LAYER_PLUGIN and isinstance(entry, dict):
            return entry[LAYER_PLUGIN] or {}
    return {}


def baseline_config(config: dict) -> dict:
    config = {key: value for key, value in config.items() if key not in LAYER_CONFIG}
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    if isinstance(config.get("extra"), dict):
        config["extra"] = {key: value for key, value in config["extra"].items() if key != "edition"}
    if "plugins" in config:
        config["plugins"] = [entry for entry in config["plugins"] or [] if _name(entry) != LAYER_PLUGIN]
    extensions = [entry for entry in config.get("markdown_extensions") or [] if _name(entry) != LAYER_EXTENSION]
    if "footnotes" not in extensions:
        extensions.append("footnotes")
    config["markdown_extensions"] = extensions
    return config


def make(project: Path, out: Path) -> dict:
    """Write the baseline project for `project` into `out`; returns what it wrote."""
    project, out = Path(project), Path(out)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    # Value shortcodes (`<!-- edition:contact -->`) as the layer would write them; block shortcodes (the
    # article list, site-wide timeline and sources) stay comments: stock Material has none of them.
    contact = {**((config.get("extra") or {}).get("edition") or {}), **plugin_options(config)}
    docs = project / config.get("docs_dir", "docs")
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    stats = {"pages": 0, "articles": 0, "footnotes": 0}
    for path in sorted(docs.rglob("*")):
        target = out / "docs" / path.relative_to(docs)
        if path.is_dir():
            target.mkdir(exist_ok=True)
            continue
        if path.suffix != ".md":
            shutil.copy2(path, target)
            continue
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        body = SHORTCODE.sub(lambda m: contact.get(m.group(1), m.group(0)), body)
        if meta.get("annotations"):
            body, count = footnoted_article(body, project / "annotations" / meta["annotations"])
            stats["articles"] += 1
            stats["footnotes"] += count
        meta = {key: value for key, value in meta.items() if key not in LAYER_META}
        target.write_text(join_front_matter(meta, body), encoding="utf-8")
        stats["pages"] += 1
    text = yaml.dump(baseline_config(config), Dumper=ConfigDumper, allow_unicode=True, sort_keys=False, width=1000)
    (out / "mkdocs.yml").write_text("# Generated by benchmarks/baseline.py: stock Material, notes as footnotes.\n" + text, encoding="utf-8")
    return stats


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(make(Path(sys.argv[1]), Path(sys.argv[2])))
