"""Old path of :mod:`casebook.learner.widgets`, kept because generated notebooks already in learners'
hands call ``casebook.widgets.show_case``. New code imports :mod:`casebook.learner.widgets`."""

from casebook.learner.widgets import CaseView, show_case, show_cases  # noqa: F401

__all__ = ["CaseView", "show_case", "show_cases"]
