"""HTML views of cases, built from the engine data with the standard library only.

The same functions feed the live widgets (feedback blocks), the static fallback
shown when no kernel runs (nbconvert HTML, the published site) and the site's
case pages, so every view says the same thing. ``show_key=False`` renders a
workshop case without anything that would reveal its key.

Disclosures use ``<details>``/``<summary>``: native, keyboard operable, and
working without JavaScript.
"""

from __future__ import annotations

import html as _html

from casebook.text.labels import reference_label
from casebook.core import order
from casebook.core.load import Project
from casebook.core.model import Case, Principle, Reference, Step, StepKind, Verdict, Visibility
from casebook.core.scoring import CaseResult, StepResult
from casebook.learner import messages as M
from casebook.text.typography import french_html

CSS = """
.cb-case{font-family:inherit;line-height:1.5;max-width:60rem}
.cb-case h3,.cb-case h4{margin:.6em 0 .3em}
.cb-meta{color:#333;font-size:.92em;margin:.2em 0 .6em}
.cb-context,.cb-situation{background:#f3f6fa;border-left:4px solid #2b5d8a;padding:.5em .8em;margin:.5em 0;color:#111}
.cb-badge{display:inline-block;border-radius:.8em;padding:.05em .6em;margin:.1em .2em .1em 0;font-size:.88em;border:1px solid;color:#111;background:#fff}
.cb-respect{border-color:#1d6b35;background:#e4f4e8}
.cb-break{border-color:#a11b1b;background:#fbe5e5}
.cb-neutral{border-color:#555;background:#f1f1f1}
.cb-verdict{font-weight:700;padding:.05em .5em;border-radius:.3em;color:#fff}
.cb-v-recommande{background:#1d6b35}.cb-v-acceptable{background:#2b5d8a}
.cb-v-risque{background:#8a5300}.cb-v-faute{background:#a11b1b}
.cb-feedback{border:1px solid #ccd;border-radius:.4em;padding:.5em .8em;margin:.5em 0;background:#fff;color:#111}
.cb-refs{font-size:.92em}
.cb-case details{margin:.3em 0}
.cb-case summary{cursor:pointer}
.cb-notice{background:#fff4d6;border:1px solid #8a5300;padding:.4em .8em;border-radius:.3em;color:#111}
.cb-summary-table{border-collapse:collapse}
.cb-summary-table td,.cb-summary-table th{border:1px solid #bbb;padding:.2em .5em;text-align:left}
""".strip()

WIDGET_CSS = """
.cb-case-widget .widget-radio-box label,.cb-case-widget .widget-checkbox label{height:auto!important;
 white-space:normal!important;line-height:1.45;margin:.15em 0 .45em;overflow:visible;text-overflow:clip;
 display:flex;align-items:flex-start;gap:.5em}
.cb-case-widget .widget-radio-box label{flex-direction:row-reverse;justify-content:flex-end}
.cb-case-widget .widget-radio-box input,.cb-case-widget .widget-checkbox input{margin-top:.25em;flex:none}
.cb-case-widget .widget-checkbox{height:auto!important}
.cb-case-widget .widget-radio-box{height:auto!important}
.cb-case-widget .widget-radio{height:auto!important;width:100%}
.cb-case-widget input:focus-visible,.cb-case-widget button:focus-visible{outline:3px solid #1a4f8a;outline-offset:2px}
""".strip()


def _french(render):
    """Learner-facing HTML gets French typography in its text (not in tags, styles or entities)."""
    def wrapper(*args, **kwargs):
        return french_html(render(*args, **kwargs))
    wrapper.__name__ = render.__name__
    wrapper.__doc__ = render.__doc__
    return wrapper


def escape(text: str) -> str:
    """Escape text content (quotes may stay as they are outside attributes)."""
    return _html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape an attribute value."""
    return _html.escape(text, quote=True)


def paragraphs(text: str) -> str:
    """Plain case text to HTML paragraphs (blank lines separate paragraphs)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts)


def verdict_badge(verdict: Verdict) -> str:
    return f'<span class="cb-verdict cb-v-{verdict.value}">{escape(verdict.label)}</span>'


def principle_badge(principle_id: str, principles: dict[str, Principle], kind: str = "neutral") -> str:
    principle = principles.get(principle_id)
    name = f"{principle_id} · {principle.name}" if principle else principle_id
    prefix = {"respect": M.RESPECTS_PREFIX, "break": M.BREAKS_PREFIX}.get(kind, "")
    return f'<span class="cb-badge cb-{kind}" title="{attr(prefix + name)}">{escape(name)}</span>'


