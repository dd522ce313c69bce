"""The course mapped to the national digital-health framework, and hours per domain.

The mapping lives in ``registry/framework.yml`` (data, not prose): the five
domains of the « formation socle au numérique en santé » (arrêté du 10 novembre
2022), capacities written by the project under each domain, and, for every
chapter, case and lab, the capacities it serves with a ``judgement`` flag.

Hours are estimates, never measurements of learners:

* a case counts its ``duration_minutes``;
* a lab counts the ``duration_minutes`` given in the mapping;
* a chapter counts its reading time: words / ``reading_words_per_minute``.

An item that serves several domains has its minutes shared equally between
them, so the domain hours add up to the course's total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from pydantic import Field

from casebook.core import messages as M
from casebook.core import paths
from casebook.core.errors import Problem
from casebook.core.load import Project, parse_model
from casebook.core.model import Slug, StrictModel
from casebook.core.yamlfile import YamlSyntaxError, line_index, nearest_line, read_yaml

FRAMEWORK_FILE = "framework.yml"
CHAPTERS_DIR = Path("book") / "chapitres"
EXTRA_CHAPTERS = {"que-faire-si": Path("book") / "que-faire-si.md"}
LABS = ("lab-anonymat", "lab-ia-equitable")


class Capacity(StrictModel):
    id: str = Field(pattern=r"^D[1-5]-[a-z]+$")
    title: str


class Domain(StrictModel):
    id: str = Field(pattern=r"^D[1-5]$")
    title: str
    capacities: list[Capacity] = Field(min_length=1)


class Mapping(StrictModel):
    id: Slug
    capacities: list[str] = Field(min_length=1)
    judgement: bool = Field(description="true si le rattachement est un jugement du projet")
    note: str | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=600)


class Framework(StrictModel):
    reference: Slug
    reading_words_per_minute: int = Field(ge=50, le=600)
    domains: list[Domain] = Field(min_length=5, max_length=5)
    chapters: list[Mapping]
    cases: list[Mapping]
    labs: list[Mapping]

    def capacity_domain(self) -> dict[str, str]:
        return {c.id: d.id for d in self.domains for c in d.capacities}

    def domains_of(self, mapping: Mapping) -> list[str]:
        by_capacity = self.capacity_domain()
        seen: list[str] = []
        for capacity in mapping.capacities:
            domain = by_capacity.get(capacity)
            if domain and domain not in seen:
                seen.append(domain)
        return seen


def framework_path(root: Path | None = None) -> Path:
    return paths.registry_dir(root) / FRAMEWORK_FILE


def load_framework(root: Path | None = None) -> tuple[Framework | None, list[Problem]]:
    path = framework_path(root)
    try:
        data = read_yaml(path)
    except YamlSyntaxError as exc:
        return None, [exc.problem]
    except FileNotFoundError:
        return None, [Problem(path, "", M.FRAMEWORK_MISSING, code="missing-file")]
    return parse_model(path, data, Framework)


def chapter_files(root: Path) -> dict[str, Path]:
    files = {p.stem: p for p in sorted((root / CHAPTERS_DIR).glob("*.md"))}
    for chapter_id, rel in EXTRA_CHAPTERS.items():
        if (root / rel).exists():
            files[chapter_id] = root / rel
    return files


MYST_NOISE = re.compile(r"^\s*(```|:::|\(.+\)=\s*$|:[a-z-]+:)")


def word_count(path: Path) -> int:
    """Words a reader reads: directives, labels and fences are left out."""
    words = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if MYST_NOISE.match(line):
            continue
        words += len(re.findall(r"\w[\w'’-]*", line))
    return words


def check_framework(project: Project) -> list[Problem]:
    """Every chapter, case and lab is mapped, to known capacities, once; the reference exists.

    Runs only when ``registry/framework.yml`` exists (test projects built from
    fixtures have none)."""
    path = framework_path(project.root)
    if not path.exists():
        return []
    framework, problems = load_framework(project.root)
    if framework is None:
        return problems
    index = line_index(path)
    known = framework.capacity_domain()

    def problem(location: tuple, message: str, expected: str | None = None, found: str | None = None,
                code: str = "framework") -> None:
        problems.append(Problem(path, ".".join(str(p) for p in location), message, expected=expected,
                                found=found, line=nearest_line(index, location), code=code))

    if framework.reference not in project.declared_references:
        problem(("reference",), M.FRAMEWORK_UNKNOWN_REFERENCE, M.EXPECTED_REFERENCE_ID, framework.reference)
    expected = {
        "chapters": set(chapter_files(project.root)),
        "cases": set(project.cases),
        "labs": set(LABS),
    }
    for section, wanted in expected.items():
        item = M.FRAMEWORK_ITEM_NAMES[section]
        entries: list[Mapping] = getattr(framework, section)
        seen: set[str] = set()
        for position, entry in enumerate(entries):
            if entry.id in seen:
                problem((section, position, "id"), M.FRAMEWORK_MAPPED_TWICE.format(item=item), found=entry.id)
            seen.add(entry.id)
            if entry.id not in wanted:
                problem((section, position, "id"), M.FRAMEWORK_UNKNOWN_ITEM.format(item=item),
                        M.FRAMEWORK_UNKNOWN_ITEM_EXPECTED.format(item=item), entry.id)
            for capacity in entry.capacities:
                if capacity not in known:
                    problem((section, position, "capacities"), M.FRAMEWORK_UNKNOWN_CAPACITY,
                            M.FRAMEWORK_UNKNOWN_CAPACITY_EXPECTED, capacity)
            if section == "labs" and entry.duration_minutes is None:
                problem((section, position, "duration_minutes"), M.FRAMEWORK_LAB_DURATION_MISSING,
                        M.FRAMEWORK_LAB_DURATION_MISSING_EXPECTED)
        for missing in sorted(wanted - seen):
            problem((section,), M.FRAMEWORK_UNMAPPED.format(item=item),
                    M.FRAMEWORK_UNMAPPED_EXPECTED.format(id=missing, section=section), M.NONE_FEMININE,
                    code="framework-unmapped")
    return problems


def hours_by_domain(project: Project, framework: Framework) -> dict:
    """Estimated minutes per domain and per kind of item, with the method stated."""
    chapters = chapter_files(project.root)
    minutes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    items: dict[str, list[str]] = defaultdict(list)
    rows = []
    for kind, entries in (("chapitre", framework.chapters), ("cas", framework.cases), ("lab", framework.labs)):
        for entry in entries:
            if kind == "cas":
                if entry.id not in project.cases:
                    continue
                duration = float(project.cases[entry.id].duration_minutes)
            elif kind == "lab":
                duration = float(entry.duration_minutes or 0)
            else:
                if entry.id not in chapters:
                    continue
                duration = word_count(chapters[entry.id]) / framework.reading_words_per_minute
            domains = framework.domains_of(entry)
            for domain in domains:
                minutes[domain][kind] += duration / len(domains)
                items[domain].append(entry.id)
            rows.append({"kind": kind, "id": entry.id, "minutes": round(duration, 1), "domains": domains,
                         "capacities": list(entry.capacities), "judgement": entry.judgement})
    table = []
    for domain in framework.domains:
        by_kind = minutes.get(domain.id, {})
        total = sum(by_kind.values())
        table.append({
            "domain": domain.id, "title": domain.title,
            "hours": round(total / 60, 1),
            "hours_chapters": round(by_kind.get("chapitre", 0) / 60, 1),
            "hours_cases": round(by_kind.get("cas", 0) / 60, 1),
            "hours_labs": round(by_kind.get("lab", 0) / 60, 1),
            "items": len(items.get(domain.id, [])),
            "capacities": [{"id": c.id, "title": c.title} for c in domain.capacities],
        })
    return {
        "reference": framework.reference,
        "reading_words_per_minute": framework.reading_words_per_minute,
        "method": M.FRAMEWORK_METHOD.format(words_per_minute=framework.reading_words_per_minute),
        "total_hours": round(sum(sum(k.values()) for k in minutes.values()) / 60, 1),
        "domains": table,
        "items": rows,
    }


def case_domain_hours(project: Project, framework: Framework, case_ids: list[str]) -> dict[str, float]:
    """Hours per domain for a set of cases only (used by the attestation)."""
    by_id = {m.id: m for m in framework.cases}
    out: dict[str, float] = {d.id: 0.0 for d in framework.domains}
    for case_id in case_ids:
        entry = by_id.get(case_id)
        if entry is None or case_id not in project.cases:
            continue
        domains = framework.domains_of(entry)
        for domain in domains:
            out[domain] += project.cases[case_id].duration_minutes / len(domains) / 60
    return out


PDF_NAME = "cours-ethique-numerique-sante.pdf"


def _fr(hours: float) -> str:
    """Hours with the French decimal comma."""
    return f"{hours:.1f}".replace(".", ",")


def framework_page(project: Project) -> str | None:
    """The site page: hours per domain and what each domain's hours come from."""
    if not framework_path(project.root).exists():
        return None
    framework, _problems = load_framework(project.root)
    if framework is None:
        return None
    data = hours_by_domain(project, framework)
    reference = project.references.get(framework.reference)
    lines = [
        "(referentiel)=", f"# {M.FRAMEWORK_PAGE_TITLE}", "",
        M.FRAMEWORK_PAGE_INTRO.format(words_per_minute=data["reading_words_per_minute"]), "",
        M.FRAMEWORK_TABLE_HEADER,
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in data["domains"]:
        lines.append(f"| {row['domain']} — {row['title']} | {_fr(row['hours'])} | {_fr(row['hours_chapters'])} | "
                     f"{_fr(row['hours_cases'])} | {_fr(row['hours_labs'])} | {row['items']} |")
    lines += [M.FRAMEWORK_TABLE_TOTAL.format(hours=_fr(data["total_hours"])), ""]
    lines += [
        f"```{{admonition}} {M.FRAMEWORK_JUDGEMENT_TITLE}",
        ":class: warning",
        M.FRAMEWORK_JUDGEMENT,
        "```", "",
        f"## {M.FRAMEWORK_CAPACITIES_TITLE}", "",
    ]
    for domain in framework.domains:
        lines.append(f"**{domain.id} — {domain.title}**")
        lines.append("")
        for capacity in domain.capacities:
            lines.append(f"- {capacity.title} (`{capacity.id}`)")
        lines.append("")
    if reference is not None:
        lines += [M.FRAMEWORK_SOURCE.format(title=reference.title, identifier=reference.identifier,
                                            url=reference.url), ""]
        if reference.caveat:
            lines += [M.FRAMEWORK_CAVEAT.format(caveat=reference.caveat), ""]
    built = (project.root / "_build" / "pdf" / PDF_NAME).exists()
    lines += [
        f"## {M.FRAMEWORK_PDF_TITLE}", "",
        M.FRAMEWORK_PDF_BUILT.format(pdf=PDF_NAME) if built else M.FRAMEWORK_PDF_NOT_BUILT, "",
    ]
    return "\n".join(lines)
