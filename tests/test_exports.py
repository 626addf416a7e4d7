"""Exports: W3C Web Annotations that re-anchor in the page, ClaimReview, metadata, feed, corrections log,
and the site working under a sub-path."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import xml.etree.ElementTree as ET

import pytest

from conftest import ARTICLE_PAGE, ROOT, SLUG, soup
from edition import cli
from edition.schema import VERDICTS

NOTES = cli.load_notes(ROOT).articles[SLUG].notes
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "tagging"}


@pytest.fixture(scope="module")
def collection(site):
    return json.loads((site / SLUG / "annotations.jsonld").read_text(encoding="utf-8"))


def test_collection_follows_the_web_annotation_model(collection, article):
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["id"]
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(NOTES)
    assert collection["first"]["type"] == "AnnotationPage"
    assert sorted(item["id"] for item in items) == sorted(f"./#note-{note_id}" for note_id in NOTES)
    for item in items:
        assert item["type"] == "Annotation"
        assert item["motivation"] in MOTIVATIONS
        assert len(item["created"]) == 10 and len(item["modified"]) == 10
        assert all(body["type"] == "TextualBody" and body["value"] for body in item["body"])
        selector = item["target"]["selector"]
        assert selector["type"] == "TextQuoteSelector" and selector["exact"]
    assert article.select_one('#edition-changes a[type="application/ld+json"][href="annotations.jsonld"]')


def test_every_selector_re_anchors_in_the_built_page(collection, site):
    page = soup(site / ARTICLE_PAGE)
    for marker in page.select(".edition-marker"):
        marker.decompose()
    text = page.select_one(".edition-article").get_text()
    for item in collection["first"]["items"]:
        selector = item["target"]["selector"]
        whole = selector["prefix"] + selector["exact"] + selector["suffix"]
        assert text.count(whole) == 1, item["id"]


def test_claim_review_for_every_fact_check(article):
    (script,) = article.select('script[type="application/ld+json"]')
    reviews = json.loads(script.string)
    checks = {n.id: n.note for n in NOTES.values() if n.note.kind == "fact-check"}
    assert len(reviews) == len(checks)
    for review in reviews:
        note_id = review["url"].split("#note-")[1]
        assert review["@type"] == "ClaimReview"
        assert review["reviewRating"]["alternateName"] == VERDICTS[checks[note_id].verdict].label
        assert review["claimReviewed"] and review["datePublished"] == checks[note_id].created
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["url"].startswith("https://www.geopoliticalmonitor.com/")
        assert review["author"]["name"] == "Annotated Editions"
        assert article.select_one(f"#note-{note_id}")


def test_corrections_log_lists_every_change(article):
    entries = article.select("#edition-changes .edition-changes li")
    assert len(entries) == sum(len(n.note.history) for n in NOTES.values())
    dates = [li.time["datetime"] for li in entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_is_atom_with_every_change(site):
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == min(100, sum(len(n.note.history) for n in NOTES.values()))
    assert all(e.find(f"{atom}link").get("href").startswith(f"{SLUG}/#note-") for e in entries)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The site as deployed to project pages: site_url with a sub-path."""
    out = tmp_path_factory.mktemp("deployed")
    env_site = {**os.environ, "SITE_URL": "https://example.org/edition/"}
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, env={**env_site, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def test_deployed_pages_carry_canonical_and_open_graph_metadata(deployed):
    page = soup(deployed / ARTICLE_PAGE)
    url = f"https://example.org/edition/{SLUG}/"
    assert page.select_one('link[rel="canonical"]')["href"] == url
    assert page.select_one('meta[property="og:url"]')["content"] == url
    assert page.select_one('meta[property="og:type"]')["content"] == "article"
    assert page.select_one('meta[name="description"]')["content"]
    assert page.select_one('meta[name="twitter:card"]')
    assert url in (deployed / "sitemap.xml").read_text(encoding="utf-8")
    collection = json.loads((deployed / SLUG / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["first"]["items"][0]["target"]["source"] == url


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /edition/ only, with 404.html for anything else, as project pages do."""

    prefix = "/edition/"

    def log_message(self, *args):
        pass

    def send_head(self):
        if not self.path.startswith(self.prefix):
            self.path = "/__missing__"
        else:
            self.path = "/" + self.path[len(self.prefix):]
        if not os.path.exists(self.translate_path(self.path)):
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            body = open(os.path.join(self.directory, "404.html"), "rb").read()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)
        return super().send_head()


@pytest.mark.browser
def test_the_site_works_under_a_sub_path(deployed, chromium):
    handler = functools.partial(_SubPathHandler, directory=str(deployed))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/edition/"
    try:
        context = chromium.new_context(viewport={"width": 390, "height": 900})
        page = context.new_page()
        failed = []
        page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
        for path in ("", "timeline/", "sources/", "policy/", f"{SLUG}/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        page.locator(".edition-article .edition-marker").first.click()
        assert page.locator(".edition-note.is-open").count() == 1
        assert failed == []
        page.goto(base + "no/such/page/")  # the 404 page still finds its styles under the sub-path
        page.wait_for_load_state("networkidle")
        assert failed == [base + "no/such/page/"]
        context.close()
    finally:
        httpd.shutdown()
