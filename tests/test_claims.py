"""The claim inventory: every checkable claim of the article has a note, and every note covers a claim."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, SLUG

ORIGINAL = (ROOT / f"tests/fixtures/{SLUG}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n\n")
CREDIT, BODY = ORIGINAL[1], [p for p in ORIGINAL[2:] if p.strip()]
INVENTORY = yaml.safe_load((ROOT / f"annotations/{SLUG}/claims.yml").read_text(encoding="utf-8"))
NOTES = {p.stem for p in (ROOT / f"annotations/{SLUG}").glob("*.md")}


def paragraph(number) -> str:
    return CREDIT if number == "credit" else BODY[number - 1]


@pytest.mark.parametrize("claim", INVENTORY, ids=[c["claim"][:40] for c in INVENTORY])
def test_each_claim_stands_in_its_paragraph_and_has_a_note(claim):
    assert claim["type"] in ("fact", "opinion")
    assert claim["claim"] in paragraph(claim["paragraph"])
    assert claim["notes"], "this claim has no note yet"
    assert set(claim["notes"]) <= NOTES, f"no such note: {set(claim['notes']) - NOTES}"


def test_every_note_covers_a_listed_claim():
    covered = {note for claim in INVENTORY for note in claim["notes"]}
    assert NOTES - covered == set(), "add these notes' claims to claims.yml"


def test_there_are_at_least_24_notes():
    assert len(NOTES) >= 24