def reference_link(ref_id: str, references: dict[str, Reference]) -> str:
    ref = references.get(ref_id)
    if ref is None:
        return escape(ref_id)
    caveat = (f' <em>({M.UNVERIFIED.format(caveat=escape(ref.caveat))})</em>'
              if ref.caveat and not ref.verified else "")
    return (f'<a href="{attr(ref.url)}" target="_blank" rel="noopener noreferrer" '
            f'title="{attr(ref.title)}">{escape(reference_label(ref))}</a>{caveat}')


def references_html(ref_ids: list[str] | tuple[str, ...], references: dict[str, Reference]) -> str:
    if not ref_ids:
        return ""
    links = " ; ".join(reference_link(r, references) for r in ref_ids)
    return f'<p class="cb-refs">{M.REFERENCES.format(links=links)}</p>'


@_french
def case_header(case: Case, project: Project) -> str:
    professions = ", ".join(p.label for p in case.professions)
    badges = "".join(principle_badge(p, project.principles) for p in case.principles)
    inspired = (f'<p class="cb-meta"><em>{M.INSPIRED_BY.format(source=escape(case.inspired_by))}</em></p>'
                if case.inspired_by else "")
    grey = ""
    if case.grey_zone:
        grey = f'<p class="cb-notice"><strong>{M.GREY_ZONE_TITLE}</strong> {M.GREY_ZONE}</p>'
    # A workshop case shows no principle badges: they would hint at the key.
    principles = f'<p class="cb-meta">{M.PRINCIPLES_AT_STAKE.format(badges=badges)}</p>' if case.visibility is Visibility.PUBLIC else ""
    return (
        f"<h3>{escape(case.title)}</h3>"
        f'<p class="cb-meta">{escape(professions)} · {escape(case.platform)} · '
        f"{M.DURATION.format(minutes=case.duration_minutes)}</p>"
        f"{principles}{inspired}{grey}"
        f'<div class="cb-context">{paragraphs(case.context)}</div>'
    )


def option_feedback(option, project: Project) -> str:
    respected = "".join(principle_badge(p, project.principles, "respect") for p in option.respects)
    broken = "".join(principle_badge(p, project.principles, "break") for p in option.breaks)
    lines = [f"<p>{verdict_badge(option.verdict)}</p>", paragraphs(option.feedback)]
    if respected:
        lines.append(f"<p>{M.RESPECTS.format(badges=respected)}</p>")
    if broken:
        lines.append(f"<p>{M.BREAKS.format(badges=broken)}</p>")
    lines.append(references_html(option.references, project.references))
    return "".join(lines)


@_french
def step_result_html(step: Step, result: StepResult, project: Project, show_key: bool = True,
                     reveal_best: bool = True) -> str:
    """Feedback after « Valider »: verdict, feedback of each chosen option, badges, references."""
    if not show_key:
        return (f'<div class="cb-feedback" role="status"><p><strong>{M.ANSWER_RECORDED_TITLE}</strong> '
                f"{M.ANSWER_RECORDED}</p></div>")
    if result.problem:
        return f'<div class="cb-feedback cb-notice" role="status">{escape(result.problem)}</div>'
    options = {o.id: o for o in step.options}
    blocks = []
    for option_id in result.chosen:
        option = options[option_id]
        title = f"<p><strong>{M.YOUR_CHOICE}</strong> {escape(option.text)}</p>" if step.kind is StepKind.MULTIPLE else ""
        blocks.append(f"{title}{option_feedback(option, project)}")
    # Practice: after a wrong answer, say which option was recommended and why. A workshop's graded
    # feedback never does (``reveal_best=False``): the key of the options not chosen stays secret.
    if step.kind is StepKind.SINGLE and reveal_best:
        best = max(step.options, key=lambda o: o.points)
        if best.id not in result.chosen:
            blocks.append(f'<div class="cb-recommended"><p><strong>{M.RECOMMENDED}</strong> '
                          f"{escape(best.text)}</p>{paragraphs(best.feedback)}</div>")
    if step.kind is StepKind.MULTIPLE and reveal_best:
        missed = [o for o in step.options if o.points > 0 and o.id not in result.chosen]
        if missed:
            items = "".join(f"<li>{escape(o.text)}</li>" for o in missed)
            blocks.append(f"<p><strong>{M.MISSED_ACTIONS}</strong></p><ul>{items}</ul>")
    points = f"<p>{M.STEP_POINTS.format(earned=result.earned, maximum=result.maximum)}</p>"
    return f'<div class="cb-feedback" role="status">{"".join(blocks)}{points}</div>'


