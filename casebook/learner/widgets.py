"""Interactive case view for JupyterLab (ipywidgets 8): a thin layer on CaseSession.

Usage in a notebook cell::

    from casebook.learner.widgets import show_case
    show_case("avis-google-une-etoile")

The displayed bundle carries both the live widget and a static HTML version of
the case, so a notebook rendered without a kernel (nbconvert, the site) shows a
readable case instead of dead buttons.

Accessibility: single choices are radio buttons and multiple choices check
boxes, all native inputs with their text as the label, reachable with Tab and
operable with the arrow keys / space; feedback areas are ``role="status"`` so
screen readers announce them.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from casebook.core import order
from casebook.learner import messages as M
from casebook.learner import render
from casebook.core.load import Project
from casebook.core.model import Case, Step, StepKind, Visibility
from casebook.core.scoring import CONFIDENCE_LEVELS
from casebook.learner.session import CaseSession, SessionError
from casebook.core.store import AnswerStore
from casebook.text.typography import french_html

CONFIDENCE_CHOICES = M.CONFIDENCE_CHOICES
FULL_WIDTH = widgets.Layout(width="100%")


class StepPanel:
    """Controls for one step: the choice, the optional confidence, « Valider », the feedback."""

    def __init__(self, view: "CaseView", step: Step):
        self.view = view
        self.step = step
        # Shown in this learner's own stable order: file order must not cue the answer.
        self.options = order.ordered(view.seed, view.case.id, step.id, step.options)
        labels = [(o.text, o.id) for o in self.options]
        if step.kind is StepKind.SINGLE:
            self.choice = widgets.RadioButtons(options=labels, value=None, layout=FULL_WIDTH,
                                               description="", style={"description_width": "0px"})
            self.choice.add_class("cb-radio")
            self.boxes: list[widgets.Checkbox] = []
            self.choice.observe(self._on_change, names="value")
        else:
            self.choice = None
            self.boxes = [widgets.Checkbox(value=False, description=text, indent=False, layout=FULL_WIDTH,
                                           style={"description_width": "initial"})
                          for text, _ in labels]
            for box in self.boxes:
                box.add_class("cb-checkbox")
                box.observe(self._on_change, names="value")
        self.confidence = None
        if view.case.confidence is not None:
            self.confidence = widgets.RadioButtons(
                options=CONFIDENCE_CHOICES, value=None, description="", layout=FULL_WIDTH,
                style={"description_width": "0px"})
        self.validate_button = widgets.Button(description=M.VALIDATE, button_style="primary", disabled=True,
                                              tooltip=M.VALIDATE_TOOLTIP,
                                              icon="check")
        self.validate_button.on_click(lambda _button: self.submit())
        self.feedback = widgets.HTML(value="")
        situation = widgets.HTML(render.paragraphs(step.situation) if step.situation else "")
        if step.situation:
            situation.add_class("cb-situation")
        hint = M.HINT_MULTIPLE if step.kind is StepKind.MULTIPLE else \
            M.HINT_SINGLE
        children = [situation, widgets.HTML(f"<h4>{render.escape(step.prompt)}</h4><p><em>{hint}</em></p>")]
        children += [self.choice] if self.choice is not None else self.boxes
        if self.confidence is not None:
            children += [widgets.HTML(french_html(f"<p>{render.escape(view.case.confidence.question)} "
                                                  "<em>(facultatif)</em></p>")), self.confidence]
        children += [self.validate_button, self.feedback]
        self.box = widgets.VBox(children, layout=widgets.Layout(border="1px solid #ccd", padding="0.5em",
                                                                margin="0.5em 0"))

    def picked(self) -> tuple[str, ...]:
        if self.choice is not None:
            return (self.choice.value,) if self.choice.value else ()
        return tuple(o.id for o, box in zip(self.options, self.boxes) if box.value)

    def set_picked(self, picked: tuple[str, ...], confidence: int | None) -> None:
        if self.choice is not None:
            self.choice.value = picked[0] if picked else None
        else:
            for option, box in zip(self.options, self.boxes):
                box.value = option.id in picked
        if self.confidence is not None and confidence in CONFIDENCE_LEVELS:
            self.confidence.value = confidence

    def _on_change(self, _change=None) -> None:
        self.validate_button.disabled = not self.picked()

    def lock(self) -> None:
        for control in ([self.choice] if self.choice else self.boxes) + ([self.confidence] if self.confidence else []):
            control.disabled = True
        self.validate_button.disabled = True
        self.validate_button.description = M.VALIDATED

    def submit(self) -> None:
        confidence = self.confidence.value if self.confidence is not None else None
        try:
            result = self.view.session.validate(self.step.id, self.picked(), confidence)
        except SessionError as exc:
            self.feedback.value = french_html(f'<p class="cb-notice" role="alert">{render.escape(str(exc))}</p>')
            return
        self.lock()
        self.feedback.value = render.step_result_html(self.step, result, self.view.project, self.view.show_key)
        self.view.save()
        self.view.advance()


class CaseView:
    """The whole case: header, step panels appearing along the path, summary, « Recommencer »."""

    def __init__(self, case: Case, project: Project, store: AnswerStore, show_key: bool | None = None):
        self.case = case
        self.project = project
        self.store = store
        self.show_key = case.visibility is Visibility.PUBLIC if show_key is None else show_key
        self.seed = order.learner_seed(store.path)
        self.session = CaseSession.resume(case, store.get(case.id))
        self.header = widgets.HTML(f"<style>{render.CSS}\n{render.WIDGET_CSS}</style><div class='cb-case'>"
                                   f"{render.case_header(case, project)}</div>")
        self.notice = widgets.HTML(
            french_html(f'<p class="cb-notice" role="alert">{render.escape(store.notice)}</p>') if store.notice else "")
        self.steps_box = widgets.VBox([])
        self.summary = widgets.HTML("")
        self.restart_button = widgets.Button(description=M.RESTART, icon="refresh",
                                             tooltip=M.RESTART_TOOLTIP,
                                             layout=widgets.Layout(display="none"))
        self.restart_button.on_click(lambda _button: self.restart())
        self.panels: list[StepPanel] = []
        self.widget = widgets.VBox([self.header, self.notice, self.steps_box, self.summary, self.restart_button],
                                   layout=FULL_WIDTH)
        self.widget.add_class("cb-case-widget")
        self._replay()

    def _replay(self) -> None:
        """Rebuild the panels from the session (after a restart of the kernel or of the case)."""
        self.panels = []
        results = self.session.result.steps if self.session.choices else ()
        for step_id, result in zip(self.session.path, results):
            panel = StepPanel(self, self.case.step(step_id))
            panel.set_picked(self.session.choices[step_id], self.session.confidence.get(step_id))
            panel.lock()
            panel.feedback.value = render.step_result_html(panel.step, result, self.project, self.show_key)
            self.panels.append(panel)
        self.steps_box.children = [p.box for p in self.panels]
        self.advance()

    def advance(self) -> None:
        step_id = self.session.current_step_id
        if step_id is not None:
            if not self.panels or self.panels[-1].step.id != step_id:
                panel = StepPanel(self, self.case.step(step_id))
                self.panels.append(panel)
                self.steps_box.children = [p.box for p in self.panels]
            self.summary.value = ""
            self.restart_button.layout.display = "flex" if self.session.choices else "none"
            return
        self.summary.value = render.summary_html(self.case, self.session.result, self.project, self.show_key)
        self.restart_button.layout.display = "flex"

    def save(self) -> None:
        self.store.put(self.case.id, self.session.answers)

    def restart(self) -> None:
        self.session.reset()
        self.store.forget(self.case.id)
        self.notice.value = ""
        self._replay()

    # Display: the live widget plus its static fallback, in one bundle.
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = render.case_static_html(self.case, self.project, self.show_key)
        bundle["text/plain"] = M.PLAIN_TEXT_CASE.format(title=self.case.title)
        return bundle


def show_case(case_id: str, store_path: str | Path | None = None, project: Project | None = None) -> CaseView:
    """Display the case ``case_id`` with widgets; answers persist in the answer store."""
    project = project or Project.load()
    view = CaseView(project.case(case_id), project, AnswerStore.open(store_path))
    display(view)
    return view


def show_cases(case_ids: list[str], store_path: str | Path | None = None) -> list[CaseView]:
    project = Project.load()
    store = AnswerStore.open(store_path)
    views = []
    for case_id in case_ids:
        view = CaseView(project.case(case_id), project, store)
        display(view)
        views.append(view)
    return views
