"""The case format: pydantic models for one dilemma and its registries.

This module is the single declaration of what a case file may contain. Field
descriptions are written for case authors: they are the format's documentation. Cross-file rules (known principle and reference
ids, reachable steps, coherent points) live in :mod:`casebook.core.validate`: the
models only check what one file can tell about itself.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from casebook.core import messages as M
from casebook.text.typography import french_typography

SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PRINCIPLE_PATTERN = r"^P(0[1-9]|1[0-2])$"


def _non_blank(text: str) -> str:
    """Reject text that is only spaces, so an empty feedback cannot slip through."""
    if not text.strip():
        raise ValueError(M.EMPTY_TEXT)
    return french_typography(text.strip())


FrenchText = Annotated[str, AfterValidator(_non_blank)]
"""Learner-facing French text: non-empty, with French typography applied."""

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
PrincipleId = Annotated[str, Field(pattern=PRINCIPLE_PATTERN)]


class Profession(str, Enum):
    """The professions the course speaks to (fixed list, see principles.md)."""

    MEDECIN = "medecin"
    INTERNE_ETUDIANT = "interne-etudiant"
    INFIRMIER = "infirmier"
    PHARMACIEN = "pharmacien"
    SAGE_FEMME = "sage-femme"
    MASSEUR_KINESITHERAPEUTE = "masseur-kinesitherapeute"
    CHIRURGIEN_DENTISTE = "chirurgien-dentiste"
    PERSONNEL_ETABLISSEMENT = "personnel-etablissement"

    @property
    def label(self) -> str:
        return PROFESSION_LABELS[self]


PROFESSION_LABELS = {profession: M.PROFESSION_LABELS[profession.value] for profession in Profession}


class Verdict(str, Enum):
    """How an option is judged, from best to worst."""

    RECOMMANDE = "recommande"
    ACCEPTABLE = "acceptable"
    RISQUE = "risque"
    FAUTE = "faute"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]

    @property
    def rank(self) -> int:
        """3 for recommandé down to 0 for faute: used to check points."""
        return VERDICT_RANKS[self]

    @property
    def is_good(self) -> bool:
        """Recommandé and acceptable count as a right answer."""
        return self.rank >= 2


VERDICT_LABELS = {verdict: M.VERDICT_LABELS[verdict.value] for verdict in Verdict}
VERDICT_RANKS = {Verdict.RECOMMANDE: 3, Verdict.ACCEPTABLE: 2, Verdict.RISQUE: 1, Verdict.FAUTE: 0}


class StepKind(str, Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"


POINTS_SCALE: dict[StepKind, dict[Verdict, int]] = {
    StepKind.SINGLE: {Verdict.RECOMMANDE: 3, Verdict.ACCEPTABLE: 2, Verdict.RISQUE: 1, Verdict.FAUTE: 0},
    StepKind.MULTIPLE: {Verdict.RECOMMANDE: 2, Verdict.ACCEPTABLE: 1, Verdict.RISQUE: -1, Verdict.FAUTE: -2},
}
"""One scale for the whole casebook: a verdict always gives the same points.

Single choice: the chosen option's points. Multiple choice: a signed scale, so
ticking a risky or faulty precaution costs what a good one earns. Case files
may omit ``points``; the loader fills them in from this scale, and
``casebook check`` rejects a file whose points differ from it.
"""


def scale_points(kind: StepKind | str, verdict: Verdict | str) -> int:
    return POINTS_SCALE[StepKind(kind)][Verdict(verdict)]


class Visibility(str, Enum):
    """Who may see a case's answer key."""

    PUBLIC = "public"
    """Shown on the site and in practice notebooks, feedback visible."""
    WORKSHOP = "workshop"
    """Only in graded workshops: the key is never published."""


class Theme(str, Enum):
    """Themes used to group cases in notebooks and on the site."""

    SECRET = "secret"
    RELATION = "relation"
    COMMUNICATION = "communication"
    REPUTATION = "reputation"
    IA = "ia"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return THEME_LABELS[self]


