"""The contributor command: a pass or a clear error without building, and a scaffold with the exact words."""

from __future__ import annotations

import subprocess
import sys

from conftest import NOTE_TEMPLATE, ROOT, SLUG, write_note
from edition import cli


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
