"""Every page runs only its own code and asks nothing of any other host."""

from __future__ import annotations

import pytest

from browser import ARTICLE

pytestmark = pytest.mark.browser
PAGES = ["", ARTICLE, "timeline/", "sources/", "policy/", "about/", "404.html"]
COLLECT_VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.mark.parametrize("path", PAGES)
def test_page_makes_no_request_to_another_host_and_breaks_no_policy(chromium, server, path):
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    if path == ARTICLE:  # exercise the scripts: open a note, search
        page.locator(".edition-article .edition-marker").first.click()
        page.keyboard.press("/")
        page.keyboard.type("NATO")
        page.wait_for_timeout(500)
    assert [url for url in requests if not url.startswith(server.url) and not url.startswith("data:")] == []
    assert page.evaluate("window.__violations") == []
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    context.close()


def test_the_policy_catches_a_script_it_was_not_built_with(chromium, server):
    """The check above can fail: an injected inline script is refused and reported."""
    context = chromium.new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.goto(server.url + ARTICLE)
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    context.close()