THEME_LABELS = {theme: M.THEME_LABELS[theme.value] for theme in Theme}


class StrictModel(BaseModel):
    """Unknown fields are errors: a typo in a key must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Option(StrictModel):
    """One possible answer to a step."""

    id: Slug = Field(description="Identifiant de l'option, unique dans l'étape (ex. « a »).")
    text: FrenchText = Field(description="Ce que l'apprenant lit et choisit.")
    verdict: Verdict = Field(description="recommande, acceptable, risque ou faute.")
    points: int = Field(
        ge=-10,
        le=10,
        description=(
            "Facultatif : déduit du verdict selon le barème unique (choix unique : recommande 3, "
            "acceptable 2, risque 1, faute 0 ; choix multiple : +2, +1, −1, −2). "
            "S'il est écrit, il doit suivre ce barème."
        ),
    )
    misconception: Slug | None = Field(
        default=None,
        description=(
            "Idée reçue que l'option incarne (identifiant de registry/misconceptions.yml) : "
            "son verdict doit être celui du registre, dans tous les cas."
        ),
    )
    respects: list[PrincipleId] = Field(default_factory=list, description="Principes respectés.")
    breaks: list[PrincipleId] = Field(default_factory=list, description="Principes enfreints.")
    feedback: FrenchText = Field(
        description="Explication en 2 à 5 phrases : pourquoi, quel principe, quelle règle."
    )
    references: list[Slug] = Field(
        default_factory=list, description="Identifiants du registre des références."
    )
    next: Slug | None = Field(
        default=None, description="Étape suivante si cette option est choisie (choix unique)."
    )


class Step(StrictModel):
    """A decision point: a prompt and its options."""

    id: Slug = Field(description="Identifiant de l'étape, unique dans le cas.")
    prompt: FrenchText = Field(description="La question posée à l'apprenant.")
    situation: FrenchText | None = Field(
        default=None, description="Ce qui s'est passé depuis l'étape précédente (suite d'un choix)."
    )
    kind: StepKind = Field(description="single (un seul choix) ou multiple (plusieurs choix).")
    options: list[Option] = Field(min_length=2, description="Au moins deux options.")
    next: Slug | None = Field(
        default=None,
        description="Étape suivante par défaut (obligatoire pour enchaîner après un choix multiple).",
    )

    @model_validator(mode="before")
    @classmethod
    def _points_from_scale(cls, data):
        """Fill each option's missing ``points`` from the one scale (see :data:`POINTS_SCALE`)."""
        if not isinstance(data, dict) or not isinstance(data.get("options"), list):
            return data
        try:
            kind = StepKind(data.get("kind"))
        except ValueError:
            return data
        options = []
        for option in data["options"]:
            if isinstance(option, dict) and "points" not in option:
                try:
                    option = {**option, "points": scale_points(kind, option.get("verdict"))}
                except ValueError:
                    pass
            options.append(option)
        return {**data, "options": options}


class Justification(StrictModel):
    """The open question graded by hand, with its rubric."""

    question: FrenchText = Field(description="La question posée à l'apprenant.")
    rubric: list[FrenchText] = Field(min_length=1, description="Critères de notation.")
    points: int = Field(default=2, ge=1, le=10, description="Points de la justification (1 à 10).")


class Confidence(StrictModel):
    """The optional « how sure are you? » question (1 to 3)."""

    question: FrenchText = Field(default=M.CONFIDENCE_QUESTION_DEFAULT,
                                 description="Le libellé de la question (réponse de 1 à 3).")


class GreyZone(StrictModel):
    """A case where reasonable experts disagree: both positions are acceptable."""

    explanation: FrenchText = Field(description="Pourquoi plusieurs réponses sont défendables.")


