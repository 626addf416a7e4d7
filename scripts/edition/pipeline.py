"""The whole data path for any site engine: load -> validate -> anchor, then view models for the templates.

`load_edition` reads and checks every article and note once, collecting all problems and raising them together
(before an engine writes anything). `annotate_page` then anchors the notes in the page's real HTML.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError

from . import anchor, frontmatter, render
from .problems import EditionError, Problem, display_path
from .schema import ID_PATTERN, KINDS, VERDICTS, ArticleHeader, Note, Publishers, sort_key
from .validate import check_sources, parse_model

PUBLISHERS_FILE = "publishers.yml"


@dataclass(frozen=True)
class NoteFile:
    id: str
    path: str
    note: Note
    body: Markup


@dataclass
class Article:
    slug: str
    path: Path  # the Markdown page in docs/
    src_uri: str  # the page's path within docs/, as site engines name it
    header: ArticleHeader
    body: str  # the article's Markdown, without front matter
    notes: dict[str, NoteFile] = field(default_factory=dict)


@dataclass
class Edition:
    articles: dict[str, Article]  # by slug
    publishers: dict[str, list[str]]

    by_page: dict[str, Article] = field(init=False)  # asked for every page: a lookup, not a scan

    def __post_init__(self) -> None:
        self.by_page = {article.src_uri: article for article in self.articles.values()}

    def article_for(self, src_uri: str) -> Article | None:
        return self.by_page.get(src_uri)


# ---------------------------------------------------------------- load and validate


def read_document(path: Path, root: Path | None) -> tuple[frontmatter.FrontMatterDoc | None, list[Problem]]:
    shown = display_path(path, root)
    try:
        return frontmatter.parse(frontmatter.decode(path.read_bytes())), []
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(shown, exc.message, exc.fix, exc.line)]
    except OSError as exc:
        return None, [Problem(shown, f"cannot be read ({exc.strerror})", "check the path and permissions")]


def load_publishers(path: Path, root: Path | None) -> tuple[dict[str, list[str]], list[Problem]]:
    shown = display_path(path, root)
    if not path.is_file():
        return {}, [Problem(shown, "the publisher registry is missing", f"create {shown}: publisher name -> list of hosts")]
    try:
        text = frontmatter.decode(path.read_bytes())
        doc = frontmatter.parse(f"---\n{text}\n---\n")
    except frontmatter.FrontMatterError as exc:
        return {}, [Problem(shown, exc.message, exc.fix, exc.line and exc.line - 1)]
    try:
        return TypeAdapter(Publishers).validate_python(doc.data), []
    except ValidationError as exc:
        return {}, [
            Problem(shown, error["msg"], "write 'Publisher name: [host.example, ...]'", doc.line_of(tuple(error["loc"][:1])), ".".join(map(str, error["loc"])))
            for error in exc.errors()
        ]


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


def load_note(path: Path, root: Path | None, publishers: dict[str, list[str]]) -> tuple[NoteFile | None, list[Problem]]:
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
    return NoteFile(note_id, shown, note, body), problems


def markdown_renderer(extensions: list, configs: dict):
    """The article's Markdown as the site engine renders it, for checking quotes before anything is built."""
    return lambda text: markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


def load_edition(root: Path, docs_dir: Path, annotations_dir: Path, to_html) -> Edition:
    """Read and check everything; raise EditionError with every problem, or return the edition."""
    problems: list[Problem] = []
    for folder, what in ((docs_dir, "docs_dir (the pages)"), (annotations_dir, "the annotations folder")):
        if not folder.is_dir():
            raise EditionError([Problem(display_path(folder, root), f"{what} does not exist", "check docs_dir in mkdocs.yml and that annotations/ sits beside it")])
    publishers, found = load_publishers(annotations_dir / PUBLISHERS_FILE, root)
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
        problems += locate(article, anchor.page_text(to_html(article.body)).text)[1]
    if annotations_dir.is_dir():
        for folder in sorted(p for p in annotations_dir.iterdir() if p.is_dir()):
            if folder.name not in by_slug:
                problems.append(Problem(display_path(folder, root), "no article uses this notes folder", f"add 'annotations: {folder.name}' to an article's front matter, or remove the folder"))
    if problems:
        raise EditionError(problems)
    return Edition(by_slug, publishers)


