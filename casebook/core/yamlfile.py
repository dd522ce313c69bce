"""Reading YAML files fast, and finding line numbers only when an error needs them.

Valid files take the fast path (libyaml's C loader, no line bookkeeping); the
slower node composition that knows each field's line runs only for a file that
has a problem to report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # libyaml ships with PyYAML wheels; fall back to the pure-Python loader.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

from casebook.core import messages as M
from casebook.core.errors import Problem


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_yaml(path: Path) -> Any:
    """Parse ``path``; raise :class:`YamlSyntaxError` with the line on bad syntax."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(
            Problem(path, "", M.FILE_NOT_UTF8, found=str(exc), code="encoding")
        ) from exc
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise YamlSyntaxError(
            Problem(
                path,
                "",
                M.YAML_SYNTAX.format(reason=reason),
                expected=M.YAML_SYNTAX_EXPECTED,
                line=line,
                code="yaml-syntax",
            )
        ) from exc


def line_index(path: Path) -> dict[tuple, int]:
    """Map each field path (tuple of keys and list indexes) to its 1-based line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    index: dict[tuple, int] = {}

    def walk(node: yaml.Node, here: tuple) -> None:
        index[here] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (*here, key_node.value)
                walk(value_node, key)
                index[key] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                walk(item, (*here, position))

    if root is not None:
        walk(root, ())
    return index


def nearest_line(index: dict[tuple, int], location: tuple) -> int | None:
    """The line of ``location`` or of its closest known parent."""
    location = tuple(location)
    while True:
        if location in index:
            return index[location]
        if not location:
            return None
        location = location[:-1]
