"""The package's layers, checked from its imports: no cycle, and no lower layer importing an upper one.

The layers (see ARCHITECTURE.md), from the bottom; each is a folder of the package:

0. ``text``: French typography and labels (no import from any other layer);
1. ``core``: the engine — format, loading, validation, scoring, order, answer store, audits;
2. ``labs``: the data labs' lessons and checks;
3. ``learner``: what a self-paced learner runs — session, widgets, notebooks, progress;
4. ``site``: the Jupyter Book layer;
5. ``workshop``: nbgrader glue;
6. ``analytics``: class statistics and reports (pandas, matplotlib);
7. ``cli``: the commands.

Every import counts, including imports inside functions (lazy imports hide cost, not
dependencies); only imports under ``if TYPE_CHECKING:`` are ignored.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "casebook"

LAYERS = ["text", "core", "labs", "learner", "site", "workshop", "analytics", "cli"]
PLACES = {
    # module (dotted, without "casebook.") → layer; a package maps its modules by prefix.
    # The folders are the layers; the few exceptions are named here.
    "": "core", "text": "text", "core": "core", "labs": "labs", "learner": "learner", "site": "site",
    "workshop": "workshop", "workshop.cli": "cli", "workshop.rehearsal": "cli",
    "analytics": "analytics", "cli": "cli", "evidence_cli": "cli", "cli_messages": "cli",
    # old module paths kept as thin re-exports (generated notebooks and _config.yml already use them)
    "widgets": "learner", "progress": "learner", "sphinx_ext": "site",
}
OLD_PATHS = {
    # old dotted path → where it lives now; notebooks, released assignments, gradebooks and
    # _config.yml files already in use name the old ones
    "casebook.widgets.show_case": "casebook.learner.widgets.show_case",
    "casebook.progress.show_progress": "casebook.learner.progress.show_progress",
    "casebook.sphinx_ext.setup": "casebook.site.sphinx_ext.setup",
    "casebook.workshop.learner.show_workshop_case": "casebook.workshop.learner.show_workshop_case",
    "casebook.workshop.answers.score_cell": "casebook.workshop.answers.score_cell",
    "casebook.workshop.nbgrader_plugins.ScoreRecordedAnswers": "casebook.workshop.nbgrader_plugins.ScoreRecordedAnswers",
    "casebook.labs.checks.verifier": "casebook.labs.checks.verifier",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def layer_of(module: str) -> str:
    candidates = [key for key in PLACES if module == key or module.startswith(key + ".") or key == ""]
    return PLACES[max(candidates, key=len)]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str]) -> set[str]:
    found: set[str] = set()

    def visit(node):
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "casebook":
            base = node.module.removeprefix("casebook").lstrip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}".lstrip(".")
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "casebook":
                    found.add(alias.name.removeprefix("casebook").lstrip("."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: {d for d in imports_of(path, modules) if d != name and d in modules}
            for name, path in files.items()}


def test_no_lower_layer_imports_an_upper_one():
    upward = []
    for module, deps in graph().items():
        for dep in deps:
            if LAYERS.index(layer_of(dep)) > LAYERS.index(layer_of(module)):
                upward.append(f"casebook.{module} ({layer_of(module)}) importe casebook.{dep} ({layer_of(dep)})")
    assert not upward, "imports vers une couche supérieure :\n" + "\n".join(sorted(upward))


def test_no_import_cycle():
    edges = graph()
    # Package __init__ files may re-export their submodules: importing a package is not a cycle with them.
    cycles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0]

    def strong(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            strong(node)
    assert not cycles, f"cycles d'import : {cycles}"


def test_every_module_has_a_layer():
    for module in graph():
        assert layer_of(module) in LAYERS


def _resolve(dotted: str):
    import importlib

    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_old_module_paths_still_import_the_same_objects():
    for old, new in OLD_PATHS.items():
        assert _resolve(old) is _resolve(new), old


def test_top_level_holds_only_the_cli_and_old_path_shims():
    """A new module goes into the folder of its layer, not beside the package's face.

    ``cli_messages`` sits beside ``cli`` and ``evidence_cli`` because the CLI layer has no folder.
    """
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert loose == {"cli", "evidence_cli", "cli_messages", "widgets", "progress", "sphinx_ext"}, loose


CATALOGUES = {"learner/messages.py", "core/messages.py", "labs/messages.py", "site/messages.py",
              "workshop/messages.py", "analytics/messages.py", "cli_messages.py", "text/labels.py"}
"""One French catalogue per layer (the CLI's at the top): every user-facing word lives in one of them."""

NOT_WORDS = {"text/typography.py"}
"""Modules whose French characters are rules, not words to translate (typography's « » and spaces)."""

FRENCH = ("é", "è", "à", "ù", "â", "ê", "î", "ô", "û", "ç", "«", "»", "É", "À", "œ")
FRENCH_WORDS = re.compile(r"\b(?:les|des|une|pour|dans|avec|est|aucune?|sur|vous|votre|fichier|dossier)\b", re.I)
"""Words that give away a French sentence without accents (« la liste des cas manque »)."""


def _is_french(text: str) -> bool:
    return any(c in text for c in FRENCH) or (len(text.split()) >= 3 and bool(FRENCH_WORDS.search(text)))


def _french_literals(relative: str) -> list[str]:
    """French string literals of a module, docstrings and schema field descriptions aside."""
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    skipped = {id(node.body[0].value) for node in ast.walk(tree)
               if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
               and node.body and isinstance(node.body[0], ast.Expr)}
    skipped |= {id(keyword.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
                for keyword in node.keywords if keyword.arg == "description"}
    return [f"{relative}:{node.lineno} {node.value[:60]!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
            and _is_french(node.value)]


def _modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def test_words_live_in_their_layer_catalogue():
    """A French string literal outside a catalogue (docstrings and field descriptions aside) is a defect."""
    found = [hit for relative in _modules()
             if relative not in CATALOGUES | NOT_WORDS
             for hit in _french_literals(relative)]
    assert not found, "texte français hors du catalogue de sa couche :\n" + "\n".join(found)
