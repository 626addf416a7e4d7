"""The contributor command: a pass or a clear error without building, and a scaffold with the exact words."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import NOTE_TEMPLATE, ROOT, SLUG, write_note
from edition import cli, frontmatter, load, views
from edition.schema import Note


def test_check_names_the_bad_file_and_fails(project, capsys):
    write_note(project / f"annotations/{SLUG}", "bad-quote", NOTE_TEMPLATE.format(quote="words the article never used"))
    assert cli.main(["--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"annotations/{SLUG}/bad-quote.md" in err and "quote not found" in err


def test_check_needs_neither_mkdocs_nor_a_browser():
    code = (
        "import sys; from edition import cli; status = cli.main(['--root', sys.argv[1]]);"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'playwright')], 'heavy import';"
        "sys.exit(status)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_new_copies_the_articles_exact_characters(project, capsys):
    assert cli.main(["--root", str(project), "new", SLUG, "The word 'children' had been written", "--kind", "context", "--id", "children-word"]) == 0
    path = project / f"annotations/{SLUG}/children-word.md"
    assert 'quote: "The word ‘children’ had been written"' in path.read_text(encoding="utf-8")
    assert cli.main(["--root", str(project), "new", SLUG, "Mariupol"]) == 1
    assert "occurs 2 times" in capsys.readouterr().err


def test_a_scaffolded_note_is_rejected_with_every_problem_at_once(project, capsys):
    """Not the date first and, after a fix, the sources: every placeholder by name, and the two-sources rule."""
    assert cli.main(["--root", str(project), "new", SLUG, "a dramatic increase from the existing 40,000", "--id", "scaffold"]) == 0
    assert cli.main(["--root", str(project)]) == 1
    err = capsys.readouterr().err
    scaffold = f"annotations/{SLUG}/scaffold.md"
    lines = [line for line in err.splitlines() if line.strip().startswith(scaffold)]
    placeholders = {line.split(": ")[1] for line in lines if "still the placeholder" in line}
    assert placeholders == {"gist", "sources[0].title", "sources[0].publisher", "sources[0].url", "sources[0].published", "text"}, err
    assert any("needs at least two sources" in line for line in lines), err
    assert "not in the publisher registry" not in err and "is not a date" not in err, "each placeholder is named once, as one"


def test_new_refuses_an_id_that_is_not_a_slug(project, capsys):
    for bad in ("../../docs/x", "Upper", "a--b", "x/y"):
        assert cli.main(["--root", str(project), "new", SLUG, "Marioupol is now in ruin", "--id", bad]) == 1
        assert "is not a note id" in capsys.readouterr().err
    assert not (project / "docs/x.md").exists()
    assert sorted(p.name for p in (project / "annotations").iterdir()) == sorted(p.name for p in (ROOT / "annotations").iterdir())


def test_schema_command_writes_the_json_schema(project):
    (project / "annotations/schema.json").unlink()
    assert cli.main(["--root", str(project), "schema"]) == 0
    assert (project / "annotations/schema.json").read_text(encoding="utf-8") == (ROOT / "annotations/schema.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------- due for review, and the sources listing

TODAY = dt.date(2026, 12, 1)
FRESH = NOTE_TEMPLATE.format(quote="Marioupol is now in ruin")  # reviewed 2026-11-25: 6 days before TODAY
STALE = FRESH.replace('reviewed: "2026-11-25"', 'reviewed: "2026-05-01"').replace("2026-11-25", "2026-01-01")  # 214 days


@pytest.fixture
def notes(project):
    """The real project with its notes taken out, to put in exactly the notes a test needs."""
    folder = project / f"annotations/{SLUG}"
    for path in folder.glob("*.md"):
        path.unlink()
    return folder


def test_review_is_due_after_180_days_not_on_the_180th():
    fields = frontmatter.parse(STALE).data
    assert not views.due_for_review(Note.model_validate({**fields, "reviewed": "2026-06-04"}), TODAY)  # 180 days
    assert views.due_for_review(Note.model_validate({**fields, "reviewed": "2026-06-03"}), TODAY)  # 181 days


def test_a_note_due_for_review_is_a_warning_and_the_check_passes(project, notes, capsys):
    write_note(notes, "fresh", FRESH)
    write_note(notes, "stale", STALE)
    assert cli.check(project, today=TODAY) == 0
    out, err = capsys.readouterr()
    assert f"warning: annotations/{SLUG}/stale.md:6: reviewed: last reviewed 2026-05-01, 214 days ago: due for review" in err
    assert "fresh.md" not in err
    assert "OK: 2 notes in 1 article(s) pass every check; 1 due for review (scripts/check --due lists them)." in out


def test_check_due_lists_the_notes_due_for_review(project, notes, capsys):
    write_note(notes, "fresh", FRESH)
    write_note(notes, "stale", STALE)
    write_note(notes, "staler", STALE.replace('reviewed: "2026-05-01"', 'reviewed: "2026-04-30"'))
    assert cli.list_due(project, today=TODAY) == 0
    assert capsys.readouterr().out == (
        "2 of 3 notes are due for review (last reviewed more than 180 days ago):\n"
        f"  annotations/{SLUG}/staler.md:6: last reviewed 2026-04-30, 215 days ago: due for review\n"
        f"  annotations/{SLUG}/stale.md:6: last reviewed 2026-05-01, 214 days ago: due for review\n"
    )
    assert cli.main(["--root", str(project), "--due"]) == 0  # the command line, on today's date
    assert f"  annotations/{SLUG}/stale.md:6: last reviewed 2026-05-01" in capsys.readouterr().out


def test_check_due_says_when_nothing_is_due(project, notes, capsys):
    write_note(notes, "fresh", FRESH)
    assert cli.list_due(project, today=TODAY) == 0
    assert capsys.readouterr().out == "No note is due for review: all 1 were reviewed in the last 180 days.\n"


def test_the_article_header_counts_the_notes_due_for_review(project, notes):
    today = dt.date.today().isoformat()
    write_note(notes, "fresh", FRESH.replace("2026-11-25", today))
    write_note(notes, "stale", STALE)  # reviewed in May 2026: due from November 2026 on
    site = cli.load_site(project)
    article = site.loaded.edition.articles[SLUG]
    html = site.page_content(article.src_uri, load.markdown_renderer(site.settings.extensions, site.settings.extension_configs)(article.body).html)
    due = BeautifulSoup(html, "html.parser").select_one(".edition-header [data-due]")
    assert due["data-due"] == "1"
    assert due.get_text(" ", strip=True).startswith("Due for review: 1 of 2 notes, last reviewed more than 180 days ago")


LISTED = """---
quote: "Marioupol is now in ruin"
kind: "fact-check"
verdict: "accurate"
gist: "A test note."
sources:
  - title: "A"
    publisher: "Kyiv Independent"
    wire: "Reuters"
    url: "https://kyivindependent.com/a"
    published: "2026-01-01"
    accessed: "2026-11-25"
  - title: "B"
    publisher: "TASS"
    statement_of: "Government of Russia"
    url: "https://tass.com/b"
    published: "2026-01-01"
    accessed: "2026-11-25"
  - title: "C"
    publisher: "Human Rights Watch"
    url: "https://www.hrw.org/c"
    published: "2026-01-01"
    accessed: "2026-11-25"
