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
        return "0 point"
    return f"{points:+d} point{'s' if abs(points) > 1 else ''}"


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
        f"**{_md_text(professions)}** · {_md_text(case.platform)} · environ {case.duration_minutes} min · "
        f"principes : {principle_links(case.principles)}",
        "",
    ]
    if case.inspired_by:
        lines += [f"*Inspiré de : {_md_text(case.inspired_by)}*", ""]
    if case.grey_zone:
        lines += [":::{note} Zone grise", _md_text(case.grey_zone.explanation), ":::", ""]
    hidden = [_step_anchor(case, step) for step in case.steps] + [f"cas-{case.id}-debrief"]
    lines += ["## Situation", "", _md_text(case.context), "",
              f"(cas-{case.id}-jouer)=", "## À vous de jouer", "",
              "````{raw} html",
              '<div class="cb-nojs"><p>' + french_typography(
                  "Pour chaque étape ci-dessous, réfléchissez à votre choix avant d'ouvrir le retour de chaque "
                  "option. Avec JavaScript activé, cette page vous fait jouer le cas pas à pas : vous choisissez "
                  "d'abord, le retour vient ensuite.") + "</p></div>",
              f'<div id="cb-player" class="cb-player" data-hide="{" ".join(hidden)}" hidden></div>',
              siteplayer.data_script(siteplayer.case_payload(case, project)),
              "````", ""]
    for number, step in enumerate(case.steps, start=1):
        kind = "plusieurs réponses possibles" if step.kind is StepKind.MULTIPLE else "une seule réponse"
        lines += [f"({_step_anchor(case, step)})=", f"## Étape {number} : {_md_text(step.prompt)}", ""]
        if step.situation:
            lines += [f"> {_md_text(step.situation)}", ""]
        lines += [f"*({kind})*", ""]
        by_id = {option.id: option for option in step.options}
        shown = [by_id[i] for i in display_order(STATIC_SEED, case.id, step.id, list(by_id))]
        for letter, option in zip(option_letters(len(shown)), shown):
            lines += [f"**{letter}.** {_md_text(option.text)}", ""]
            body = [f"**Verdict : {option.verdict.label}** ({_points(option.points)})",
                    "", _md_text(option.feedback), ""]
            if option.respects:
                body += [f"Respecte : {principle_links(option.respects)}", ""]
            if option.breaks:
                body += [f"Enfreint : {principle_links(option.breaks)}", ""]
            if option.references:
                body += [f"Références : {refs_md(option.references, project)}", ""]
            if option.next:
                index = [s.id for s in case.steps].index(option.next) + 1
                body += [f"Si vous choisissez cette option, la situation continue : voir "
                         f"{{ref}}`l'étape {index} <{case.id}-{option.next}>`.", ""]
            lines += [f"```{{dropdown}} Voir le retour sur l'option {letter}", *body, "```", ""]
        if step.next and step.kind is StepKind.MULTIPLE:
            index = [s.id for s in case.steps].index(step.next) + 1
            lines += [f"Après ce choix, la situation continue : voir {{ref}}`l'étape {index} <{case.id}-{step.next}>`.", ""]
    lines += [f"(cas-{case.id}-debrief)=", "## À retenir", "", "```{dropdown} Points clés du débriefing", ""]
    lines += [f"- {_md_text(point)}" for point in case.debrief]
    lines += ["```", "", "## Pour aller plus loin", "",
              f"*Question de réflexion :* {_md_text(case.justification.question)}", ""]
    return "\n".join(lines) + "\n"


def case_index(project: Project) -> str:
    cases = sorted(project.public_cases, key=lambda c: c.title)
    lines = ["(cas-index)=", "# Les cas pratiques", "",
             f"{len(cases)} situations à trancher, classées par principe, par profession et par plateforme. "
             "Chaque page se joue pas à pas : vous choisissez, vous validez, puis vous lisez le retour ; "
             "{doc}`Mon parcours </book/_generated/parcours>` récapitule vos résultats. Sans JavaScript, la page présente les "
             "options et, à la demande, le retour sur chacune.", "",
             "## Tous les cas", "", "| Cas | Professions | Plateforme | Principes |", "|---|---|---|---|"]
    for case in cases:
        lines.append(f"| {{cas}}`{case.id}` | {', '.join(p.label for p in case.professions)} | "
                     f"{_md_text(case.platform)} | {' '.join(case.principles)} |")
    lines += ["", "## Par principe", ""]
    by_principle = defaultdict(list)
    for case in cases:
        for principle in case.principles:
            by_principle[principle].append(case)
    for principle in sorted(project.principles):
        items = ", ".join(f"{{cas}}`{c.id}`" for c in by_principle.get(principle, [])) or "aucun cas public"
        lines += [f"- {{principe}}`{principle}` : {items}"]
    lines += ["", "## Par profession", ""]
    by_profession = defaultdict(list)
    for case in cases:
        for profession in case.professions:
            by_profession[profession].append(case)
    for profession, members in sorted(by_profession.items(), key=lambda kv: kv[0].label):
        lines += [f"- **{profession.label}** : " + ", ".join(f"{{cas}}`{c.id}`" for c in members)]
    lines += ["", "## Par plateforme ou outil", ""]
    by_platform = defaultdict(list)
    for case in cases:
        by_platform[case.platform].append(case)
    for platform, members in sorted(by_platform.items()):
        lines += [f"- **{_md_text(platform)}** : " + ", ".join(f"{{cas}}`{c.id}`" for c in members)]
    lines.append("")
    return "\n".join(lines)


