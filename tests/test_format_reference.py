"""The case-format reference is generated from the schema and published on the site."""

from __future__ import annotations

from pathlib import Path

from casebook.core.format_reference import SECTIONS, field_rows, format_page
from casebook.core.model import POINTS_SCALE, StepKind, Verdict

ROOT = Path(__file__).resolve().parent.parent


def test_every_field_is_described_for_authors():
    for _title, model, _intro in SECTIONS:
        for name, _kind, _need, description in field_rows(model):
            assert description.strip(), f"{model.__name__}.{name} n'a pas de description"


def test_page_lists_every_field_and_the_scale():
    page = format_page()
    for _title, model, _intro in SECTIONS:
        for name in model.model_fields:
            assert f"| `{name}` |" in page
    for verdict in Verdict:
        row = (f"| {verdict.label} (`{verdict.value}`) | {POINTS_SCALE[StepKind.SINGLE][verdict]} | "
               f"{POINTS_SCALE[StepKind.MULTIPLE][verdict]:+d} |")
        assert row in page


def test_page_is_in_the_site_toc():
    assert "book/_generated/format-des-cas" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
