"""Site pages generated from the data at build time (MyST Markdown, never edited by hand).

Written into ``book/_generated/`` by the Sphinx extension when the build starts:
one page per public case, the case index, the principles, the references and
the coverage figure. A file is rewritten only when its content changes, so an
incremental build re-reads only what an edit touched. Workshop cases never
produce anything here.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

from casebook.learner import messages as M
from casebook.site import messages as S
from casebook.site import player as siteplayer
from casebook.text.labels import reference_label  # noqa: F401 (re-exported for older imports)
from casebook.core.load import Project
from casebook.core.model import Case, StepKind
from casebook.text.typography import french_typography
from casebook.core.order import STATIC_SEED, display_order, option_letters

GENERATED = Path("book") / "_generated"
CASE_PAGES = "cas/pages"


def _write(path: Path, content: str | bytes) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _md_text(text: str) -> str:
    """Case text in Markdown: escape what MyST would read as markup."""
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">", "{", "}", "|"):
        text = text.replace(char, "\\" + char)
    return text


def _points(points: int) -> str:
    if points == 0:
        return S.POINTS_ZERO
    return (S.POINTS_MANY if abs(points) > 1 else S.POINTS_ONE).format(points=points)


def refs_md(ref_ids, project: Project) -> str:
    return " ; ".join(f"{{texte}}`{r}`" for r in ref_ids if r in project.references)


def principle_links(ids) -> str:
    return ", ".join(f"{{principe}}`{p}`" for p in ids)


def _step_anchor(case: Case, step) -> str:
    return f"{case.id}-{step.id}"


def case_page(case: Case, project: Project) -> str:
    professions = ", ".join(p.label for p in case.professions)
    lines = [
        f"(cas-{case.id})=",
        f"# {_md_text(case.title)}",
        "",
        S.CASE_PAGE_META.format(professions=_md_text(professions), platform=_md_text(case.platform),
                                duration=M.DURATION.format(minutes=case.duration_minutes),
                                principles=principle_links(case.principles)),
        "",
    ]
    if case.inspired_by:
        lines += [f"*{M.INSPIRED_BY.format(source=_md_text(case.inspired_by))}*", ""]
    if case.grey_zone:
        lines += [f":::{{note}} {S.CASE_GREY_ZONE}", _md_text(case.grey_zone.explanation), ":::", ""]
    hidden = [_step_anchor(case, step) for step in case.steps] + [f"cas-{case.id}-debrief"]
    lines += [f"## {S.CASE_SITUATION}", "", _md_text(case.context), "",
              f"(cas-{case.id}-jouer)=", f"## {S.CASE_PLAY}", "",
              "````{raw} html",
              f'<div class="cb-nojs"><p>{french_typography(S.CASE_NO_JS)}</p></div>',
              f'<div id="cb-player" class="cb-player" data-hide="{" ".join(hidden)}" hidden></div>',
              siteplayer.data_script(siteplayer.case_payload(case, project)),
              "````", ""]
    for number, step in enumerate(case.steps, start=1):
        kind = M.KIND_MULTIPLE if step.kind is StepKind.MULTIPLE else M.KIND_SINGLE
        lines += [f"({_step_anchor(case, step)})=",
                  f"## {S.CASE_STEP_HEADING.format(number=number, prompt=_md_text(step.prompt))}", ""]
        if step.situation:
            lines += [f"> {_md_text(step.situation)}", ""]
        lines += [f"*({kind})*", ""]
        by_id = {option.id: option for option in step.options}
        shown = [by_id[i] for i in display_order(STATIC_SEED, case.id, step.id, list(by_id))]
        for letter, option in zip(option_letters(len(shown)), shown):
            lines += [f"**{letter}.** {_md_text(option.text)}", ""]
            body = [S.CASE_VERDICT.format(verdict=option.verdict.label, points=_points(option.points)),
                    "", _md_text(option.feedback), ""]
            if option.respects:
                body += [M.RESPECTS.format(badges=principle_links(option.respects)), ""]
            if option.breaks:
                body += [M.BREAKS.format(badges=principle_links(option.breaks)), ""]
            if option.references:
                body += [M.REFERENCES.format(links=refs_md(option.references, project)), ""]
            if option.next:
                index = [s.id for s in case.steps].index(option.next) + 1
                body += [S.CASE_OPTION_LEADS_ON.format(number=index, target=f"{case.id}-{option.next}"), ""]
            lines += [f"```{{dropdown}} {S.CASE_OPTION_FEEDBACK.format(letter=letter)}", *body, "```", ""]
        if step.next and step.kind is StepKind.MULTIPLE:
            index = [s.id for s in case.steps].index(step.next) + 1
            lines += [S.CASE_STEP_LEADS_ON.format(number=index, target=f"{case.id}-{step.next}"), ""]
    lines += [f"(cas-{case.id}-debrief)=", f"## {M.TAKE_AWAY}", "", f"```{{dropdown}} {M.DEBRIEF_DISCLOSURE}", ""]
    lines += [f"- {_md_text(point)}" for point in case.debrief]
    lines += ["```", "", f"## {S.CASE_FURTHER}", "",
              S.CASE_QUESTION.format(question=_md_text(case.justification.question)), ""]
    return "\n".join(lines) + "\n"


def case_index(project: Project) -> str:
    cases = sorted(project.public_cases, key=lambda c: c.title)
    lines = ["(cas-index)=", f"# {S.INDEX_TITLE}", "", S.INDEX_INTRO.format(count=len(cases)), "",
             f"## {S.INDEX_ALL}", "", S.INDEX_TABLE_HEADER, "|---|---|---|---|"]
    for case in cases:
        lines.append(f"| {{cas}}`{case.id}` | {', '.join(p.label for p in case.professions)} | "
                     f"{_md_text(case.platform)} | {' '.join(case.principles)} |")
    lines += ["", f"## {S.INDEX_BY_PRINCIPLE}", ""]
    by_principle = defaultdict(list)
    for case in cases:
        for principle in case.principles:
            by_principle[principle].append(case)
    for principle in sorted(project.principles):
        items = ", ".join(f"{{cas}}`{c.id}`" for c in by_principle.get(principle, [])) or S.INDEX_NO_PUBLIC_CASE
        lines += [f"- {{principe}}`{principle}` : {items}"]
    lines += ["", f"## {S.INDEX_BY_PROFESSION}", ""]
    by_profession = defaultdict(list)
    for case in cases:
        for profession in case.professions:
            by_profession[profession].append(case)
    for profession, members in sorted(by_profession.items(), key=lambda kv: kv[0].label):
        lines += [f"- **{profession.label}** : " + ", ".join(f"{{cas}}`{c.id}`" for c in members)]
    lines += ["", f"## {S.INDEX_BY_PLATFORM}", ""]
    by_platform = defaultdict(list)
    for case in cases:
        by_platform[case.platform].append(case)
    for platform, members in sorted(by_platform.items()):
        lines += [f"- **{_md_text(platform)}** : " + ", ".join(f"{{cas}}`{c.id}`" for c in members)]
    lines.append("")
    return "\n".join(lines)


def principles_page(project: Project) -> str:
    lines = ["(principes)=", f"# {S.PRINCIPLES_TITLE}", "", S.PRINCIPLES_INTRO, ""]
    cases = sorted(project.public_cases, key=lambda c: c.title)
    for principle in sorted(project.principles.values(), key=lambda p: p.id):
        related = [c for c in cases if principle.id in c.principles]
        lines += [f"({principle.id})=", f"## {principle.id} · {_md_text(principle.name)}", "",
                  _md_text(principle.summary), "",
                  S.PRINCIPLE_IN_ARTICLE.format(section=_md_text(principle.article_section)), "",
                  S.PRINCIPLE_TEXTS.format(texts=_md_text(principle.texts_add),
                                           references=refs_md(principle.references, project)), ""]
        if principle.article_gap:
            lines += [S.PRINCIPLE_GAP.format(gap=_md_text(principle.article_gap)), ""]
        related_links = ", ".join(f"{{cas}}`{c.id}`" for c in related) or S.PRINCIPLE_NO_CASE
        lines += [S.PRINCIPLE_CASES.format(cases=related_links), ""]
    return "\n".join(lines)


def references_page(project: Project) -> str:
    lines = ["(references)=", f"# {S.REFERENCES_TITLE}", "", S.REFERENCES_INTRO, ""]
    kinds = defaultdict(list)
    for ref in project.references.values():
        kinds[ref.kind].append(ref)
    for kind in sorted(kinds):
        lines += [f"## {_md_text(kind.replace('-', ' ').capitalize())}", ""]
        for ref in sorted(kinds[kind], key=lambda r: r.id):
            lines += [f"({'ref-' + ref.id})=", f"### {_md_text(ref.title)}", "",
                      f"- {S.REFERENCE_IDENTIFIER.format(identifier=_md_text(ref.identifier))}",
                      f"- {S.REFERENCE_SOURCE.format(url=ref.url)}",
                      f"- {S.REFERENCE_CHECKED_ON.format(date=ref.checked_on)}"]
            if ref.caveat:
                lines.append(f"- {S.REFERENCE_CAVEAT.format(caveat=_md_text(ref.caveat))}")
            lines += ["", _md_text(ref.summary), ""]
    return "\n".join(lines)


def coverage_png(project: Project) -> bytes:
    """Principle × case matrix (public cases), as a deterministic PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cases = sorted(project.public_cases, key=lambda c: c.id)
    principles = sorted(project.principles)
    matrix = [[1 if p in c.principles else 0 for p in principles] for c in cases]
    fig, ax = plt.subplots(figsize=(7, max(4, 0.22 * len(cases) + 1.2)))
    ax.imshow(matrix, aspect="auto", cmap="Blues", vmin=0, vmax=1.3)
    ax.set_xticks(range(len(principles)), principles, fontsize=8)
    ax.set_yticks(range(len(cases)), [c.id for c in cases], fontsize=7)
    ax.set_xlabel(M.PRINCIPLE_COLUMN)
    ax.set_title(S.COVERAGE_CHART_TITLE)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def coverage_page(project: Project) -> str:
    from casebook.core.coverage import coverage

    data = coverage(project)
    counts = " ; ".join(f"{p} : {n}" for p, n in data["by_principle"].items())
    return "\n".join([
        "(couverture)=", f"# {S.COVERAGE_TITLE}", "",
        S.COVERAGE_INTRO.format(public=data["public_cases"], workshop=data["workshop_cases"]), "",
        "```{figure} figures/couverture.png",
        f":alt: {S.COVERAGE_ALT}",
        ":width: 100%", "",
        S.COVERAGE_CAPTION,
        "```", "",
        S.COVERAGE_COUNTS.format(counts=counts), "",
    ])