def principles_page(project: Project) -> str:
    lines = ["(principes)=", "# Les douze principes", "",
             "Les principes P01 à P12 sont tirés de l'article source et servent de repère à chaque cas, "
             "chaque note et chaque graphique du cours. Pour chacun : la section de l'article dont il vient, "
             "ce que disent les textes de référence, et où l'article simplifie.", ""]
    cases = sorted(project.public_cases, key=lambda c: c.title)
    for principle in sorted(project.principles.values(), key=lambda p: p.id):
        related = [c for c in cases if principle.id in c.principles]
        lines += [f"({principle.id})=", f"## {principle.id} · {_md_text(principle.name)}", "",
                  _md_text(principle.summary), "",
                  f"**Dans l'article :** section « {_md_text(principle.article_section)} ».", "",
                  f"**Ce que disent les textes :** {_md_text(principle.texts_add)} "
                  f"({refs_md(principle.references, project)})", ""]
        if principle.article_gap:
            lines += [f"**Où l'article simplifie :** {_md_text(principle.article_gap)}", ""]
        lines += ["**Cas liés :** " + (", ".join(f"{{cas}}`{c.id}`" for c in related) or "aucun"), ""]
    return "\n".join(lines)


def references_page(project: Project) -> str:
    lines = ["(references)=", "# Textes de référence", "",
             "Chaque affirmation juridique ou déontologique du cours renvoie à l'une de ces entrées. "
             "Les liens mènent aux sources officielles ou, à défaut, à la source consultée. La date indiquée "
             "est celle de la vérification enregistrée pour l'entrée ; les entrées marquées « sous réserve » "
             "n'ont pas pu être entièrement vérifiées.", ""]
    kinds = defaultdict(list)
    for ref in project.references.values():
        kinds[ref.kind].append(ref)
    for kind in sorted(kinds):
        lines += [f"## {_md_text(kind.replace('-', ' ').capitalize())}", ""]
        for ref in sorted(kinds[kind], key=lambda r: r.id):
            lines += [f"({'ref-' + ref.id})=", f"### {_md_text(ref.title)}", "",
                      f"- Identifiant : {_md_text(ref.identifier)}",
                      f"- Source : <{ref.url}>",
                      f"- Vérifié le : {ref.checked_on:%d/%m/%Y}"]
            if ref.caveat:
                lines.append(f"- **Sous réserve :** {_md_text(ref.caveat)}")
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
    ax.set_xlabel("Principe")
    ax.set_title("Principes exercés par chaque cas public")
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
        "(couverture)=", "# Couverture du recueil", "",
        f"Le recueil compte {data['public_cases']} cas publics (et {data['workshop_cases']} cas réservés aux "
        "ateliers, qui ne sont pas publiés). La figure montre quels principes chaque cas public exerce.", "",
        "```{figure} figures/couverture.png",
        ":alt: Matrice dont les lignes sont les cas publics et les colonnes les principes P01 à P12 ; "
        "une case foncée indique que le cas exerce le principe.",
        ":width: 100%", "",
        "Principes exercés par chaque cas public.",
        "```", "",
        f"Nombre de cas (publics et d'atelier) par principe : {counts}.", "",
    ])


def format_page() -> str:
    from casebook.core.format_reference import format_page as page

    return page()


def progress_page(project: Project) -> str:
    """« Mon parcours »: the reader's profile, drawn in the browser from what they played on this device."""
    nojs = french_typography(
        "Cette page montre votre profil à partir des cas que vous avez joués sur ce site, dans ce navigateur. "
        "Elle a besoin de JavaScript ; sans lui, les pages des cas restent lisibles, mais rien n'est gardé.")
    return "\n".join([
        "(parcours)=", "# Mon parcours", "",
        "Votre progression sur les cas joués sur ce site : points et confiance par principe, cas et principes "
        "à revoir. Tout est calculé dans votre navigateur, à partir des réponses gardées sur cet appareil ; "
        "rien n'est envoyé (voir {doc}`la page Confidentialité </book/confidentialite>`).", "",
        "````{raw} html",
        f'<div class="cb-nojs"><p>{nojs}</p></div>',
        '<div id="cb-progress" class="cb-player" hidden></div>',
        siteplayer.data_script(siteplayer.progress_payload(project)),
        "````", "",
        "## Reprendre vos réponses dans JupyterLab", "",
        "Le bouton « Exporter mes réponses » enregistre un fichier JSON. Dans le dossier du cours, la commande "
        "`casebook import mes-reponses-casebook.json` l'ajoute à vos réponses de JupyterLab (sans écraser un cas "
        "que vous y avez déjà joué autrement, sauf avec `--remplacer`).", "",
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