created: "2026-11-25"
reviewed: "2026-11-25"
history:
  - date: "2026-11-25"
    change: "added"
    summary: "First version."
---
Text.
"""


def test_check_sources_prints_each_sources_type_and_wire(project, notes, capsys):
    write_note(notes, "listed", LISTED)
    write_note(notes, "other", FRESH)
    assert cli.main(["--root", str(project), "sources", "listed"]) == 0
    assert capsys.readouterr().out == (
        f"annotations/{SLUG}/listed.md (fact-check): 3 sources, 1 of them wire copies\n"
        "  sources[0]   wire              Reuters, on Kyiv Independent (online-news)\n"
        "  sources[1]   state-media       TASS, statement of Government of Russia\n"
        "  sources[2]   ngo               Human Rights Watch\n"
        "\n3 sources in 1 notes, by who did the reporting: original documents 1; wires and papers of record 1; "
        "state media, for their government's own statements 1.\n"
    )


def test_check_sources_lists_notes_that_fail_other_checks(project, notes, capsys):
    write_note(notes, "listed", LISTED.replace('quote: "Marioupol is now in ruin"', 'quote: "words not in the article"')
               .replace('    statement_of: "Government of Russia"\n', ""))
    assert cli.main(["--root", str(project), "sources"]) == 0
    out, err = capsys.readouterr()
    assert "  sources[1]   state-media       TASS\n" in out
    assert "(1 problem in the notes: scripts/check lists them)" in err
