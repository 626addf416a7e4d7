"""Load and check everything an edition is made of, once per build: articles, notes, the publisher registry.

Every reader returns `(value, problems)`; `load_edition` gathers every problem of every file and raises them
together (EditionError) before an engine writes anything. Quotes are anchored here too, in the article's text
as the site's Markdown renders it, so a note that cannot be placed stops the build like any other mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markupsafe import Markup

from . import anchor, frontmatter, registry, render
from .anchor import Range
from .problems import EditionError, Problem, display_path
from .registry import Registry
from .schema import ID_PATTERN, ArticleHeader, Note
from .validate import check_sources, parse_model


@dataclass(frozen=True)
class NoteFile:
    id: str
    path: str  # as shown in messages
    note: Note
    body: Markup  # the note's text as sanitised HTML
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)  # field path -> line


@dataclass
class Article:
    slug: str
    path: Path  # the Markdown page in docs/
    src_uri: str  # the page's path within docs/, as site engines name it
    header: ArticleHeader
    body: str  # the article's Markdown, without front matter
    notes: dict[str, NoteFile] = field(default_factory=dict)
    text: str = ""  # the text a reader sees, as the site's Markdown renders the body
    placed: dict[str, Range] = field(default_factory=dict)  # where each note's quote stands in `text`


@dataclass
class Edition:
    articles: dict[str, Article]  # by slug
    registry: Registry  # the publishers, their types and hosts

    by_page: dict[str, Article] = field(init=False)  # asked for every page: a lookup, not a scan

    def __post_init__(self) -> None:
        self.by_page = {article.src_uri: article for article in self.articles.values()}

    def article_for(self, src_uri: str) -> Article | None:
        return self.by_page.get(src_uri)


def markdown_renderer(extensions: list, configs: dict):
    """The site's Markdown as the engine renders it, for anchoring quotes before anything is built."""
    return lambda text: markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


def read_document(path: Path, root: Path | None) -> tuple[frontmatter.FrontMatterDoc | None, list[Problem]]:
    shown = display_path(path, root)
    try:
        return frontmatter.parse(frontmatter.decode(path.read_bytes())), []
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(shown, exc.message, exc.fix, exc.line)]
    except OSError as exc:
        return None, [Problem(shown, f"cannot be read ({exc.strerror})", "check the path and permissions")]


def find_articles(docs_dir: Path, root: Path | None) -> tuple[list[Article], list[Problem]]:
    """Pages whose front matter says `annotations: <slug>`; other pages are never articles."""
    articles, problems = [], []
    for path in sorted(docs_dir.rglob("*.md")):
        raw = path.read_bytes()
        if not raw.startswith(b"---") or b"\nannotations:" not in raw:
            continue
        doc, found = read_document(path, root)
        problems += found
        if doc is None or "annotations" not in doc.data:
            continue
        header, found = parse_model(ArticleHeader, doc, display_path(path, root))
        problems += found
        if header:
            articles.append(Article(header.annotations, path, path.relative_to(docs_dir).as_posix(), header, doc.body))
    return articles, problems


def load_note(path: Path, root: Path | None, publishers: Registry) -> tuple[NoteFile | None, list[Problem]]:
    shown = display_path(path, root)
    note_id = path.stem
    problems = []
    if not ID_PATTERN.match(note_id):
        problems.append(Problem(shown, f"'{note_id}' is not a valid note id (the file name)", "rename the file: lowercase letters, digits and hyphens, e.g. kremenchuk-toll.md"))
    doc, found = read_document(path, root)
    if doc is None:
        return None, problems + found
    note, found = parse_model(Note, doc, shown)
    problems += found
    body, complaints = render.markdown_to_html(doc.body)
    problems += [Problem(shown, complaint, "", doc.body_line, "text") for complaint in complaints]
    if not doc.body.strip():
        problems.append(Problem(shown, "the note has no text", "write the note below the closing '---'", doc.body_line, "text"))
    if note is None:
        return None, problems
    problems += check_sources(note, doc, shown, publishers)
    return NoteFile(note_id, shown, note, body, doc.lines), problems


def locate(article: Article, text: str) -> tuple[dict[str, Range], list[Problem]]:
    """Where each note's quote stands in the article's text, or why it cannot be placed."""
    placed, problems = {}, []
    for note_file in article.notes.values():
        note = note_file.note
        matches = anchor.find_quote(text, note.quote, note.prefix, note.suffix)
        if len(matches) == 1:
            placed[note_file.id] = matches[0]
        elif not matches:
            hint = "copy the words exactly from the article (curly quotes ’ “ ” and spelling as published)"
            if note.prefix or note.suffix:
                hint += "; check that prefix/suffix are the words right before/after the quote"
            problems.append(Problem(note_file.path, f"quote not found in {article.src_uri}: \u201c{note.quote}\u201d", hint, None, "quote"))
        else:
            contexts = "; ".join(f"\u2026{anchor.context_around(text, s, e, 20)[0]}[quote]" for s, e in matches[:3])
            problems.append(Problem(note_file.path, f"quote is ambiguous: it occurs {len(matches)} times in {article.src_uri} ({contexts})", "add 'prefix:' (the words just before) or 'suffix:' (just after) to pick one", None, "quote"))
    for key_a, key_b in anchor.partial_overlaps([(key, *span) for key, span in placed.items()]):
        for key, other in ((key_a, key_b), (key_b, key_a)):
            problems.append(Problem(article.notes[key].path, f"quote partly overlaps the quote of note '{other}'", "quote the same words, words inside the other quote, or words outside it", None, "quote"))
    return placed, problems


def load_edition(root: Path, docs_dir: Path, annotations_dir: Path, to_html) -> Edition:
    """Read and check everything; raise EditionError with every problem, or return the edition."""
    problems: list[Problem] = []
    for folder, what in ((docs_dir, "docs_dir (the pages)"), (annotations_dir, "the annotations folder")):
        if not folder.is_dir():
            raise EditionError([Problem(display_path(folder, root), f"{what} does not exist", "check docs_dir in mkdocs.yml and that annotations/ sits beside it")])
    publishers, found = registry.load(annotations_dir / registry.FILE, root)
    problems += found
    articles, found = find_articles(docs_dir, root)
    problems += found
    by_slug: dict[str, Article] = {}
    for article in articles:
        if article.slug in by_slug:
            problems.append(Problem(display_path(article.path, root), f"notes folder '{article.slug}' is already used by {display_path(by_slug[article.slug].path, root)}", "give each article its own 'annotations' slug"))
            continue
        by_slug[article.slug] = article
        folder = annotations_dir / article.slug
        if not folder.is_dir():
            problems.append(Problem(display_path(article.path, root), f"its notes folder {display_path(folder, root)} does not exist", f"create {display_path(folder, root)}/ or correct 'annotations:'", None, "annotations"))
            continue
        for path in sorted(folder.glob("*.md")):
            note_file, found = load_note(path, root, publishers)
            problems += found
            if note_file:
                article.notes[note_file.id] = note_file
        article.text = anchor.page_text(to_html(article.body)).text
        article.placed, found = locate(article, article.text)
        problems += found
    if annotations_dir.is_dir():
        for folder in sorted(p for p in annotations_dir.iterdir() if p.is_dir()):
            if folder.name not in by_slug:
                problems.append(Problem(display_path(folder, root), "no article uses this notes folder", f"add 'annotations: {folder.name}' to an article's front matter, or remove the folder"))
    if problems:
        raise EditionError(problems)
    return Edition(by_slug, publishers)
