"""casebook: the engine of the course on ethical social media and AI use in health.

Importing the package is cheap on purpose (no pydantic, pandas, matplotlib or
ipywidgets): notebooks, the CLI and nbgrader import only the layer they need.

* :mod:`casebook.model`: the case format (pydantic schema);
* :mod:`casebook.load` and :mod:`casebook.validate`: loading and checking data;
* :mod:`casebook.scoring`: the pure scoring function;
* :mod:`casebook.coverage`: what the casebook covers;
* :mod:`casebook.cli`: the ``casebook`` command.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_project"]


def load_project(root=None):
    """Load and validate the project's data (cases and registries).

    Raises :class:`casebook.errors.DataError` listing every problem.
    """
    from casebook.load import Project

    return Project.load(root)
