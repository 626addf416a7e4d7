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
from collections import Counter
from pathlib import Path

from . import anchor, config, load, registry, scaffold, views
from .problems import EditionError, Problem
from .schema import ID_PATTERN, KINDS, json_schema
from .site import Site


def load_site(root: Path) -> Site:
    """The site's edition, loaded and checked (raises EditionError with every problem)."""
    site = Site(config.read(root))
    site.load()
    return site


def load_notes(root: Path) -> load.Edition:
    return load_site(root).loaded.edition


def check(root: Path, today: dt.date | None = None) -> int:
    """Every note checked; notes due for review are warnings, never a failure."""
    try:
        edition = load_notes(root)
    except EditionError as error:
        print(error, file=sys.stderr)
        return 1
    return report(edition, today)


def report(edition: load.Edition, today: dt.date | None = None) -> int:
    """What a good check says: how many notes passed, and which are due for review (warnings)."""
    notes = [n for a in edition.articles.values() for n in a.notes.values()]
    due = due_notes(notes, today or dt.date.today())
    for problem in due:
        print(f"warning: {problem}", file=sys.stderr)
    later = f"; {len(due)} due for review (scripts/check --due lists them)" if due else ""
    print(f"OK: {len(notes)} notes in {len(edition.articles)} article(s) pass every check{later}.")
    return 0


def readable_notes(root: Path) -> tuple[list[load.NoteFile], registry.Registry, list[Problem]]:
    """Every note that can be read, even while the edition has problems: for the listings (--due, sources)."""
    settings = config.read(root)
    known, problems = registry.load(settings.annotations_dir / registry.FILE, root)
    articles, found = load.find_articles(settings.docs_dir, root)
    problems += found
    notes = []
    for article in articles:
        for path in sorted((settings.annotations_dir / article.slug).glob("*.md")):
            note_file, found = load.load_note(path, root, known)
            problems += found
            notes += [note_file] if note_file else []
    return notes, known, problems


def due_notes(notes: list[load.NoteFile], today: dt.date) -> list[Problem]:
    """A warning for each note due for review, the longest unreviewed first."""
    due = sorted((n for n in notes if views.due_for_review(n.note, today)), key=lambda n: (n.note.reviewed, n.path))
    return [
        Problem(
            n.path, f"last reviewed {n.note.reviewed}, {views.days_since_review(n.note, today)} days ago: due for review",
            "re-check it against its sources, bring it up to date, and set 'reviewed' (and a history entry if it changed)",
            n.lines.get(("reviewed",)), "reviewed",
        )
        for n in due
    ]


def list_due(root: Path, today: dt.date | None = None) -> int:
    notes, _, problems = readable_notes(root)
    due = due_notes(notes, today or dt.date.today())
    days = views.REVIEW_AFTER_DAYS
    if not due:
        print(f"No note is due for review: all {len(notes)} were reviewed in the last {days} days.")
    else:
        print(f"{len(due)} of {len(notes)} notes are due for review (last reviewed more than {days} days ago):")
        print("\n".join(f"  {problem.path}:{problem.line}: {problem.message}" for problem in due))
    _mention(problems)
    return 0


def list_sources(root: Path, ids: list[str]) -> int:
    """Per note, who each source's reporting comes from and what kind of publisher that is: a glance shows
    where a note rests on copies (a wire story on another site) or on state media."""
    notes, known, problems = readable_notes(root)
    chosen = [n for n in notes if not ids or n.id in ids]
    if ids and (missing := sorted(set(ids) - {n.id for n in chosen})):
        print(f"no readable note with the id {', '.join(missing)}", file=sys.stderr)
        return 1
    tiers: Counter = Counter()
    for note_file in chosen:
        sources = note_file.note.sources
        copies = sum(1 for s in sources if s.wire)
        print(f"{note_file.path} ({note_file.note.kind}): {len(sources)} source{'s' if len(sources) != 1 else ''}"
              + (f", {copies} of them wire copies" if copies else ""))
        for index, source in enumerate(sources):
            origin, site = known.get(source.origin), known.get(source.publisher)
            tiers[origin.kind.tier if origin else "not registered"] += 1
            line = f"  {f'sources[{index}]':<12} {origin.type if origin else '?':<17} {source.origin}"
            if source.wire:
                line += f", on {source.publisher} ({site.type if site else '?'})"
            if source.statement_of:
                line += f", statement of {source.statement_of}"
            print(line)
    print(f"\n{sum(tiers.values())} sources in {len(chosen)} notes, by who did the reporting: "
          + "; ".join(f"{t} {tiers[t]}" for t in (*registry.TIERS, "not registered") if tiers[t]) + ".")
    _mention(problems)
    return 0


def _mention(problems: list[Problem]) -> None:
    if problems:
        print(f"({len(problems)} problem{'s' if len(problems) != 1 else ''} in the notes: scripts/check lists them)", file=sys.stderr)


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
    parser.add_argument("--due", action="store_true", help=f"list the notes due for review (last reviewed more than {views.REVIEW_AFTER_DAYS} days ago)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check", help="check every note (the default)")
    listing = sub.add_parser("sources", help="list each note's sources with their publishers' types (and wires)")
    listing.add_argument("ids", nargs="*", help="only these notes (their ids, e.g. kremenchuk-strike)")
    scaffold = sub.add_parser("new", help="scaffold a note on the article's exact words")
    scaffold.add_argument("slug", help="the article's notes folder, e.g. russian-war-crimes-in-ukraine-are-backfiring")
    scaffold.add_argument("quote", help="the words to annotate (straight quotes are fine)")
    scaffold.add_argument("--kind", default="fact-check", choices=list(KINDS))
    scaffold.add_argument("--id", dest="note_id", help="the note's id (file name); default: from the quote")
    sub.add_parser("schema", help="write annotations/schema.json from the schema in code")
    whole = sub.add_parser("zensical-build", help="check, build with Zensical (CONFIG) into SITE, then postbuild: in one process")
    whole.add_argument("config_file", type=Path, help="Zensical's config (mkdocs.yml with site_dir SITE)")
    whole.add_argument("site_dir", type=Path, help="the folder Zensical writes (site_dir in CONFIG)")
    whole.add_argument("--strict", action="store_true", help="Zensical's strict mode: a warning fails the build")
    finish = sub.add_parser("postbuild", help="after Zensical built SITE: the pages' policies, the exports, the feed")
    finish.add_argument("site_dir", type=Path, help="the folder the engine wrote")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "new":
        return new(root, args.slug, args.quote, args.kind, args.note_id)
    if args.command == "schema":
        write_schema(root)
        return 0
    if args.command in ("zensical-build", "postbuild"):
        from .adapters import zensical

        try:
            if args.command == "zensical-build":
                return zensical.build(args.config_file, args.site_dir, strict=args.strict)
            zensical.postbuild(load_site(root), args.site_dir.resolve())
        except EditionError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if args.command == "sources":
        return list_sources(root, args.ids)
    if args.due:
        return list_due(root)
    return check(root)


def write_schema(root: Path) -> Path:
    path = root / "annotations" / "schema.json"
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
