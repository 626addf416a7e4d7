"""Machine-readable exports of the notes: W3C Web Annotation (JSON-LD), schema.org ClaimReview, a change feed.

Plain data built from the view models; serialising is the caller's job (json.dumps for files, Jinja2's
`tojson` inside a page, which escapes what could close a <script> element). URLs are absolute when the site
has a `site_url`, and relative to the page otherwise, so the exports work under any sub-path.
"""

from __future__ import annotations

from .schema import VERDICTS
from .views import ArticleView, NoteView

EDITION_NAME = "Annotated Editions"
ANNOTATION_FILE = "annotations.jsonld"
# ClaimReview ratings on a three-point scale; "unverifiable" is said in words only.
RATINGS = {"inaccurate": 1, "needs-context": 2, "accurate": 3}


def motivation(kind: str) -> str:
    """A fact-check assesses the claim; every other kind of note comments on it."""
    return "assessing" if kind == "fact-check" else "commenting"


def web_annotation(view: NoteView, page_url: str) -> dict:
    note = view.note
    body = [{"type": "TextualBody", "value": str(view.body), "format": "text/html", "language": "en",
             "purpose": motivation(note.kind)}]
    if note.verdict:
        body.append({"type": "TextualBody", "value": VERDICTS[note.verdict].label, "purpose": "assessing"})
    return {
        "id": f"{page_url}#note-{view.id}",
        "type": "Annotation",
        "motivation": motivation(note.kind),
        "created": note.created,
        "modified": note.reviewed,
        "body": body,
        "target": {
            "source": page_url,
            "selector": {"type": "TextQuoteSelector", "exact": view.exact, "prefix": view.prefix, "suffix": view.suffix},
        },
    }


def annotation_collection(page: ArticleView, page_url: str) -> dict:
    """Every note of one article as a W3C AnnotationCollection with its single page of items."""
    collection = f"{page_url}{ANNOTATION_FILE}"
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"{EDITION_NAME}: notes on \u201c{page.article.header.title}\u201d",
        "total": len(page.notes),
        "first": {
            "id": f"{collection}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [web_annotation(view, page_url) for view in page.notes],
        },
    }


def claim_reviews(page: ArticleView, page_url: str, site_url: str) -> list[dict]:
    """schema.org ClaimReview for every fact-check of the page.

    In the page's HTML, so kept to what ClaimReview readers use: the note's full text is in the page itself
    and in the W3C export (`reviewBody` would repeat it and made the page ~6 KB gzip heavier)."""
    original = page.article.header.original
    reviews = []
    for view in page.notes:
        note = view.note
        if note.kind != "fact-check":
            continue
        rating = {"@type": "Rating", "alternateName": VERDICTS[note.verdict].label}
        if note.verdict in RATINGS:
            rating.update(ratingValue=RATINGS[note.verdict], bestRating=3, worstRating=1)
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page_url}#note-{view.id}",
            "name": note.gist,
            "claimReviewed": view.exact,
            "datePublished": note.created,
            "dateModified": note.reviewed,
            "author": {"@type": "Organization", "name": EDITION_NAME, **({"url": site_url} if site_url else {})},
            "reviewRating": rating,
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": original.publisher},
                "appearance": {
                    "@type": "OpinionNewsArticle",
                    "url": original.url,
                    "headline": page.article.header.title,
                    "publisher": {"@type": "Organization", "name": original.publisher},
                },
            },
        })
    return reviews


def changes(pages: list[ArticleView]) -> list[dict]:
    """Every dated change to every note, newest first: the corrections log and the feed."""
    entries = []
    for page in pages:
        for view in page.notes:
            for index, entry in enumerate(view.note.history):
                entries.append({"date": entry.date, "change": entry.change, "summary": entry.summary,
                                "view": view, "page": page, "key": f"{page.article.slug}/{view.id}/{index}"})
    return sorted(entries, key=lambda e: (e["date"], e["page"].article.slug, -e["view"].number), reverse=True)