def locate(article: Article, text: str) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
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


# ---------------------------------------------------------------- view models for the templates


@dataclass(frozen=True)
class NoteView:
    id: str
    number: int
    note: Note
    body: Markup
    exact: str  # the page's own characters, for exports
    prefix: str
    suffix: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.note.kind]

    @property
    def verdict_label(self) -> str | None:
        return VERDICTS[self.note.verdict] if self.note.verdict else None

    @property
    def accessible_name(self) -> str:
        label = f"Note {self.number}: {self.kind_label.lower()}"
        return label + (f", {self.verdict_label.lower()}" if self.verdict_label else "")


@dataclass
class AnnotatedPage:
    html: str
    article: Article
    notes: list[NoteView]

    @property
    def scorecard(self) -> dict:
        checks = [v for v in self.notes if v.note.kind == "fact-check"]
        counts = Counter(v.note.verdict for v in checks)
        return {
            "checked": len(checks),
            "verdicts": [(key, label, counts.get(key, 0)) for key, label in VERDICTS.items()],
            "kinds": [(key, label, sum(v.note.kind == key for v in self.notes)) for key, label in KINDS.items()],
            "notes": len(self.notes),
            "reviewed": max((v.note.reviewed for v in self.notes), default=None),
        }


def annotate_page(article: Article, html: str, env: jinja2.Environment) -> AnnotatedPage:
    """Wrap each note's quote in the page's HTML and number the notes in reading order."""
    page = anchor.page_text(html)
    placed, problems = locate(article, page.text)
    if problems:  # load_edition checked the same text; reaching this means the engine rendered differently
        raise EditionError(problems)
    order = sorted(placed, key=lambda key: (placed[key][0], -placed[key][1], key))
    views = []
    for number, key in enumerate(order, start=1):
        start, end = placed[key]
        prefix, suffix = anchor.context_around(page.text, start, end)
        note_file = article.notes[key]
        views.append(NoteView(key, number, note_file.note, note_file.body, page.text[start:end], prefix, suffix))
    macros = render.snippets(env)
    spans = [
        anchor.Span(v.id, *placed[v.id], str(macros.open_mark(v)), str(macros.close_mark(v)), str(macros.marker(v)))
        for v in views
    ]
    return AnnotatedPage(anchor.wrap(page, spans), article, views)


def timeline(pages: list[AnnotatedPage]) -> list[dict]:
    """Every dated event of the notes in order, each with its note and article; publication marks included."""
    entries = []
    for page in pages:
        published = page.article.header.original.published
        entries.append({"kind": "publication", "date": published.earliest, "page": page})
        for view in page.notes:
            for event in view.note.events:
                entries.append({
                    "kind": "event", "date": event.first, "event": event, "view": view, "page": page,
                    "since": sort_key(event.first) > sort_key(published.earliest),
                })
    return sorted(entries, key=lambda e: (sort_key(e["date"]), e["kind"] == "event", e.get("view") and e["view"].number or 0))


def sources_by_publisher(pages: list[AnnotatedPage]) -> list[dict]:
    """Every source once (by URL), grouped by publisher, with the notes that cite it."""
    by_url: dict[str, dict] = {}
    for page in pages:
        for view in page.notes:
            for source in view.note.sources:
                entry = by_url.setdefault(source.url, {"source": source, "citations": []})
                entry["citations"].append((page, view))
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in by_url.values():
        groups[entry["source"].publisher].append(entry)
    return [
        {"publisher": name, "entries": sorted(entries, key=lambda e: (e["source"].published, e["source"].title))}
        for name, entries in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]
