"""Live editing: `mkdocs serve` picks up a saved note, shows a broken note's error while still serving the
last good page, and recovers when the note is fixed, without a restart."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import SLUG

NOTE = f"annotations/{SLUG}/marioupol-spelling.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(project, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/{SLUG}/"
    try:
        wait_for(lambda: "edition-note" in fetch(url), "the first build")
        yield project, url, lambda: (log.flush(), (tmp_path / "serve.log").read_text(encoding="utf-8"))[1]
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_saving_notes_rebuilds_and_a_broken_note_keeps_the_last_good_page(served):
    project, url, read_log = served
    note = project / NOTE
    good = note.read_text(encoding="utf-8")

    def save(gist: str | None = None, kind: str | None = None) -> None:
        text = re.sub(r"(?m)^gist: .*$", f'gist: "{gist}"', good) if gist else good
        text = re.sub(r"(?m)^kind: .*$", f'kind: "{kind}"', text) if kind else text
        note.write_text(text, encoding="utf-8")

    save(gist="Edited live")
    wait_for(lambda: "Edited live" in fetch(url), "the saved note to appear")

    save(gist="Broken now", kind="nota")
    wait_for(lambda: f"{NOTE}:" in read_log() and "'nota' is not allowed" in read_log(), "the error in the log")
    page = fetch(url)
    assert "Edited live" in page and "Broken now" not in page, "the last good page is still served"
    assert "&#39;nota&#39; is not allowed" in page, "the page shows the problem too"
    assert "Traceback" not in read_log()

    save(gist="Fixed again")
    wait_for(lambda: "Fixed again" in fetch(url), "recovery after the fix")


def test_an_article_edit_that_breaks_a_quote_keeps_the_page_served_with_the_problem(served):
    """MkDocs holds every request while a rebuild fails ("the server will appear stuck"): the article must stay
    served, with the banner, and with the notes whose words still stand in it."""
    project, url, read_log = served
    article = project / f"docs/{SLUG}.md"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("Marioupol is now in ruin", "Mariupol is now in ruins"), encoding="utf-8")
    wait_for(lambda: "marioupol-spelling.md" in read_log() and "quote not found" in read_log(), "the problem in the log")
    page = wait_and_fetch(url, lambda text: "Mariupol is now in ruins" in text)
    assert "edition-build-error" in page and "quote not found" in page, "the page shows the problem"
    assert 'id="note-marioupol-spelling"' not in page, "a note whose words are gone is left out"
    assert 'id="note-kremenchuk-strike"' in page, "the notes that still anchor are shown"
    assert "Traceback" not in read_log()
    article.write_text(good, encoding="utf-8")
    wait_for(lambda: "edition-build-error" not in fetch(url) and 'id="note-marioupol-spelling"' in fetch(url), "recovery after the fix")


def wait_and_fetch(url: str, condition, seconds: float = 60) -> str:
    found = []
    wait_for(lambda: condition(page := fetch(url)) and not found.append(page), "the page", seconds)
    return found[0]


@pytest.mark.browser
def test_live_reload_runs_under_the_policy_and_an_open_page_reloads_after_an_edit(served, chromium):
    project, url, read_log = served
    context = chromium.new_context()
    context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("load")  # never "networkidle": the live-reload script keeps a request open
        page.wait_for_timeout(1000)
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        assert page.evaluate("window.__violations") == [], "MkDocs' live-reload script is allowed to run"
        page.evaluate("window.__before_edit = true")
        note = project / NOTE
        note.write_text(re.sub(r"(?m)^gist: .*$", 'gist: "Reloaded live"', note.read_text(encoding="utf-8")), encoding="utf-8")
        page.wait_for_function("() => window.__before_edit === undefined && document.body.textContent.includes('Reloaded live')", timeout=60_000)
    finally:
        context.close()