@_french
def summary_html(case: Case, result: CaseResult, project: Project, show_key: bool = True) -> str:
    """The end-of-case summary: points, principles, confidence against the result, debrief."""
    if not show_key:
        return f'<div class="cb-feedback" role="status"><p><strong>{M.CASE_DONE_RECORDED}</strong></p></div>'
    rows = []
    for principle_id, s in result.by_principle.items():
        rows.append(f"<tr><td>{principle_badge(principle_id, project.principles)}</td>"
                    f"<td>{s.earned:g} / {s.possible:g}</td></tr>")
    table = (f'<table class="cb-summary-table"><thead><tr><th scope="col">{M.PRINCIPLE_COLUMN}</th>'
             f'<th scope="col">{M.POINTS_COLUMN}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    confidence = ""
    rated = [s for s in result.steps if s.confidence]
    if rated:
        items = "".join(
            "<li>" + M.CONFIDENCE_LINE.format(
                step=escape(s.step_id), confidence=M.CONFIDENCE_WORDS[s.confidence],
                outcome=M.OUTCOME_RIGHT if s.correct else M.OUTCOME_REVIEW, cbm=s.cbm) + "</li>"
            for s in rated)
        warn = ""
        if any(s.confidence == 3 and not s.correct for s in rated):
            warn = f"<p><strong>{M.OVERCONFIDENT_TITLE}</strong> {M.OVERCONFIDENT}</p>"
        confidence = (f"<h4>{M.CONFIDENCE_TITLE}</h4><ul>{items}</ul>{warn}"
                      f"<p>{M.CONFIDENCE_SCORE.format(total=result.cbm_total)}</p>")
    debrief = "".join(f"<li>{escape(point)}</li>" for point in case.debrief)
    return (
        '<div class="cb-feedback" role="status">'
        f"<h4>{M.SUMMARY_TITLE}</h4>"
        f"<p><strong>{M.SUMMARY_POINTS.format(points=result.points, maximum=result.maximum)}</strong></p>"
        f"{table}{confidence}<h4>{M.TAKE_AWAY}</h4><ul>{debrief}</ul></div>"
    )


def step_static(case: Case, step: Step, project: Project, show_key: bool) -> str:
    situation = f'<div class="cb-situation">{paragraphs(step.situation)}</div>' if step.situation else ""
    kind = M.KIND_MULTIPLE if step.kind is StepKind.MULTIPLE else M.KIND_SINGLE
    items = []
    # No learner here (nbconvert, the site's notebook pages): the static seed, never file order.
    for option in order.ordered(order.STATIC_SEED, case.id, step.id, step.options):
        detail = ""
        if show_key:
            nxt = ""
            if option.next:
                target = case.step(option.next)
                nxt = f"<p><em>{M.OPTION_LEADS_ON.format(prompt=escape(target.prompt))}</em></p>"
            detail = (f"<details><summary>{M.SEE_OPTION_FEEDBACK}</summary>"
                      f"{option_feedback(option, project)}{nxt}</details>")
        items.append(f"<li><p>{escape(option.text)}</p>{detail}</li>")
    return (f'<div class="cb-step" id="etape-{attr(step.id)}">{situation}'
            f"<h4>{escape(step.prompt)} <small>({kind})</small></h4>"
            f'<ol type="A">{"".join(items)}</ol></div>')


@_french
def case_static_html(case: Case, project: Project, show_key: bool | None = None) -> str:
    """A readable case with no kernel: context, steps, options, feedback behind disclosures.

    Workshop cases never show their key, whatever ``show_key`` says.
    """
    show_key = case.visibility is Visibility.PUBLIC and show_key is not False
    steps = "".join(step_static(case, step, project, show_key) for step in case.steps)
    debrief = ""
    if show_key:
        points = "".join(f"<li>{escape(p)}</li>" for p in case.debrief)
        debrief = f"<details><summary>{M.DEBRIEF_DISCLOSURE}</summary><ul>{points}</ul></details>"
    note = f'<p class="cb-meta"><em>{M.STATIC_NOTE}</em></p>'
    return f'<style>{CSS}</style><div class="cb-case">{case_header(case, project)}{note}{steps}{debrief}</div>'