class Case(StrictModel):
    """One dilemma, written once; everything else is derived from it."""

    schema_version: Literal[1] = Field(description="Version du format ; actuellement 1.")
    id: Slug = Field(description="Identifiant du cas (slug), identique au nom du fichier.")
    title: FrenchText = Field(description="Titre court du cas, tel qu'il s'affiche.")
    visibility: Visibility = Field(
        description="public (site et notebooks, retours visibles) ou workshop (ateliers notés, clé jamais publiée).")
    professions: list[Profession] = Field(min_length=1, description="Professions concernées (au moins une).")
    platform: FrenchText = Field(description="Plateforme ou outil (ex. « Groupe WhatsApp »).")
    theme: Theme = Field(description="Thème qui range le cas dans un carnet et sur le site.")
    ai: bool = Field(default=False, description="Le cas porte-t-il sur un outil d'IA ?")
    principles: list[PrincipleId] = Field(min_length=1, description="Principes exercés (P01 à P12).")
    duration_minutes: int = Field(ge=1, le=120, description="Durée estimée, en minutes (1 à 120).")
    inspired_by: FrenchText | None = Field(default=None, description="Note « inspiré de ».")
    grey_zone: GreyZone | None = Field(default=None, description="Facultatif : le cas est une zone grise.")
    context: FrenchText = Field(description="La situation de départ, racontée à la deuxième personne.")
    steps: list[Step] = Field(min_length=1, description="La première étape est le point de départ.")
    debrief: list[FrenchText] = Field(min_length=1, description="Points clés du débriefing.")
    justification: Justification = Field(description="Question ouverte notée à la main en atelier, avec sa grille.")
    confidence: Confidence | None = Field(default=None, description="Facultatif : question de confiance à chaque étape.")

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    @property
    def is_branching(self) -> bool:
        """True when a choice decides what comes next (two options lead to different steps)."""
        return any(len({o.next or step.next for o in step.options}) > 1 for step in self.steps)

    @property
    def has_multiple_choice(self) -> bool:
        return any(step.kind is StepKind.MULTIPLE for step in self.steps)


def successors(step: Step) -> list[str]:
    """Steps a learner can reach from ``step``, in option order, without duplicates."""
    seen: list[str] = []
    for option in step.options:
        target = option.next or step.next
        if target and target not in seen:
            seen.append(target)
    if step.next and step.next not in seen:
        seen.append(step.next)
    return seen


# --- registries -------------------------------------------------------------


class Principle(StrictModel):
    """One of the twelve principles drawn from the source article."""

    id: PrincipleId
    name: FrenchText = Field(description="Nom court.")
    summary: FrenchText = Field(description="Le principe, reformulé par le projet.")
    article_section: FrenchText = Field(description="Section de l'article source d'où il vient.")
    texts_add: FrenchText = Field(description="Ce que disent les textes de référence en plus.")
    article_gap: FrenchText | None = Field(
        default=None, description="Où l'article simplifie ou se trompe sur ce point."
    )
    references: list[Slug] = Field(min_length=1)


class Misconception(StrictModel):
    """A mistake real professionals make, with the one verdict it gets everywhere."""

    id: Slug = Field(description="Identifiant de l'idée reçue, cité par les options (`misconception`).")
    label: FrenchText = Field(description="L'idée reçue, telle qu'un professionnel la formulerait.")
    verdict: Verdict = Field(description="Verdict de toute option qui l'incarne, dans tous les cas.")
    why: FrenchText = Field(description="Pourquoi les textes la rejettent (une ou deux phrases).")
    references: list[Slug] = Field(min_length=1, description="Identifiants du registre des références.")


class Reference(StrictModel):
    """An entry of the references registry, built from the checked sources."""

    id: Slug
    kind: str
    title: str
    identifier: str
    url: Annotated[str, Field(pattern=r"^https?://")]
    checked_on: date = Field(description="Date de vérification enregistrée pour l'entrée.")
    verified: bool
    caveat: str | None = Field(
        default=None, description="Réserve obligatoire si l'entrée n'est pas entièrement vérifiée."
    )
    summary: FrenchText = Field(description="Ce que dit le texte, dans les mots du projet.")
    topics: list[str] = Field(default_factory=list)

    @property
    def needs_caveat(self) -> bool:
        return not self.verified


SLUG_RE = re.compile(SLUG_PATTERN)
