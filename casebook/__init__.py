"""casebook: the engine of the course on ethical social media and AI use in health.

Importing the package is cheap on purpose (no pydantic, pandas, matplotlib or
ipywidgets): notebooks, the CLI and nbgrader import only the layer they need.

* :mod:`casebook.core.model`: the case format (pydantic schema);
* :mod:`casebook.core.load` and :mod:`casebook.core.validate`: loading and checking data;
* :mod:`casebook.core.scoring`: the pure scoring function;
* :mod:`casebook.core.coverage`: what the casebook covers;
* :mod:`casebook.cli`: the ``casebook`` command.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_project"]


def load_project(root=None):
    """Load and validate the project's data (cases and registries).

    Raises :class:`casebook.core.errors.DataError` listing every problem.
    """
    from casebook.core.load import Project

    return Project.load(root)
