"""Load and check everything an edition is made of, once per build: articles, notes, the publisher registry.

Every reader returns `(value, problems)`; `load_edition` gathers every problem of every file and raises them
together (EditionError) before an engine writes anything. Quotes are anchored here too, in the article's text
as the site's Markdown renders it, so a note that cannot be placed stops the build like any other mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markupsafe import Markup

from . import anchor, files, frontmatter, pages, registry, render, scaffold
from .anchor import Range
from .problems import EditionError, Problem, display_path
from .registry import Registry
from .schema import ID_PATTERN, ArticleHeader, Note
from .validate import check_note, parse_model

CLAIMS_FILE = "claims.yml"  # the article's claim inventory, read by its tests

@dataclass(frozen=True)
class NoteFile:
    id: str
    path: str  # as shown in messages
    note: Note
    body: Markup  # the note's text as sanitised HTML
    doc: frontmatter.FrontMatterDoc | None = field(default=None, compare=False, repr=False)  # as read

    @property
    def lines(self) -> dict[tuple, int]:
        """Field path -> line in the file (looked up when a message needs one)."""
        return self.doc.lines if self.doc else {}


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
    html: str = ""  # the body as the site's Markdown renders it


@dataclass
class Edition:
    articles: dict[str, Article]  # by slug
    registry: Registry | None  # the publishers, their types and hosts (None: it could not be read, and says why)

    by_page: dict[str, Article] = field(init=False)  # asked for every page: a lookup, not a scan

    def __post_init__(self) -> None:
        self.by_page = {article.src_uri: article for article in self.articles.values()}

    def article_for(self, src_uri: str) -> Article | None:
        return self.by_page.get(src_uri)


@dataclass(frozen=True)
class Rendered:
    """A page's HTML as the site's Markdown renders it, and the raw HTML that Markdown set aside in it."""

    html: str
    raw_html: list[str]


def markdown_renderer(extensions: list, configs: dict) -> Callable[[str], Rendered]:
    """The site's Markdown as the engine renders it, for checking pages and anchoring quotes before a build."""

    def render(text: str) -> Rendered:
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        html = md.convert(text)
        return Rendered(html, [str(block) for block in md.htmlStash.rawHtmlBlocks])

    return render


def read_document(path: Path, root: Path | None, limit: frontmatter.Limit = frontmatter.NOTE,
                  page: bool = False, raw: bytes | None = None) -> tuple[frontmatter.FrontMatterDoc | None, list[Problem]]:
    """A file's front matter and body (a page may have no front matter), or the problems that stop reading it.
    `raw`: the file's bytes, when the caller has read them already."""
    shown = display_path(path, root)
    try:
        text = frontmatter.decode(files.read_bytes(path, root, limit) if raw is None else raw, limit)
        doc = frontmatter.parse_page(text) if page else frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(shown, exc.message, exc.fix, exc.line)]
    except files.FileProblem as exc:
        return None, [Problem(shown, exc.message, exc.fix)]
    return doc, [Problem(shown, c.message, c.fix, c.line) for c in doc.complaints]


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs treats as pages


def load_pages(docs_dir: Path, root: Path | None, tree: files.Tree, render: Callable[[str], Rendered],
               expand: Callable[[str, str], str]) -> tuple[list[Article], list[Problem]]:
    """Check every page in docs/ (pages.py), and return those whose front matter says `annotations: <slug>`,
    the articles; other pages are never articles."""
    articles, problems = [], []
    for path in tree.files:
        if not path.name.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        shown = display_path(path, root)
        src_uri = path.relative_to(docs_dir).as_posix()
        doc, found = read_document(path, root, frontmatter.PAGE, page=True)
        problems += found
        if doc is None:
            continue
        problems += pages.front_matter_problems(doc, shown)
        try:
            rendered = render(expand(src_uri, doc.body))
        except ValueError as error:  # an unknown shortcode
            problems.append(Problem(shown, str(error).removeprefix(f"{src_uri}: "), "use a shortcode the edition knows", doc.body_line))
            continue
        problems += pages.raw_html_problems(rendered.raw_html, doc.body, doc.body_line, shown)
        problems += pages.markup_problems(rendered.html, doc.body, doc.body_line, shown)
        if "annotations" not in doc.data:
            continue
        header, found = parse_model(ArticleHeader, doc, shown)
        problems += found
        if header:
            articles.append(Article(header.annotations, path, src_uri, header, doc.body, html=rendered.html))
    return articles, problems


def find_articles(docs_dir: Path, root: Path | None) -> tuple[list[Article], list[Problem]]:
    """The articles in docs/ (for the contributor command, which needs no other page)."""
    tree = files.walk(docs_dir, root)
    return load_pages(docs_dir, root, tree, lambda text: Rendered("", []), lambda page, text: text)


def load_note(path: Path, root: Path | None, publishers: Registry | None,
              raw: bytes | None = None) -> tuple[NoteFile | None, list[Problem]]:
    shown = display_path(path, root)
    note_id = path.stem
    problems = []
    if not ID_PATTERN.match(note_id):
        problems.append(Problem(shown, f"'{note_id}' is not a valid note id (the file name)", "rename the file: lowercase letters, digits and single hyphens, e.g. kremenchuk-toll.md"))
    doc, found = read_document(path, root, raw=raw)
    problems += found
    if doc is None:
        return None, problems
    note, found = check_note(doc, shown, publishers)
    problems += found
    body, complaints = render.markdown_to_html(doc.body)
    problems += [Problem(shown, complaint, "", doc.body_line, "text") for complaint in complaints]
    if not doc.body.strip():
        problems.append(Problem(shown, "the note has no text", "write the note below the closing '---'", doc.body_line, "text"))
    elif doc.body.strip() == scaffold.BODY:
        problems.append(Problem(shown, "the text is still the placeholder from 'scripts/check new'", "write what the sources say, attributed to who said it", doc.body_line, "text"))
    if note is None:
        return None, problems
    return NoteFile(note_id, shown, note, body, doc), problems


