"""Loading case files and registries into validated models, collecting problems.

``load_project`` never stops at the first problem: it returns what it could
load together with every problem found, which is what ``casebook check``
reports. Run-time callers (widgets, grading) use ``Project.load`` instead, which
raises :class:`~casebook.core.errors.DataError` when anything is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from casebook.core import messages as M
from casebook.core import paths
from casebook.core.errors import DataError, Problem, Report, shorten
from casebook.core.model import PRINCIPLE_PATTERN, SLUG_PATTERN, Case, Misconception, Principle, Reference, Visibility
from casebook.core.yamlfile import YamlSyntaxError, line_index, nearest_line, read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)

CASE_SUFFIXES = (".yml", ".yaml")


# --- pydantic errors, in French -------------------------------------------


def _expected_for(error: dict) -> tuple[str, str | None]:
    """French message and expectation for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx", {}) or {}
    if kind == "missing":
        return M.SCHEMA_MISSING, M.SCHEMA_MISSING_EXPECTED
    if kind == "extra_forbidden":
        return M.SCHEMA_UNKNOWN_FIELD, M.SCHEMA_UNKNOWN_FIELD_EXPECTED
    if kind in ("enum", "literal_error"):
        allowed = str(ctx.get("expected", "")).replace(" or ", M.OR)
        return M.SCHEMA_VALUE_NOT_ALLOWED, M.SCHEMA_VALUE_NOT_ALLOWED_EXPECTED.format(allowed=allowed)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == SLUG_PATTERN:
            return M.SCHEMA_BAD_SLUG, M.SCHEMA_BAD_SLUG_EXPECTED
        if pattern == PRINCIPLE_PATTERN:
            return M.SCHEMA_BAD_PRINCIPLE, M.SCHEMA_BAD_PRINCIPLE_EXPECTED
        return M.SCHEMA_BAD_FORMAT, M.SCHEMA_BAD_FORMAT_EXPECTED.format(pattern=pattern)
    if kind == "too_short":
        return M.SCHEMA_LIST_TOO_SHORT, M.SCHEMA_LIST_TOO_SHORT_EXPECTED.format(min_length=ctx.get("min_length"))
    if kind == "string_too_short":
        return M.SCHEMA_TEXT_TOO_SHORT, M.SCHEMA_TEXT_TOO_SHORT_EXPECTED.format(min_length=ctx.get("min_length"))
    if kind in ("string_type", "str_type"):
        return M.SCHEMA_BAD_TYPE, M.SCHEMA_EXPECTED_TEXT
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return M.SCHEMA_BAD_TYPE, M.SCHEMA_EXPECTED_INTEGER
    if kind in ("bool_type", "bool_parsing"):
        return M.SCHEMA_BAD_TYPE, M.SCHEMA_EXPECTED_BOOLEAN
    if kind in ("list_type",):
        return M.SCHEMA_BAD_TYPE, M.SCHEMA_EXPECTED_LIST
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return M.SCHEMA_BAD_TYPE, M.SCHEMA_EXPECTED_OBJECT
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {k: v for k, v in ctx.items() if k in ("ge", "le", "gt", "lt")}
        words = {"ge": "≥", "le": "≤", "gt": ">", "lt": "<"}
        return M.SCHEMA_OUT_OF_BOUNDS, M.SCHEMA_BOUNDS_AND.join(f"{words[k]} {v}" for k, v in bounds.items())
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return M.SCHEMA_BAD_DATE, M.SCHEMA_BAD_DATE_EXPECTED
    if kind == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        if message == M.EMPTY_TEXT:
            return M.EMPTY_TEXT, M.SCHEMA_EMPTY_TEXT_EXPECTED
        return message, None
    return error.get("msg", kind), None


def _field_path(location: tuple) -> str:
    parts: list[str] = []
    for item in location:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _model_location(location: tuple) -> tuple:
    """Drop pydantic's internal location parts (validator names such as 'function-after')."""
    return tuple(p for p in location if not (isinstance(p, str) and "[" in p and "]" in p))


def validation_problems(path: Path, exc: ValidationError, prefix: tuple = ()) -> list[Problem]:
    index = line_index(path)
    problems = []
    for error in exc.errors():
        location = prefix + _model_location(tuple(error["loc"]))
        message, expected = _expected_for(error)
        found = None if error["type"] == "missing" else shorten(error.get("input"))
        if error["type"] == "extra_forbidden":
            found = M.QUOTED.format(text=location[-1])
        problems.append(
            Problem(
                file=path,
                field=_field_path(location),
                message=message,
                expected=expected,
                found=found,
                line=nearest_line(index, location),
                code=error["type"],
            )
        )
    return problems


