"""URLs as a browser reads them: where Python's urlsplit and the WHATWG URL standard disagree, the URL is refused."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from edition import urls
from edition.registry import host_belongs

GOOD = [
    "https://www.atlantico.fr/article/x",
    "https://WWW.HRW.org/news/2022/06/30/a?b=1&c=2#d",
    "https://uk.wikipedia.org/wiki/Маріуполь",
    "https://www.hrw.org/a%20b",
]
# (url, where a browser really goes or why it is refused, words of the message)
DECEPTIVE = {
    "backslash before the host's last labels": ("https://evil.example\\.atlantico.fr/", "backslash"),
    "percent-encoded @": ("https://www.atlantico.fr%40evil.example/", "not an absolute https:// URL"),
    "user name before @": ("https://www.atlantico.fr@evil.example/", "user name"),
    "user name and password": ("https://a:b@www.atlantico.fr/", "user name"),
    "an explicit port": ("https://www.atlantico.fr:8443/a", "port"),
    "the default port": ("https://www.atlantico.fr:443/a", "port"),
    "full-width letters (IDNA maps them)": ("https://ｗｗｗ.atlantico.fr/", "read by browsers as"),
    "an IP address in hex": ("https://0x7f.1/", "read by browsers as"),
    "no slashes after the scheme": ("https:www.atlantico.fr/a", "not an absolute https:// URL"),
    "a tab inside": ("https://www.atlan\ttico.fr/", "spaces or invisible characters"),
    "no host at all": ("https:///www.atlantico.fr/", "read by browsers as"),
    "a placeholder host": ("https://...", "does not name a site"),
    "plain http": ("http://www.atlantico.fr/", "plain http"),
    "javascript": ("javascript:alert(1)", "not an absolute https:// URL"),
}


@pytest.mark.parametrize("url", GOOD)
def test_ordinary_addresses_pass(url):
    assert urls.web_address_problem(url) is None


@pytest.mark.parametrize("url, words", DECEPTIVE.values(), ids=DECEPTIVE.keys())
def test_an_address_a_browser_reads_differently_is_refused(url, words):
    problem = urls.web_address_problem(url)
    assert problem is not None and words in problem, problem


def test_the_registry_check_uses_the_host_the_browser_visits():
    """urlsplit would put this URL on Atlantico's host; the browser goes to evil.example."""
    sneaky = "https://evil.example\\.atlantico.fr/"
    assert urlsplit(sneaky).hostname == "evil.example\\.atlantico.fr" or urlsplit(sneaky).hostname.endswith("atlantico.fr")
    assert urls.host(sneaky) == "evil.example"
    assert not host_belongs(sneaky, ["atlantico.fr"])
    assert host_belongs("https://www.atlantico.fr/a", ["atlantico.fr"])


LINKS_WITHIN = ["#note-kremenchuk-strike", "/timeline/", "/russian-war-crimes-in-ukraine-are-backfiring/#note-x"]
LINKS_REFUSED = {
    "protocol-relative": ("//evil.example/x", "another site"),
    "slash-backslash": ("/\\evil.example/path", "backslash"),
    "bare relative (meant as a host)": ("evil.example/path", "relative link"),
    "plain http": ("http://example.org/", "plain http"),
    "javascript": ("javascript:alert(1)", "not an https:// link"),
    "data": ("data:text/html,x", "not an https:// link"),
    "mailto in a note": ("mailto:a@example.org", "not an https:// link"),
    "empty": ("", "no address"),
}


@pytest.mark.parametrize("href", LINKS_WITHIN)
def test_links_within_the_site_pass(href):
    assert urls.link_problem(href) is None


@pytest.mark.parametrize("href, words", LINKS_REFUSED.values(), ids=LINKS_REFUSED.keys())
def test_links_leaving_the_site_or_not_https_are_refused(href, words):
    problem = urls.link_problem(href)
    assert problem is not None and words in problem, problem


def test_pages_may_link_relatively_and_to_mail_but_embed_only_their_own_files():
    assert urls.link_problem("policy.md#reporting-an-error", relative=True, mail=True) is None
    assert urls.link_problem("mailto:corrections@example.org", relative=True, mail=True) is None
    assert urls.link_problem("//evil.example/x", relative=True, mail=True) is not None
    assert urls.link_problem("img/photo.jpg", relative=True, elsewhere=False) is None
    assert "another site" in urls.link_problem("https://evil.example/x.png", relative=True, elsewhere=False)
    assert urls.link_problem("data:image/png;base64,AAAA", relative=True, elsewhere=False) is not None
