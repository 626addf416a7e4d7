"""The note `scripts/check new` writes, and the placeholders in it that a contributor must replace.

The check names each placeholder left in a note by what to put there, instead of reporting it as a bad date,
an unknown publisher or a URL that is not one.
"""

from __future__ import annotations

import yaml

# field path (as in the front matter; 0 stands for any list item) -> the placeholder the scaffold writes there
PLACEHOLDERS = {
    ("gist",): "One line for the card: what a reader should know.",
    ("sources", 0, "title"): "The page title as published",
    ("sources", 0, "publisher"): "A publisher named in annotations/publishers.yml",
    ("sources", 0, "url"): "https://...",
    ("sources", 0, "published"): "YYYY-MM-DD",
}
BODY = "What the sources say, attributed to who said it."
WHAT_TO_WRITE = {
    "gist": "one line for the compact card: what a reader should know",
    "title": "the page's title as published",
    "publisher": "the publisher's name as registered in annotations/publishers.yml",
    "url": "the https:// address of the page you read",
    "published": "the date the page was published (YYYY-MM-DD, YYYY-MM or YYYY), or 'undated'",
}


def note(exact: str, kind: str, today: str) -> str:
    """A note skeleton on the article's exact words."""
    quote = yaml.safe_dump(exact, allow_unicode=True, default_style='"', width=10_000).strip()
    verdict = 'verdict: "needs-context"  # accurate | needs-context | inaccurate | unverifiable\n' if kind == "fact-check" else ""
    return (
        "---\n"
        f"quote: {quote}\n"
        f'kind: "{kind}"\n{verdict}'
        f'gist: "{PLACEHOLDERS["gist",]}"\n'
        "sources:\n"
        f'  - title: "{PLACEHOLDERS["sources", 0, "title"]}"\n'
        f'    publisher: "{PLACEHOLDERS["sources", 0, "publisher"]}"\n'
        f'    url: "{PLACEHOLDERS["sources", 0, "url"]}"\n'
        f'    published: "{PLACEHOLDERS["sources", 0, "published"]}"\n'
        f'    accessed: "{today}"\n'
        f'created: "{today}"\nreviewed: "{today}"\n'
        f'history:\n  - date: "{today}"\n    change: "added"\n    summary: "First version."\n'
        f"---\n{BODY}\n"
    )


def placeholders(data: dict) -> list[tuple[tuple, str]]:
    """(field path, what to write there) for every placeholder still in a note's front matter."""
    found = []
    for pattern, text in PLACEHOLDERS.items():
        if len(pattern) == 1:
            candidates = [(pattern, data.get(pattern[0]))]
        else:  # ("sources", 0, "title"): that field of every item of the list
            items = data.get(pattern[0])
            items = items if isinstance(items, list) else []
            candidates = [((pattern[0], index, pattern[2]), item.get(pattern[2])) for index, item in enumerate(items) if isinstance(item, dict)]
        found += [(path, WHAT_TO_WRITE[pattern[-1]]) for path, value in candidates if value == text]
    return found
