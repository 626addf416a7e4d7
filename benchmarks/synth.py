"""A synthetic edition for the scale benchmark: many articles, each with many notes, that pass every check.

    python benchmarks/synth.py OUT_DIR ARTICLES [NOTES_PER_ARTICLE]

Starts from a copy of the real project (config, templates, core, publisher registry, the non-article pages),
drops the real article and writes ARTICLES articles under docs/articles/ with NOTES_PER_ARTICLE notes each.
Notes are the real notes recycled: each keeps its kind, verdict, text, sources and events exactly as written
(so every source is a real, registered one) and gets a new `quote` naming a sentence that occurs once in its
article. Article text is the real article's paragraphs in rotation with those sentences added, two per
paragraph, so an article reads and weighs like the real one.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ARTICLE_SLUG, ROOT, snapshot_project  # noqa: E402

PLACES = ["Kharkiv", "Odesa", "Dnipro", "Sumy", "Kherson", "Lviv", "Poltava", "Mykolaiv", "Zaporizhzhia", "Izium"]


def _real_article(source: Path) -> tuple[str, list[str]]:
    text = (source / "docs" / f"{ARTICLE_SLUG}.md").read_text(encoding="utf-8")
    end = text.index("\n---\n", 3)
    header = text[4:end]
    paragraphs = [p for p in text[end + 5 :].split("\n\n") if p.strip() and "{" not in p]
    return header, paragraphs


def _real_notes(source: Path) -> list[tuple[str, str]]:
    """(id, text) of every real note, front matter without quote/prefix/suffix lines."""
    notes = []
    for path in sorted((source / "annotations" / ARTICLE_SLUG).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(quote|prefix|suffix): .*\n", "", text)
        notes.append((path.stem, text))
    return notes


def sentence(article: int, number: int) -> tuple[str, str]:
    """A claim sentence that occurs once in the whole site, and the words its note quotes."""
    place = PLACES[(article + number) % len(PLACES)]
    quote = f"report {article:03d}.{number:02d} counted {100 + 7 * number} incidents in {place}"
    return f"The monitoring mission’s {quote} over the spring.", quote


def make(out: Path, articles: int, notes_per_article: int = 30, source: Path = ROOT) -> dict:
    """Write the synthetic project to `out`, from `source` (the project, or a snapshot of it)."""
    out = Path(out)
    snapshot_project(out, source)
    (out / "docs" / f"{ARTICLE_SLUG}.md").unlink()
    shutil.rmtree(out / "annotations" / ARTICLE_SLUG)
    header_text, paragraphs = _real_article(source)
    header = yaml.safe_load(header_text)
    real_notes = _real_notes(source)
    (out / "docs" / "articles").mkdir()
    nav_articles = []
    for a in range(1, articles + 1):
        slug = f"synthetic-article-{a:03d}"
        notes_dir = out / "annotations" / slug
        notes_dir.mkdir(parents=True)
        body = []
        for n in range(1, notes_per_article + 1):
            claim, quote = sentence(a, n)
            note_id, note_text = real_notes[(a * notes_per_article + n) % len(real_notes)]
            (notes_dir / f"n{n:02d}-{note_id}.md").write_text(
                note_text.replace("---\n", f'---\nquote: "{quote}"\n', 1), encoding="utf-8"
            )
            if n % 2:
                body.append(paragraphs[(a + n) % len(paragraphs)] + " " + claim)
            else:
                body[-1] += " " + claim
        meta = {**header, "title": f"Synthetic article {a:03d}", "annotations": slug}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        (out / "docs" / "articles" / f"{slug}.md").write_text(f"---\n{front}---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        nav_articles.append(f"articles/{slug}.md")
    config_path = out / "mkdocs.yml"
    config = config_path.read_text(encoding="utf-8")
    config = config.replace(f"      - {ARTICLE_SLUG}.md\n", "".join(f"      - {p}\n" for p in nav_articles))
    config_path.write_text(config, encoding="utf-8")
    return {"articles": articles, "notes": articles * notes_per_article}


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    print(make(Path(sys.argv[1]), int(sys.argv[2]), *(int(x) for x in sys.argv[3:])))
