"""Old path of :mod:`casebook.site.sphinx_ext`, kept so that a course whose ``_config.yml`` still lists
``casebook.sphinx_ext`` builds unchanged. New configurations list ``casebook.site.sphinx_ext``."""

from casebook.site.sphinx_ext import setup  # noqa: F401

__all__ = ["setup"]
