"""Run ``jupyter-book`` without an import it never uses (3 s of every build).

``jsonschema`` imports ``rfc3987_syntax`` whenever it is installed (jupyter-events
pulls it in through ``jsonschema[format-nongpl]``), and that package compiles about
forty Lark grammars at import time: on this project, 3 of the 4.5 s of a rebuild
after editing one case. Jupyter Book only uses ``jsonschema`` to validate
``_config.yml``, whose schema has no ``iri`` format, and the notebook schema of
nbformat has none either. Marking the module as absent makes ``jsonschema`` skip
the optional ``iri`` checker, exactly as on an installation without it; nothing
else changes. ``python -m casebook.site build`` and ``make book`` go through here.

Usage: ``python -m casebook.site.jupyter_book_launcher build [options] PATH``.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from jupyter_book.cli.main import main as jupyter_book_main

    sys.argv = ["jupyter-book", *(sys.argv[1:] if argv is None else argv)]
    try:
        jupyter_book_main()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
