"""The contributor command: check every note without building the site, or scaffold a new note.

Needs neither MkDocs, a browser nor root: it reads mkdocs.yml for the docs folder and the Markdown extensions,
renders each article's Markdown as the site does, and runs the same checks as the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from . import anchor, config, load, scaffold
from .problems import EditionError
from .schema import ID_PATTERN, KINDS, json_schema
from .site import Site


def load_site(root: Path) -> Site:
    """The site's edition, loaded and checked (raises EditionError with every problem)."""
    site = Site(config.read(root))
    site.load()
    return site


def load_notes(root: Path) -> load.Edition:
    return load_site(root).loaded.edition


def check(root: Path) -> int:
    try:
        edition = load_notes(root)
    except EditionError as error:
        print(error, file=sys.stderr)
        return 1
    notes = sum(len(a.notes) for a in edition.articles.values())
    print(f"OK: {notes} notes in {len(edition.articles)} article(s) pass every check.")
    return 0


def _loose(value: str) -> str:
    """Straight quotes and dashes as typed on a keyboard, for finding the article's exact characters."""
    return value.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"}))


def new(root: Path, slug: str, quote: str, kind: str, note_id: str | None) -> int:
    """Write a note skeleton whose quote is the article's own characters (curly quotes and all)."""
    settings = config.read(root)
    articles, problems = load.find_articles(settings.docs_dir, root)
    article = next((a for a in articles if a.slug == slug), None)
    if article is None:
        print(f"no article has 'annotations: {slug}'; known: {', '.join(a.slug for a in articles) or 'none'}", file=sys.stderr)
        return 1
    if not quote.strip():
        print("the quote is blank: give the article's words to annotate", file=sys.stderr)
        return 1
    text = anchor.page_text(load.markdown_renderer(settings.extensions, settings.extension_configs)(article.body).html).text
    matches = anchor.find_quote(_loose(text), _loose(quote))
    if len(matches) != 1:
        print(f"the quote occurs {len(matches)} times in the article; it must occur exactly once "
              f"(copy a few more words, or add prefix/suffix by hand)", file=sys.stderr)
        return 1
    start, end = matches[0]
    exact = text[start:end]
    note_id = note_id or "-".join(re.findall(r"[a-z0-9]+", _loose(exact).lower())[:5])
    if not ID_PATTERN.match(note_id):  # the id is the file name: nothing but a slug may reach the path
        print(f"'{note_id}' is not a note id: use lowercase letters, digits and single hyphens (e.g. kremenchuk-toll)", file=sys.stderr)
        return 1
    path = settings.annotations_dir / slug / f"{note_id}.md"
    if path.exists() or path.is_symlink():
        print(f"{path.relative_to(root)} exists already; pass --id to choose another name", file=sys.stderr)
        return 1
    path.write_text(scaffold.note(exact, kind, dt.date.today().isoformat()), encoding="utf-8")
    print(f"wrote {path.relative_to(root)}; fill it in, then run scripts/check")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check", help="check every note (the default)")
    scaffold = sub.add_parser("new", help="scaffold a note on the article's exact words")
    scaffold.add_argument("slug", help="the article's notes folder, e.g. russian-war-crimes-in-ukraine-are-backfiring")
    scaffold.add_argument("quote", help="the words to annotate (straight quotes are fine)")
    scaffold.add_argument("--kind", default="fact-check", choices=list(KINDS))
    scaffold.add_argument("--id", dest="note_id", help="the note's id (file name); default: from the quote")
    sub.add_parser("schema", help="write annotations/schema.json from the schema in code")
    finish = sub.add_parser("postbuild", help="after an engine without plugins built SITE: policies, exports, feed")
    finish.add_argument("site_dir", type=Path, help="the folder the engine wrote")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "new":
        return new(root, args.slug, args.quote, args.kind, args.note_id)
    if args.command == "schema":
        write_schema(root)
        return 0
    if args.command == "postbuild":
        return postbuild(root, args.site_dir.resolve())
    return check(root)


def postbuild(root: Path, site_dir: Path) -> int:
    """What a plugin does after the pages are written, for engines that run none (Zensical)."""
    try:
        site = load_site(root)
    except EditionError as error:
        print(error, file=sys.stderr)
        return 1
    for path, text in site.files().items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for page in site_dir.rglob("*.html"):
        page.write_text(site.finish(page.read_text(encoding="utf-8")), encoding="utf-8")
    for index in (site_dir / "search.json", site_dir / "search" / "search_index.json"):
        if index.is_file():
            index.write_text(Site.retarget_search(index.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


def write_schema(root: Path) -> Path:
    path = root / "annotations" / "schema.json"
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