def parse_model(path: Path, data: Any, model: type[ModelT], prefix: tuple = ()) -> tuple[ModelT | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, validation_problems(path, exc, prefix)


# --- files -------------------------------------------------------------------


def load_case_file(path: Path) -> tuple[Case | None, list[Problem]]:
    """One case file: parsed, validated against the schema, or the problems why not."""
    try:
        data = read_yaml(path)
    except YamlSyntaxError as exc:
        return None, [exc.problem]
    if not isinstance(data, dict):
        return None, [
            Problem(path, "", M.CASE_NOT_A_MAPPING, expected=M.CASE_NOT_A_MAPPING_EXPECTED,
                    found=type(data).__name__, line=1, code="not-a-mapping")
        ]
    version = data.get("schema_version")
    if version is not None and version != 1:
        return None, [
            Problem(path, "schema_version", M.UNKNOWN_SCHEMA_VERSION, expected="1",
                    found=shorten(version), line=nearest_line(line_index(path), ("schema_version",)),
                    code="schema-version")
        ]
    return parse_model(path, data, Case)


def load_registry_file(path: Path, model: type[ModelT],
                       declared_ids: set[str] | None = None) -> tuple[dict[str, ModelT], list[Problem]]:
    """A registry file: a YAML list of entries, each with a unique ``id``.

    An entry that fails validation is reported and left out of the result; its
    id still goes into ``declared_ids``, so cases citing it are not flagged twice.
    """
    declared_ids = set() if declared_ids is None else declared_ids
    try:
        data = read_yaml(path)
    except YamlSyntaxError as exc:
        return {}, [exc.problem]
    except FileNotFoundError:
        return {}, [Problem(path, "", M.REGISTRY_MISSING, code="missing-file")]
    if not isinstance(data, list):
        return {}, [Problem(path, "", M.REGISTRY_NOT_A_LIST, expected=M.REGISTRY_NOT_A_LIST_EXPECTED,
                            found=type(data).__name__, line=1, code="not-a-list")]
    entries: dict[str, ModelT] = {}
    problems: list[Problem] = []
    for position, item in enumerate(data):
        entry, found = parse_model(path, item, model, prefix=(position,))
        problems.extend(found)
        if entry is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                declared_ids.add(item["id"])
            continue
        if entry.id in entries:
            problems.append(Problem(path, f"[{position}].id", M.DUPLICATE_ID,
                                    expected=M.EXPECTED_UNIQUE_ID, found=entry.id,
                                    line=nearest_line(line_index(path), (position, "id")),
                                    code="duplicate-id"))
            continue
        entries[entry.id] = entry
    return entries, problems


def case_files(targets: list[Path]) -> list[Path]:
    """Expand files and folders into the sorted list of case files they hold."""
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(p for p in target.rglob("*") if p.suffix in CASE_SUFFIXES and p.is_file()))
        else:
            files.append(target)
    return files


# --- the project -------------------------------------------------------------


@dataclass
class Project:
    """Everything the course is derived from: cases and the two registries."""

    root: Path
    principles: dict[str, Principle] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    misconceptions: dict[str, Misconception] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    case_paths: dict[str, Path] = field(default_factory=dict)
    unparsed: dict[Path, dict] = field(default_factory=dict)
    """Case files that failed the schema, as read: cross-file checks still run on them,
    so one ``casebook check`` lists every problem instead of revealing them round by round."""
    declared_principles: set[str] = field(default_factory=set)
    declared_references: set[str] = field(default_factory=set)
    """Ids of registry entries, valid or not: cross-file checks use these."""

    @classmethod
    def load(cls, root: Path | None = None) -> "Project":
        """Load and validate the whole project; raise :class:`DataError` on any problem."""
        return _load_checked(str((root or paths.project_root()).resolve()))

    def case(self, case_id: str) -> Case:
        try:
            return self.cases[case_id]
        except KeyError:
            known = ", ".join(sorted(self.cases)) or M.NONE_MASCULINE
            raise KeyError(M.UNKNOWN_CASE.format(case_id=case_id, known=known)) from None

    @property
    def public_cases(self) -> list[Case]:
        return [c for c in self.cases.values() if c.visibility is Visibility.PUBLIC]

    @property
    def workshop_cases(self) -> list[Case]:
        return [c for c in self.cases.values() if c.visibility is Visibility.WORKSHOP]


@lru_cache(maxsize=4)
def _load_checked(root: str) -> Project:
    from casebook.core.validate import check_project

    project, report = load_project(Path(root))
    report.extend(check_project(project))
    if not report.ok:
        raise DataError(report.problems)
    return project


def load_project(root: Path | None = None, targets: list[Path] | None = None) -> tuple[Project, Report]:
    """Load registries and cases (all of ``cases/``, or ``targets``), collecting problems."""
    root = (root or paths.project_root()).resolve()
    report = Report()
    registry = paths.registry_dir(root)
    declared_principles: set[str] = set()
    declared_references: set[str] = set()
    principles, found = load_registry_file(registry / paths.PRINCIPLES_FILE, Principle, declared_principles)
    report.extend(found)
    references, found = load_registry_file(registry / paths.REFERENCES_FILE, Reference, declared_references)
    report.extend(found)
    misconceptions: dict[str, Misconception] = {}
    if (registry / paths.MISCONCEPTIONS_FILE).exists():  # optional: a project may tag no option
        misconceptions, found = load_registry_file(registry / paths.MISCONCEPTIONS_FILE, Misconception)
        report.extend(found)
    project = Project(root=root, principles=principles, references=references, misconceptions=misconceptions,
                      declared_principles=declared_principles | set(principles),
                      declared_references=declared_references | set(references))

    if not targets and not paths.cases_dir(root).is_dir():
        report.add(Problem(paths.cases_dir(root), "", M.CASES_FOLDER_MISSING,
                           expected=M.CASES_FOLDER_MISSING_EXPECTED, found=str(root), code="missing-file"))
        return project, report
    for path in case_files(targets or [paths.cases_dir(root)]):
        case, found = load_case_file(path)
        report.extend(found)
        if case is None:
            try:
                data = read_yaml(path)
            except (YamlSyntaxError, OSError):
                continue
            if isinstance(data, dict):
                project.unparsed[path] = data
            continue
        if case.id in project.cases:
            other = project.case_paths[case.id]
            report.add(Problem(path, "id", M.DUPLICATE_CASE_ID, expected=M.EXPECTED_UNIQUE_ID,
                               found=M.DUPLICATE_CASE_ID_FOUND.format(case_id=case.id, other=other),
                               line=nearest_line(line_index(path), ("id",)), code="duplicate-id"))
            continue
        project.cases[case.id] = case
        project.case_paths[case.id] = path
    return project, report