# Under `serve` a rebuild reads every note again, though one changed: what a note file gave (its note and its
# problems) is kept by path, with the bytes it came from, the registry it was checked against and the day (a
# date "in the future" is one only until that day). Nothing downstream changes a NoteFile (frozen) or its Note.
_read_before: dict[Path, tuple[bytes, Path | None, Registry | None, dt.date, tuple[NoteFile | None, list[Problem]]]] = {}


def load_note_again(path: Path, root: Path | None, publishers: Registry | None) -> tuple[NoteFile | None, list[Problem]]:
    """load_note, or what it gave for the same bytes and registry last time."""
    try:
        data = files.read_bytes(path, root, frontmatter.NOTE)
    except (files.FileProblem, frontmatter.FrontMatterError):
        return load_note(path, root, publishers)  # says why (unreadable, too large)
    before, today = _read_before.get(path), dt.date.today()
    if before and before[:4] == (data, root, publishers, today):
        note_file, problems = before[4]
        return note_file, list(problems)
    result = load_note(path, root, publishers, data)
    _read_before[path] = (data, root, publishers, today, (result[0], list(result[1])))
    return result


def note_files(folder: Path, tree: files.Tree, root: Path | None) -> tuple[list[Path], list[Problem]]:
    """The notes of a notes folder, and a problem for anything else in it (nothing is ignored silently)."""
    notes, problems = [], []
    files_here, folders_here = tree.children(folder)
    for path in files_here:
        if path.name == CLAIMS_FILE:
            continue
        if path.suffix == ".md":
            notes.append(path)
        else:
            problems.append(Problem(display_path(path, root), "is not read: only notes (<id>.md) and claims.yml belong in a notes folder",
                                    "name a note <id>.md (lowercase .md), or move the file out of the folder"))
    for path in folders_here:
        problems.append(Problem(display_path(path, root), "is a folder inside a notes folder, and is not read",
                                "put its notes directly in the article's notes folder"))
    return notes, problems


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
            why = anchor.explain_miss(text, note.quote, note.prefix, note.suffix)
            problems.append(Problem(note_file.path, f"quote not found in {article.src_uri}: \u201c{note.quote}\u201d" + (f"; {why}" if why else ""), hint, None, "quote"))
        else:
            contexts = "; ".join(f"\u2026{anchor.context_around(text, s, e, 20)[0]}[quote]" for s, e in matches[:3])
            problems.append(Problem(note_file.path, f"quote is ambiguous: it occurs {len(matches)} times in {article.src_uri} ({contexts})", "add 'prefix:' (the words just before) or 'suffix:' (just after) to pick one", None, "quote"))
    for key_a, key_b in anchor.partial_overlaps([(key, *span) for key, span in placed.items()]):
        for key, other in ((key_a, key_b), (key_b, key_a)):
            problems.append(Problem(article.notes[key].path, f"quote partly overlaps the quote of note '{other}'", "quote the same words, words inside the other quote, or words outside it", None, "quote"))
    return placed, problems


def load_edition(root: Path, docs_dir: Path, annotations_dir: Path, render: Callable[[str], Rendered],
                 expand: Callable[[str, str], str] = lambda page, text: text) -> Edition:
    """Read and check everything; raise EditionError with every problem, or return the edition.

    `render` is the site's Markdown (markdown_renderer); `expand(page, text)` a page's Markdown with its value
    shortcodes expanded, as the engine will render it."""
    problems: list[Problem] = []
    for folder, what in ((docs_dir, "docs_dir (the pages)"), (annotations_dir, "the annotations folder")):
        if not folder.is_dir():
            raise EditionError([Problem(display_path(folder, root), f"{what} does not exist", "check docs_dir in mkdocs.yml and that annotations/ sits beside it")])
    pages_tree, notes_tree = files.walk(docs_dir, root), files.walk(annotations_dir, root)
    problems += pages_tree.problems + notes_tree.problems
    publishers, found = registry.load(annotations_dir / registry.FILE, root)
    problems += found
    articles, found = load_pages(docs_dir, root, pages_tree, render, expand)
    problems += found
    by_slug: dict[str, Article] = {}
    folder_set = set(notes_tree.folders)
    for article in articles:
        if article.slug in by_slug:
            problems.append(Problem(display_path(article.path, root), f"notes folder '{article.slug}' is already used by {display_path(by_slug[article.slug].path, root)}", "give each article its own 'annotations' slug"))
            continue
        by_slug[article.slug] = article
        folder = annotations_dir / article.slug
        if folder not in folder_set:
            problems.append(Problem(display_path(article.path, root), f"its notes folder {display_path(folder, root)} does not exist", f"create {display_path(folder, root)}/ or correct 'annotations:'", None, "annotations"))
            continue
        paths, found = note_files(folder, notes_tree, root)
        problems += found
        for path in paths:
            note_file, found = load_note_again(path, root, publishers)
            problems += found
            if note_file:
                article.notes[note_file.id] = note_file
        article.text = anchor.page_text(article.html).text
        article.placed, found = locate(article, article.text)
        problems += found
    for folder in notes_tree.folders:
        if folder.parent == annotations_dir and folder.name not in by_slug:
            problems.append(Problem(display_path(folder, root), "no article uses this notes folder", f"add 'annotations: {folder.name}' to an article's front matter, or remove the folder"))
    if problems:
        raise EditionError(problems)
    return Edition(by_slug, publishers)
