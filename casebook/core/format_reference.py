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

from casebook.core.model import (POINTS_SCALE, Case, Confidence, GreyZone, Justification, Misconception, Option,
                            Profession, Step, StepKind, Theme, Verdict, Visibility)

SECTIONS: list[tuple[str, type[BaseModel], str]] = [
    ("Le cas", Case, "Un fichier `cases/<identifiant>.yml` décrit un cas ; l'identifiant est le nom du fichier."),
    ("Une étape (`steps`)", Step, "La première étape de la liste est le point de départ."),
    ("Une option (`options`)", Option, "Ce que l'apprenant peut choisir, et le retour qu'il reçoit."),
    ("La justification (`justification`)", Justification, "La question ouverte notée à la main en atelier."),
    ("La question de confiance (`confidence`)", Confidence, "Facultative : « à quel point êtes-vous sûr·e ? »."),
    ("La zone grise (`grey_zone`)", GreyZone, "Pour un cas où des experts raisonnables divergent."),
    ("Une idée reçue (`registry/misconceptions.yml`)", Misconception,
     "Une erreur que de vrais professionnels commettent ; son verdict est le même dans tous les cas."),
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
        return " ou ".join(names)
    if origin is list:
        inner = _type_name(args[0])
        if inner.startswith("une valeur parmi"):
            return "liste de valeurs parmi" + inner[len("une valeur parmi"):]
        if inner.startswith("objet"):
            return "liste d'objets (voir plus bas)"
        return f"liste de {inner}"
    if origin is typing.Literal:
        return " ou ".join(repr(a) for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return "une valeur parmi " + ", ".join(f"`{m.value}`" for m in annotation)
        if issubclass(annotation, BaseModel):
            return "objet (voir plus bas)"
        return {str: "texte", int: "nombre entier", bool: "`true` ou `false`"}.get(annotation, annotation.__name__)
    return str(annotation)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    """(name, type, required or default, description) for each field of ``model``."""
    rows = []
    for name, info in model.model_fields.items():
        if info.is_required():
            need = "obligatoire"
        elif info.default_factory is not None:
            need = "facultatif"
        else:
            need = "facultatif" if info.default in (None, False) else f"défaut : {info.default!r}"
        rows.append((name, _type_name(info.annotation), need, info.description or ""))
    return rows


def format_page() -> str:
    """The Markdown page « Format des fichiers de cas »."""
    lines = [
        "# Format des fichiers de cas",
        "",
        "Cette page est générée depuis le schéma du moteur (`casebook/core/model.py`) : elle dit exactement ce "
        "que `casebook check` accepte. Un champ inconnu est une erreur ; chaque erreur donne le fichier, la "
        "ligne, le champ, ce qui était attendu et ce qui a été trouvé.",
        "",
    ]
    for title, model, intro in SECTIONS:
        lines += [f"## {title}", "", intro, "", "| Champ | Type | | Description |", "|---|---|---|---|"]
        for name, kind, need, description in field_rows(model):
            lines.append(f"| `{name}` | {_cell(kind)} | {need} | {_cell(description)} |")
        lines.append("")
    lines += ["## Le barème unique", "",
              "Un verdict donne toujours les mêmes points ; le champ `points` peut être omis.", "",
              "| Verdict | Choix unique | Choix multiple |", "|---|---|---|"]
    for verdict in Verdict:
        lines.append(f"| {verdict.label} (`{verdict.value}`) | {POINTS_SCALE[StepKind.SINGLE][verdict]} | "
                     f"{POINTS_SCALE[StepKind.MULTIPLE][verdict]:+d} |")
    lines += ["", "## Valeurs permises", ""]
    for field_name, enum_type in ENUMS:
        values = ", ".join(f"`{m.value}`" + (f" ({m.label})" if hasattr(m, "label") else "") for m in enum_type)
        lines.append(f"- `{field_name}` : {values}")
    lines += [
        "",
        "## Règles vérifiées au-delà du schéma",
        "",
        "- les principes cités existent (P01 à P12) et chaque principe déclaré est exercé par une option ;",
        "- chaque option cite au moins une entrée du registre des références ;",
        "- les étapes sont atteignables, sans boucle, et le meilleur parcours passe par de bonnes réponses ;",
        "- une option recommandée n'enfreint aucun principe ;",
        "- une option marquée d'une idée reçue a le verdict que le registre des idées reçues lui donne ;",
        "- un cas d'atelier ne se ramifie qu'au niveau des étapes (la même suite pour toutes les options) ;",
        "- `casebook items` : aucune stratégie sans connaissance (la plus longue, la plus chargée, la première) "
        "ne dépasse le hasard de plus de 10 points, et la meilleure option n'est pas la plus longue dans plus "
        "de 40 % des étapes à choix unique.",
        "",
    ]
    return "\n".join(lines)
