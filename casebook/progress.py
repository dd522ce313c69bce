"""Old path of :mod:`casebook.learner.progress`, kept because generated notebooks already in learners'
hands call ``casebook.progress.show_progress``. New code imports :mod:`casebook.learner.progress`."""

from casebook.learner.progress import show_progress  # noqa: F401

__all__ = ["show_progress"]
