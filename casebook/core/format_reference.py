"""The case-file format reference, generated from the schema (never written by hand).

Field descriptions in :mod:`casebook.core.model` are written for case authors; this
module turns them into one Markdown page for the site, so the reference cannot
drift from what ``casebook check`` enforces. Pure: imports no site library.
"""

from __future__ import annotations

import enum
import types
import typing

from pydantic import BaseModel

from casebook.core import messages as M
from casebook.core.model import (POINTS_SCALE, Case, Confidence, GreyZone, Justification, Misconception, Option,
                            Profession, Step, StepKind, Theme, Verdict, Visibility)

SECTIONS: list[tuple[str, type[BaseModel], str]] = [
    (M.FORMAT_SECTION_CASE, Case, M.FORMAT_SECTION_CASE_INTRO),
    (M.FORMAT_SECTION_STEP, Step, M.FORMAT_SECTION_STEP_INTRO),
    (M.FORMAT_SECTION_OPTION, Option, M.FORMAT_SECTION_OPTION_INTRO),
    (M.FORMAT_SECTION_JUSTIFICATION, Justification, M.FORMAT_SECTION_JUSTIFICATION_INTRO),
    (M.FORMAT_SECTION_CONFIDENCE, Confidence, M.FORMAT_SECTION_CONFIDENCE_INTRO),
    (M.FORMAT_SECTION_GREY_ZONE, GreyZone, M.FORMAT_SECTION_GREY_ZONE_INTRO),
    (M.FORMAT_SECTION_MISCONCEPTION, Misconception, M.FORMAT_SECTION_MISCONCEPTION_INTRO),
]

ENUMS: list[tuple[str, type[enum.Enum]]] = [
    ("visibility", Visibility), ("professions", Profession), ("theme", Theme), ("kind", StepKind),
    ("verdict", Verdict),
]


def _type_name(annotation) -> str:
    """A reader's name for a field type (« texte », « liste de … »)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return M.OR.join(names)
    if origin is list:
        item = _bare(args[0])
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return M.FORMAT_TYPE_LIST_OF_VALUES.format(values=_values(item))
        if isinstance(item, type) and issubclass(item, BaseModel):
            return M.FORMAT_TYPE_LIST_OF_OBJECTS
        return M.FORMAT_TYPE_LIST_OF.format(item=_type_name(args[0]))
    if origin is typing.Literal:
        return M.OR.join(repr(a) for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return M.FORMAT_TYPE_ONE_OF.format(values=_values(annotation))
        if issubclass(annotation, BaseModel):
            return M.FORMAT_TYPE_OBJECT
        return {str: M.FORMAT_TYPE_TEXT, int: M.FORMAT_TYPE_INTEGER, bool: M.FORMAT_TYPE_BOOLEAN}.get(
            annotation, annotation.__name__)
    return str(annotation)


def _bare(annotation):
    """``annotation`` without its ``Annotated`` constraints."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _values(enum_type: type[enum.Enum]) -> str:
    return ", ".join(f"`{m.value}`" for m in enum_type)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    """(name, type, required or default, description) for each field of ``model``."""
    rows = []
    for name, info in model.model_fields.items():
        if info.is_required():
            need = M.FORMAT_REQUIRED
        elif info.default_factory is not None:
            need = M.FORMAT_OPTIONAL
        else:
            need = M.FORMAT_OPTIONAL if info.default in (None, False) else M.FORMAT_DEFAULT.format(default=info.default)
        rows.append((name, _type_name(info.annotation), need, info.description or ""))
    return rows


def format_page() -> str:
    """The Markdown page « Format des fichiers de cas »."""
    lines = [f"# {M.FORMAT_PAGE_TITLE}", "", M.FORMAT_PAGE_INTRO, ""]
    for title, model, intro in SECTIONS:
        lines += [f"## {title}", "", intro, "", M.FORMAT_FIELDS_TABLE_HEADER, "|---|---|---|---|"]
        for name, kind, need, description in field_rows(model):
            lines.append(f"| `{name}` | {_cell(kind)} | {need} | {_cell(description)} |")
        lines.append("")
    lines += [f"## {M.FORMAT_SCALE_TITLE}", "", M.FORMAT_SCALE_INTRO, "", M.FORMAT_SCALE_TABLE_HEADER, "|---|---|---|"]
    for verdict in Verdict:
        lines.append(f"| {verdict.label} (`{verdict.value}`) | {POINTS_SCALE[StepKind.SINGLE][verdict]} | "
                     f"{POINTS_SCALE[StepKind.MULTIPLE][verdict]:+d} |")
    lines += ["", f"## {M.FORMAT_VALUES_TITLE}", ""]
    for field_name, enum_type in ENUMS:
        values = ", ".join(f"`{m.value}`" + (f" ({m.label})" if hasattr(m, "label") else "") for m in enum_type)
        lines.append(M.FORMAT_VALUES_LINE.format(field=field_name, values=values))
    lines += ["", f"## {M.FORMAT_RULES_TITLE}", "", *(f"- {rule}" for rule in M.FORMAT_RULES), ""]
    return "\n".join(lines)