def format_page() -> str:
    from casebook.core.format_reference import format_page as page

    return page()


def progress_page(project: Project) -> str:
    """« Mon parcours »: the reader's profile, drawn in the browser from what they played on this device."""
    nojs = french_typography(S.PROGRESS_PAGE_NO_JS)
    return "\n".join([
        "(parcours)=", f"# {S.PROGRESS_PAGE_TITLE}", "", S.PROGRESS_PAGE_INTRO, "",
        "````{raw} html",
        f'<div class="cb-nojs"><p>{nojs}</p></div>',
        '<div id="cb-progress" class="cb-player" hidden></div>',
        siteplayer.data_script(siteplayer.progress_payload(project)),
        "````", "",
        f"## {S.PROGRESS_PAGE_IMPORT_TITLE}", "",
        S.PROGRESS_PAGE_IMPORT.format(export=S.PLAYER_PROGRESS["export"], file_name=siteplayer.EXPORT_FILE_NAME), "",
    ])


def generate(project: Project) -> list[Path]:
    """Write every generated page; return the paths that changed."""
    out = project.root / GENERATED
    changed: list[Path] = []
    wanted: set[Path] = set()

    def put(relative: str, content) -> None:
        path = out / relative
        wanted.add(path)
        if _write(path, content):
            changed.append(path)

    for case in project.public_cases:
        put(f"{CASE_PAGES}/{case.id}.md", case_page(case, project))
    put("cas/index.md", case_index(project))
    put("principes.md", principles_page(project))
    put("references.md", references_page(project))
    put("couverture.md", coverage_page(project))
    put("format-des-cas.md", format_page())
    from casebook.core.framework import framework_page

    referentiel = framework_page(project)
    if referentiel is not None:
        put("referentiel.md", referentiel)
    put("parcours.md", progress_page(project))
    # The figure depends only on which public case exercises which principle: redraw it (and
    # import matplotlib) only when that matrix changes, which keeps incremental builds fast.
    matrix = json.dumps(sorted((c.id, sorted(c.principles)) for c in project.public_cases)).encode()
    key = hashlib.sha256(matrix + b"v1").hexdigest()
    stamp = out / "figures" / "couverture.sha256"
    if not (stamp.exists() and stamp.read_text() == key and (out / "figures" / "couverture.png").exists()):
        put("figures/couverture.png", coverage_png(project))
        put("figures/couverture.sha256", key)
    else:
        wanted.update({out / "figures" / "couverture.png", stamp})
    for stale in out.rglob("*"):
        if stale.is_file() and stale not in wanted:
            stale.unlink()
            changed.append(stale)
    return changed
