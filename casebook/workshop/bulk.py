"""Bulk grading: nbgrader's own conversions, without nbgrader's per-notebook overheads.

``commands.grade`` calls :func:`grade_hook` after the submission gate, on the copies the gate
let through. ``nbgrader autograde`` spends most of its time outside the grading itself: for
every notebook it builds a new exporter and new preprocessors, re-reads and re-validates the
notebook against nbformat's schema after every step, opens a new ``Gradebook`` per database-aware
preprocessor and commits once per cell; ``generate_feedback`` does the same again and re-parses
its whole HTML page with BeautifulSoup. This module keeps nbgrader as the system of record
(formgrader reads and writes the same rows) but changes where that cost is paid:

- each worker process builds nbgrader's ``Autograde`` and ``GenerateFeedback`` converters,
  their exporters and the configured preprocessors **once**, and runs the same preprocessor
  instances, in the same order, on each submission held in memory (sanitize pass, then the
  autograde pass on the same notebook, one write); the schema checks are left to the gate;
- the preprocessors that talk to the gradebook read the assignment's master cells from a
  snapshot taken once, and *record* the grades and comments instead of committing them;
- the parent process writes those records: first gradings of on-time copies with one insert
  per table, re-gradings and late copies through nbgrader's own models (``needs_manual_grade``,
  late penalties through the configured plugin, hand grades left untouched);
- feedback HTML is one render of the same template per learner (highlighting, markdown, the
  CSS header and French typography remembered per worker), from grades read back in one query;
- a submission whose files (and the grading inputs) are unchanged since its last bulk
  grading is skipped;
- exports read the gradebook in a few queries (:func:`gradebook_rows`, :func:`nbgrader_csv`).

``tests/test_bulk_grading.py`` checks the result against the plain path (``CASEBOOK_BULK=0``).
Anything this path cannot reproduce (kernel execution, an unknown preprocessor, a notebook it
cannot convert…) is left to the plain nbgrader path, so its outcome and error message stay
nbgrader's. ``CASEBOOK_BULK=0`` turns the whole module off.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from casebook.workshop import messages as M

STATE_DIR = ".casebook"
BATCH = 200
FORMAT = 1


# --- which configurations the bulk path reproduces ----------------------------------------

def _pure_preprocessors() -> set[str]:
    """Preprocessors that touch only the notebook: the bulk path runs them unchanged."""
    return {
        "nbgrader.preprocessors.clearoutput.ClearOutput",
        "nbgrader.preprocessors.deduplicateids.DeduplicateIds",
        "nbgrader.preprocessors.checkcellmetadata.CheckCellMetadata",
        "nbgrader.preprocessors.ignorepattern.IgnorePattern",
        "nbgrader.preprocessors.limitoutput.LimitOutput",
        "nbgrader.preprocessors.clearhiddentests.ClearHiddenTests",
        "nbgrader.preprocessors.clearmarkingscheme.ClearMarkScheme",
        "nbconvert.preprocessors.clearmetadata.ClearMetadataPreprocessor",
        "nbconvert.preprocessors.csshtmlheader.CSSHTMLHeaderPreprocessor",
        "casebook.workshop.nbgrader_plugins.ScoreRecordedAnswers",
        "casebook.workshop.nbgrader_plugins.CleanFeedback",
    }


def _qualname(cls) -> str:
    if isinstance(cls, str):
        return cls
    return f"{cls.__module__}.{cls.__qualname__}"


def _resolve(cls):
    if isinstance(cls, str):
        from traitlets.utils.importstring import import_item

        return import_item(cls)
    return cls


# --- snapshot of the assignment's master cells (read-only lookups in the workers) ----------

def _snapshot(gb, name: str) -> dict:
    """The assignment's notebooks and master cells, as plain data the workers can look up."""
    assignment = gb.find_assignment(name)
    notebooks = {}
    for notebook in assignment.notebooks:
        notebooks[notebook.name] = {
            "kernelspec": notebook.kernelspec,
            "source": {c.name: {"name": c.name, "cell_type": c.cell_type, "locked": c.locked,
                                "checksum": c.checksum, "source": c.source} for c in notebook.source_cells},
            "graded": {c.name: {"name": c.name, "max_score": c.max_score}
                       for c in list(notebook.grade_cells) + list(notebook.task_cells)},
        }
    return {"assignment": name, "notebooks": notebooks}


def _missing():
    from nbgrader.api import MissingEntry

    return MissingEntry()


class _Record(SimpleNamespace):
    """Stands for a ``Grade`` or ``Comment`` row while a worker fills it in."""


class _SnapshotGradebook:
    """Answers the lookups nbgrader's preprocessors make, from the snapshot; records writes."""

    def __init__(self, snapshot: dict):
        self.snapshot = snapshot
        self.grades: dict[str, _Record] = {}
        self.comments: dict[str, _Record] = {}
        self.db = SimpleNamespace(commit=lambda: None, rollback=lambda: None)

    def _notebook(self, notebook_id: str) -> dict:
        try:
            return self.snapshot["notebooks"][notebook_id]
        except KeyError:
            raise _missing() from None

    def find_notebook(self, notebook_id, assignment_id):
        return SimpleNamespace(kernelspec=self._notebook(notebook_id)["kernelspec"])

    def find_source_cell(self, name, notebook_id, assignment_id):
        try:
            return SimpleNamespace(**self._notebook(notebook_id)["source"][name])
        except KeyError:
            raise _missing() from None

    def find_graded_cell(self, name, notebook_id, assignment_id):
        try:
            return SimpleNamespace(**self._notebook(notebook_id)["graded"][name])
        except KeyError:
            raise _missing() from None

    def find_grade(self, name, notebook_id, assignment_id, student_id):
        # manual_score is unknown here: the parent applies nbgrader's needs_manual_grade rule.
        return self.grades.setdefault(name, _Record(auto_score=None, manual_score=None, needs_manual_grade=True))

    def find_comment(self, name, notebook_id, assignment_id, student_id):
        return self.comments.setdefault(name, _Record(auto_comment=None))


def _memory_classes():
    """Subclasses of nbgrader's database-aware preprocessors that use a worker's snapshot."""
    from nbgrader.preprocessors import (AssignLatePenalties, GetGrades, OverwriteCells, OverwriteKernelspec,
                                        SaveAutoGrades)
    from nbgrader.preprocessors.base import NbGraderPreprocessor

    class SnapshotOverwriteKernelspec(OverwriteKernelspec):
        def preprocess(self, nb, resources):
            kernelspec = _WORKER.gradebook.find_notebook(resources["nbgrader"]["notebook"], None).kernelspec
            if kernelspec is not None:
                kernelspec = json.loads(kernelspec)
            if kernelspec:
                nb.metadata["kernelspec"] = kernelspec
            return nb, resources

    class SnapshotOverwriteCells(OverwriteCells):
        def preprocess(self, nb, resources):
            self.notebook_id = resources["nbgrader"]["notebook"]
            self.assignment_id = resources["nbgrader"]["assignment"]
            self.db_url = resources["nbgrader"]["db_url"]
            self.gradebook = _WORKER.gradebook
            return NbGraderPreprocessor.preprocess(self, nb, resources)

    class RecordAutoGrades(SaveAutoGrades):
        def preprocess(self, nb, resources):
            self.notebook_id = resources["nbgrader"]["notebook"]
            self.assignment_id = resources["nbgrader"]["assignment"]
            self.student_id = resources["nbgrader"]["student"]
            self.db_url = resources["nbgrader"]["db_url"]
            self.gradebook = _WORKER.gradebook
            return NbGraderPreprocessor.preprocess(self, nb, resources)

    class DeferLatePenalties(AssignLatePenalties):
        """The penalty needs the stored timestamp and due date: the parent applies it."""

        def preprocess(self, nb, resources):
            return nb, resources

    class GradesFromParent(GetGrades):
        """Scores and comments read back from the gradebook by the parent, in one query."""

        def preprocess(self, nb, resources):
            values = resources["casebook_grades"]
            self._values = values
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            resources["nbgrader"]["score"] = values["score"] - values["late_penalty"]
            resources["nbgrader"]["max_score"] = values["max_score"]
            resources["nbgrader"]["late_penalty"] = values["late_penalty"]
            return nb, resources

        def _get_comment(self, cell, resources):
            cell.metadata.nbgrader["comment"] = self._values["comments"].get(cell.metadata["nbgrader"]["grade_id"])

        def _get_score(self, cell, resources):
            score, points, _pending = self._values["grades"][cell.metadata["nbgrader"]["grade_id"]]
            cell.metadata.nbgrader["score"] = score
            cell.metadata.nbgrader["points"] = points

    class PendingFromParent(GradesFromParent):
        """The course's ``GetGradesPending``: a hand-graded cell nobody graded yet has no score."""

        def _get_score(self, cell, resources):
            score, points, pending = self._values["grades"][cell.metadata["nbgrader"]["grade_id"]]
            cell.metadata.nbgrader["score"] = None if pending else score
            cell.metadata.nbgrader["points"] = points

    from casebook.workshop.nbgrader_plugins import GetGradesPending

    return {
        _qualname(GetGradesPending): PendingFromParent,
        _qualname(OverwriteKernelspec): SnapshotOverwriteKernelspec,
        _qualname(OverwriteCells): SnapshotOverwriteCells,
        _qualname(SaveAutoGrades): RecordAutoGrades,
        _qualname(AssignLatePenalties): DeferLatePenalties,
        _qualname(GetGrades): GradesFromParent,
    }


def _plan(classes, config, memory: dict) -> list | None:
    """The classes to run, with database-aware ones swapped; None if one is not reproducible."""
    pure = _pure_preprocessors()
    planned = []
    for cls in classes:
        name = _qualname(_resolve(cls))
        if name == "nbgrader.preprocessors.execute.Execute":
            if config.Execute.get("enabled", True) is not False:
                return None
            continue
        if name in memory:
            planned.append(memory[name])
        elif name in pure:
            planned.append(_resolve(cls))
        else:
            return None
    return planned


def supported(config) -> str | None:
    """Why the bulk path cannot reproduce this configuration (None: it can)."""
    from nbgrader.converters import Autograde, GenerateFeedback

    memory = _memory_classes()
    autograde_converter = Autograde(config=config)
    autograde = autograde_converter.autograde_preprocessors
    sanitize = autograde_converter.sanitize_preprocessors
    feedback = GenerateFeedback(config=config).preprocessors
    if config.Autograde.get("exclude_overwriting"):
        return "Autograde.exclude_overwriting"
    if config.OverwriteCells.get("add_missing_cells", False):
        return "OverwriteCells.add_missing_cells"
    if config.BaseConverter.get("pre_convert_hook") or config.BaseConverter.get("post_convert_hook"):
        return "conversion hooks"
    for what, classes in (("sanitize", sanitize), ("autograde", autograde), ("feedback", feedback)):
        if _plan(classes, config, memory) is None:
            return f"{what} preprocessors"
    return None


# --- workers --------------------------------------------------------------------------------

_WORKER = None


@dataclass
class _WorkerState:
    grading: Path
    name: str
    coursedir: object
    autograde: object
    feedback: object
    sanitize_pps: list
    autograde_pps: list
    feedback_pps: list
    snapshot: dict
    gradebook: _SnapshotGradebook | None = None


class _CachedJsonSchema:
    """``jsonschema.validate`` for nbgrader's metadata checks, the schema checked once.

    ``jsonschema.validate(instance, schema)`` re-validates the *schema* against its
    meta-schema on every call: in ``CheckCellMetadata`` (run twice per notebook, on every
    cell) that was more than half of a worker's time. The result is the same: the schema
    is checked (once), then the instance, raising the same best-matching error.
    """

    def __init__(self):
        import jsonschema

        self._jsonschema = jsonschema
        self._validators: dict[str, tuple] = {}
        self._schema_keys: dict[int, tuple] = {}

    def __getattr__(self, name):
        return getattr(self._jsonschema, name)

    def validate(self, instance, schema, *args, **kwargs):
        if args or kwargs:
            return self._jsonschema.validate(instance, schema, *args, **kwargs)
        # nbgrader loads the same schema for every notebook (its objects are kept, so ids stay unique)
        known = self._schema_keys.get(id(schema))
        if known is None:
            known = self._schema_keys[id(schema)] = (schema, json.dumps(schema, sort_keys=True))
        schema_key = known[1]
        entry = self._validators.get(schema_key)
        if entry is None:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            entry = self._validators[schema_key] = (cls(schema), set())
        validator, valid = entry
        # Every learner's notebook repeats the same cell metadata: an instance found valid once is valid.
        try:
            key = json.dumps(instance, sort_keys=True)
        except (TypeError, ValueError):
            key = None
        if key is not None and key in valid:
            return
        error = self._jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error
        if key is not None:
            valid.add(key)


def _init_worker(grading: str, name: str, snapshot: dict) -> None:
    global _WORKER
    import logging
    import warnings

    from nbgrader.converters import Autograde, GenerateFeedback

    from casebook.workshop import gradebook

    import nbgrader.nbgraderformat.common as nbgrader_format

    warnings.filterwarnings("ignore", message=".*not in session.*")
    nbgrader_format.jsonschema = _CachedJsonSchema()  # this worker process only
    os.chdir(grading)
    api = gradebook.nbgrader_api(Path(grading), execute=False)
    config = api.config
    memory = _memory_classes()
    autograde = Autograde(coursedir=api.coursedir, parent=api)
    autograde.force = True
    autograde.exporter = autograde.exporter_class(parent=autograde, config=autograde.config)
    feedback = GenerateFeedback(coursedir=api.coursedir, parent=api)
    feedback.force = True
    feedback.exporter = feedback.exporter_class(parent=feedback, config=feedback.config)
    # nbgrader's own log lines (one per cell) are the bulk of its output: keep warnings only.
    for converter in (autograde, feedback):
        converter.log.setLevel(logging.WARNING)

    def instances(classes, exporter):
        return [cls(parent=exporter) for cls in _plan(classes, config, memory)]

    _WORKER = _WorkerState(
        grading=Path(grading), name=name, coursedir=api.coursedir, autograde=autograde, feedback=feedback,
        sanitize_pps=instances(autograde.sanitize_preprocessors, autograde.exporter),
        autograde_pps=instances(autograde.autograde_preprocessors, autograde.exporter),
        # GenerateFeedback appends to the exporter's own preprocessors (HTMLExporter's CSS header);
        # Autograde replaces them (Autograde._init_preprocessors).
        feedback_pps=_memo_css_header(list(feedback.exporter._preprocessors)
                                      + instances(feedback.preprocessors, feedback.exporter)),
        snapshot=snapshot)
    _memo_markdown(feedback.exporter)
    _memo_typography()
    # The templates do not change during a grading: no file-system check on every include.
    feedback.exporter.environment.auto_reload = False


def _memo_typography() -> None:
    """French typography of the feedback text (pure functions of a string), remembered in this worker.

    ``ScoreRecordedAnswers`` renders each case's feedback through ``casebook.render``, which applies
    ``french_html`` to every fragment; the same prompts and explanations come back for every learner.
    """
    from functools import lru_cache

    from casebook.learner import render
    from casebook.text import typography

    if not hasattr(typography.french_typography, "cache_info"):
        typography.french_typography = lru_cache(maxsize=1 << 16)(typography.french_typography)
        render.french_html = lru_cache(maxsize=1 << 14)(typography.french_html)


def _resources(coursedir, student: str, name: str, notebook_id: str) -> dict:
    return {"unique_key": notebook_id, "output_files_dir": f"{notebook_id}_files",
            "nbgrader": {"student": student, "assignment": name, "notebook": notebook_id,
                         "db_url": coursedir.db_url}}


def _copy_other_files(source: Path, dest: Path, ignore: list[str]) -> None:
    """nbgrader's ``init_assignment``: copy every non-notebook file, keeping the layout."""
    from nbgrader.utils import find_all_files

    for filename in find_all_files(str(source), ignore + ["*.ipynb"]):
        target = dest / os.path.relpath(filename, source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        shutil.copy(filename, target)


def _set_permissions(folder: Path, permissions: int) -> None:
    mode = int(str(permissions), 8)
    for dirname, _, filenames in os.walk(folder):
        for filename in filenames:
            os.chmod(os.path.join(dirname, filename), mode)


# What nbconvert's exporters do around the preprocessors, minus the repeated work. nbgrader's
# ``Exporter.from_filename`` reads the notebook with ``nbformat.read`` (parse, normalize, validate
# against the schema), deep-copies it, validates it again after *each* preprocessor, and
# ``nbformat.writes`` validates once more; ``HTMLExporter`` then re-parses its whole output with
# BeautifulSoup. Here the notebook is parsed and normalized exactly as ``nbformat.read`` does, the
# same preprocessor instances run in the same order on the same resources, and the text is written
# by the same nbformat writer; the schema checks are left out: the submission gate has validated the
# submitted notebook with nbformat, and the preprocessors are nbgrader's and the course's own
# (tests/test_bulk_grading.py compares the files with a plain nbgrader run).

def _read_notebook(text: str):
    """``nbformat.reads(text, as_version=4)`` without the schema check (same parse, same normalization)."""
    import nbformat
    from nbformat.validator import _normalize

    nb = nbformat.convert(nbformat.reader.reads(text), 4)
    _normalize(nb, nb.nbformat, nb.nbformat_minor, True, relax_add_props=False, strip_invalid_metadata=False)
    return nb


def _write_notebook(nb) -> str:
    """``NotebookExporter`` output: ``nbformat.writes(nb, version=4)`` without the schema check.

    nbformat's writer deep-copies the notebook first (so as not to change it in memory): the
    notebook is not used again here, so it is written in place.
    """
    from nbformat.v4.nbjson import BytesEncoder
    from nbformat.v4.rwbase import split_lines, strip_transient

    nb = strip_transient(split_lines(nb))
    output = json.dumps(nb, cls=BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)
    return output if output.endswith("\n") else output + "\n"


def _file_resources(resources: dict, path: Path, text_mtime: float | None = None) -> dict:
    """The metadata ``Exporter.from_filename`` adds (name, folder, modification date)."""
    import datetime

    from nbconvert.exporters.exporter import ResourcesDict

    resources = dict(resources)
    resources["metadata"] = ResourcesDict()
    resources["metadata"]["name"] = path.stem
    resources["metadata"]["path"] = str(path.parent)
    mtime = text_mtime if text_mtime is not None else os.path.getmtime(path)
    resources["metadata"]["modified_date"] = datetime.datetime.fromtimestamp(
        mtime, tz=datetime.timezone.utc).strftime("%B %-d, %Y")
    return resources


def _preprocess(exporter, preprocessors, nb, resources: dict):
    """``Exporter.from_notebook_node`` (without the deep copy and the per-step schema checks)."""
    resources = exporter._init_resources(resources)
    if "language" in nb["metadata"]:
        resources["language"] = nb["metadata"]["language"].lower()
    for preprocessor in preprocessors:
        nb, resources = preprocessor(nb, resources)
    name = resources.get("metadata", {}).get("name", "")
    path = resources.get("metadata", {}).get("path", "")
    exporter._nb_metadata[os.path.join(path, name)] = nb.metadata
    return nb, resources


def _convert(exporter, preprocessors, nb, resources: dict) -> str:
    """One nbgrader pass (sanitize or autograde) of ``NotebookExporter``: the notebook's new text."""
    nb, resources = _preprocess(exporter, preprocessors, nb, resources)
    return _write_notebook(nb)


def _render_html(exporter, preprocessors, nb, resources: dict) -> str:
    """``HTMLExporter.from_notebook_node``: one render of the same template with the same filters.

    Left out: the final BeautifulSoup round trip, which re-serializes the whole page (it
    normalizes markup such as ``<meta ... />`` → ``<meta .../>``) and adds ``alt`` to images that
    have none (there are none in a workshop's feedback: checked by the tests, which compare the
    page, once through the same BeautifulSoup call, byte for byte with nbgrader's).
    """
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    langinfo = nb.metadata.get("language_info", {})
    lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
    highlight = exporter.filters.get("highlight_code") or _memo_highlighter(exporter, lexer)
    resources = exporter._init_resources(resources)
    data_type = WidgetsDataTypeFilter(notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources)
    exporter.register_filter("highlight_code", highlight)
    exporter.register_filter("filter_data_type", data_type)
    nb, resources = _preprocess(exporter, preprocessors, nb, resources)
    resources.setdefault("raw_mimetypes", exporter.raw_mimetypes)
    resources.setdefault("output_mimetype", exporter.output_mimetype)
    resources["global_content_filter"] = {
        "include_code": not exporter.exclude_code_cell,
        "include_markdown": not exporter.exclude_markdown,
        "include_raw": not exporter.exclude_raw,
        "include_unknown": not exporter.exclude_unknown,
        "include_input": not exporter.exclude_input,
        "include_output": not exporter.exclude_output,
        "include_output_stdin": not exporter.exclude_output_stdin,
        "include_input_prompt": not exporter.exclude_input_prompt,
        "include_output_prompt": not exporter.exclude_output_prompt,
        "no_prompt": exporter.exclude_input_prompt and exporter.exclude_output_prompt,
    }
    return exporter.template.render(nb=nb, resources=resources).lstrip("\r\n")


_HIGHLIGHTERS: dict = {}


def _memo_highlighter(exporter, lexer):
    """nbconvert's ``Highlight2HTML`` for this lexer, remembering each (source, language, magics language).

    Highlighting is a pure function of the source and the language; the cell metadata only counts
    through its ``magics_language`` (nbconvert's ``_pygments_highlight``). Every learner's notebook
    repeats the same locked cells, so each distinct cell is highlighted once per worker.
    """
    highlighter = _HIGHLIGHTERS.get(lexer)
    if highlighter is None:
        from nbconvert.filters.highlight import Highlight2HTML

        plain = Highlight2HTML(pygments_lexer=lexer, parent=exporter)
        cache: dict = {}

        def highlighter(source, language=None, metadata=None):
            key = (source, language, metadata.get("magics_language") if metadata else None)
            if key not in cache:
                cache[key] = plain(source, language=language, metadata=metadata)
            return cache[key]

        _HIGHLIGHTERS[lexer] = highlighter
    return highlighter


def _memo_markdown(exporter) -> None:
    """``HTMLExporter.markdown2html``, remembered by (source, attachments[, folder when images are embedded])."""
    import jinja2

    plain = exporter.environment.filters["markdown2html"]
    cache: dict = {}

    @jinja2.pass_context
    def markdown2html(context, source):
        cell = context.get("cell", {})
        attachments = cell.get("attachments", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "") if exporter.embed_images else ""
        key = (source, json.dumps(attachments, sort_keys=True) if attachments else "", path)
        if key not in cache:
            cache[key] = plain(context, source)
        return cache[key]

    exporter.environment.filters["markdown2html"] = markdown2html


def _memo_css_header(preprocessors: list) -> list:
    """nbconvert's ``CSSHTMLHeaderPreprocessor`` computes the same CSS for every page: once per worker."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

    for preprocessor in preprocessors:
        if type(preprocessor) is CSSHTMLHeaderPreprocessor:
            plain = preprocessor._generate_header
            cache: dict = {}

            def generate(resources, plain=plain, cache=cache):
                key = resources["config_dir"]
                if key not in cache:
                    cache[key] = plain(resources)
                return list(cache[key])

            preprocessor._generate_header = generate
    return preprocessors


def _grade_one(student: str) -> dict:
    """Autograde one submission as nbgrader would (without the kernel); return its records."""
    worker = _WORKER
    coursedir = worker.coursedir
    name = worker.name
    source = Path(coursedir.format_path(coursedir.submitted_directory, student, name))
    dest = Path(coursedir.format_path(coursedir.autograded_directory, student, name))
    try:
        notebooks = sorted(source.glob("*.ipynb"))
        known = set(worker.snapshot["notebooks"])
        if sorted(p.stem for p in notebooks if p.stem in known) != sorted(known):
            return {"student": student, "fallback": M.BULK_NOTEBOOK_UNEXPECTED}
        timestamp = coursedir.get_existing_timestamp(str(source))
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        _copy_other_files(source, dest, list(coursedir.ignore))
        master = Path(coursedir.format_path(coursedir.source_directory, ".", name))
        _copy_other_files(master, dest, list(coursedir.ignore))
        grades, comments = {}, {}
        for path in notebooks:
            if path.stem not in known:
                continue
            worker.gradebook = _SnapshotGradebook(worker.snapshot)
            exporter = worker.autograde.exporter
            text = path.read_text(encoding="utf-8")
            sanitized, _ = _preprocess(exporter, worker.sanitize_pps, _read_notebook(text),
                                       _file_resources(_resources(coursedir, student, name, path.stem), path))
            target = dest / f"{path.stem}{exporter.file_extension}"
            from nbformat.v4.rwbase import strip_transient
            from nbgrader.utils import setenv

            # nbgrader writes the sanitized notebook, then reads it back for the autograde pass: for a
            # notebook whose texts are strings (as nbformat reads them) that round trip only strips the
            # transient metadata.
            with setenv(NBGRADER_EXECUTION="autograde"):
                graded = _convert(exporter, worker.autograde_pps, strip_transient(sanitized),
                                  _file_resources(_resources(coursedir, student, name, path.stem), target,
                                                  time.time()))
            target.write_text(graded, encoding="utf-8")
            grades[path.stem] = {k: v.auto_score for k, v in worker.gradebook.grades.items()}
            comments[path.stem] = {k: v.auto_comment for k, v in worker.gradebook.comments.items()}
        _set_permissions(dest, worker.autograde.permissions)
        return {"student": student, "timestamp": timestamp.isoformat() if timestamp else None,
                "grades": grades, "comments": comments}
    except Exception as exc:  # anything unexpected: nbgrader itself will grade (and explain) it
        if dest.exists():
            shutil.rmtree(dest, ignore_errors=True)
        return {"student": student, "fallback": f"{type(exc).__name__}: {exc}"}


def _feedback_one(item: tuple[str, dict]) -> tuple[str, str | None]:
    """Render one learner's feedback HTML with the worker's exporter."""
    from casebook.workshop.gradebook import EXTERNAL_SCRIPT

    student, values = item
    worker = _WORKER
    coursedir = worker.coursedir
    source = Path(coursedir.format_path(coursedir.autograded_directory, student, worker.name))
    dest = Path(coursedir.format_path(coursedir.feedback_directory, student, worker.name))
    try:
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        _copy_other_files(source, dest, list(coursedir.ignore))
        exporter = worker.feedback.exporter
        for notebook_id, notebook_values in values.items():
            resources = _resources(coursedir, student, worker.name, notebook_id)
            resources["casebook_grades"] = notebook_values
            path = source / f"{notebook_id}.ipynb"
            html = _render_html(exporter, worker.feedback_pps, _read_notebook(path.read_text(encoding="utf-8")),
                                _file_resources(resources, path))
            html = EXTERNAL_SCRIPT.sub("", html)
            (dest / f"{notebook_id}{exporter.file_extension}").write_text(html, encoding="utf-8")
        _set_permissions(dest, worker.feedback.permissions)
        return student, None
    except Exception as exc:
        return student, f"{type(exc).__name__}: {exc}"


# --- what changed since the last bulk grading -----------------------------------------------

def _digest_folder(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _inputs_digest(ctx, db_url: str, snapshot: dict) -> str:
    """Everything besides the submission that a grade depends on."""
    from casebook.workshop.opaque import SECRET_FILE

    digest = hashlib.sha256(json.dumps([FORMAT, db_url, snapshot], sort_keys=True, default=str).encode())
    for case_id in ctx.workshop.cases:
        digest.update(ctx.project.case_paths[case_id].read_bytes())
    for extra in (ctx.grading / "nbgrader_config.py", ctx.grading / SECRET_FILE,
                  ctx.folder("source") / f"{ctx.name}.ipynb"):
        if extra.is_file():
            digest.update(extra.read_bytes())
    return digest.hexdigest()


def _state_path(ctx) -> Path:
    return ctx.grading / STATE_DIR / f"bulk-{ctx.name}.json"


def _read_state(ctx) -> dict:
    try:
        return json.loads(_state_path(ctx).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(ctx, state: dict) -> None:
    path = _state_path(ctx)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


# --- gradebook writes (parent process) ------------------------------------------------------

class _Writer:
    """Writes workers' records through nbgrader's models, one transaction per batch."""

    def __init__(self, gb, name: str, config):
        from nbgrader.api import Student, SubmittedAssignment
        from nbgrader.preprocessors import AssignLatePenalties
        from sqlalchemy.orm import selectinload

        from nbgrader.api import SubmittedNotebook

        self.gb = gb
        self.db = gb.db
        self.assignment = gb.find_assignment(name)
        self.notebook_names = {nb.id: nb.name for nb in self.assignment.notebooks}
        self.cell_names = {cell.id: cell.name for nb in self.assignment.notebooks
                           for cell in list(nb.grade_cells) + list(nb.solution_cells) + list(nb.task_cells)}
        self.students = {s.id: s for s in self.db.query(Student)}
        query = (self.db.query(SubmittedAssignment)
                 .filter(SubmittedAssignment.assignment_id == self.assignment.id)
                 .options(selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades),
                          selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments)))
        self.submissions = {s.student_id: s for s in query}
        self.late = AssignLatePenalties(config=config)
        self.late.init_plugin()

    def _submission(self, student_id: str):
        from nbgrader.api import Comment, Grade, Student, SubmittedAssignment, SubmittedNotebook

        student = self.students.get(student_id)
        if student is None and student_id in self.students:  # inserted in bulk by this writer
            student = self.students[student_id] = self.db.get(Student, student_id)
        if student is None:  # Autograde.create_student: a student with no name or email
            student = self.students[student_id] = Student(id=student_id)
            self.db.add(student)
        submission = self.submissions.get(student_id)
        if submission is None:  # Gradebook.add_submission, without its per-submission commit
            submission = SubmittedAssignment(assignment=self.assignment, student=student)
            for notebook in self.assignment.notebooks:
                nb = SubmittedNotebook(notebook=notebook, assignment=submission)
                for cell in notebook.grade_cells:
                    Grade(cell_id=cell.id, notebook=nb)
                for cell in notebook.solution_cells:
                    Comment(cell_id=cell.id, notebook=nb)
                for cell in notebook.task_cells:
                    Comment(cell_id=cell.id, notebook=nb)
                    Grade(cell_id=cell.id, notebook=nb)
            self.db.add(submission)
            self.submissions[student_id] = submission
        return submission

    def add_students(self, student_ids: list[str]) -> None:
        """``Autograde.create_student`` for the learners not in the gradebook yet (no name, no e-mail),
        inserted in the order given: nbgrader lists students by name, so learners with no name come
        out in the order they were added (the plain path adds them in learner order, one by one)."""
        from nbgrader.api import Student

        rows = [{"id": s, "first_name": None, "last_name": None, "email": None, "lms_user_id": None}
                for s in student_ids if s not in self.students]
        for row in rows:  # one row per statement: the insertion order is the row order
            self.db.execute(Student.__table__.insert(), row)
        self.db.commit()
        for row in rows:
            self.students[row["id"]] = None

    def _is_new_and_on_time(self, result: dict) -> bool:
        if result["student"] in self.submissions:
            return False
        if not result["timestamp"] or self.assignment.duedate is None:
            return True
        from nbgrader.utils import parse_utc

        return parse_utc(result["timestamp"]) <= self.assignment.duedate

    def _insert_new(self, results: list[dict]) -> None:
        """First grading of on-time submissions: the rows ``Gradebook.add_submission`` and
        ``SaveAutoGrades`` create, inserted with one statement per table (no late penalty to compute)."""
        from nbgrader.api import Comment, Grade, Student, SubmittedAssignment, SubmittedNotebook, new_uuid
        from nbgrader.utils import parse_utc

        students, submissions, notebooks, grades, comments = [], [], [], [], []
        for result in results:
            student_id = result["student"]
            if student_id not in self.students:  # Autograde.create_student: no name, no e-mail
                students.append({"id": student_id, "first_name": None, "last_name": None, "email": None,
                                 "lms_user_id": None})
            submission_id = new_uuid()
            submissions.append({"id": submission_id, "assignment_id": self.assignment.id, "student_id": student_id,
                                "timestamp": parse_utc(result["timestamp"]) if result["timestamp"] else None,
                                "extension": None})
            for notebook in self.assignment.notebooks:
                nb_id = new_uuid()
                notebooks.append({"id": nb_id, "assignment_id": submission_id, "notebook_id": notebook.id,
                                  "flagged": False, "late_submission_penalty": None})
                scores = result["grades"].get(notebook.name, {})
                texts = result["comments"].get(notebook.name, {})
                for cell in list(notebook.grade_cells) + list(notebook.task_cells):
                    auto = scores.get(cell.name)  # SaveAutoGrades._add_score (absent: never graded)
                    grades.append({"id": new_uuid(), "notebook_id": nb_id, "cell_id": cell.id, "auto_score": auto,
                                   "manual_score": None, "extra_credit": None, "needs_manual_grade": auto is None})
                for cell in list(notebook.solution_cells) + list(notebook.task_cells):
                    comments.append({"id": new_uuid(), "notebook_id": nb_id, "cell_id": cell.id,
                                     "auto_comment": texts.get(cell.name), "manual_comment": None})
        for model, rows in ((Student, students), (SubmittedAssignment, submissions),
                            (SubmittedNotebook, notebooks), (Grade, grades), (Comment, comments)):
            if rows:
                self.db.execute(model.__table__.insert(), rows)
        for row in students:
            self.students[row["id"]] = None  # known from now on (the ORM object is not needed)

    def write(self, results: list[dict]) -> None:
        from nbgrader.utils import parse_utc

        try:
            fresh = [r for r in results if self._is_new_and_on_time(r)]
            if fresh:
                self._insert_new(fresh)
                done = {r["student"] for r in fresh}
                results = [r for r in results if r["student"] not in done]
            touched = []
            for result in results:
                submission = self._submission(result["student"])
                if result["timestamp"]:
                    submission.timestamp = parse_utc(result["timestamp"])
                by_name = {self.notebook_names[nb.notebook_id or nb.notebook.id]: nb for nb in submission.notebooks}
                for notebook_id, grades in result["grades"].items():
                    nb = by_name[notebook_id]
                    for grade in nb.grades:
                        cell = self.cell_names[grade.cell_id]
                        if cell in grades:  # SaveAutoGrades._add_score
                            grade.auto_score = grades[cell]
                            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                    comments = result["comments"][notebook_id]
                    for comment in nb.comments:
                        cell = self.cell_names[comment.cell_id]
                        if cell in comments:  # SaveAutoGrades._add_comment
                            comment.auto_comment = comments[cell]
                    touched.append((submission, nb))
            self.db.flush()
            for submission, nb in touched:  # AssignLatePenalties, with the configured plugin
                nb.late_submission_penalty = None
                seconds = submission.total_seconds_late
                if seconds > 0:
                    self.db.flush()
                    self.db.refresh(nb)
                    penalty = self.late.plugin_inst.late_submission_penalty(
                        submission.student_id, nb.score, seconds)
                    if penalty is not None:
                        nb.late_submission_penalty = self.late._check_late_penalty(nb, penalty)
            self.db.commit()
        except Exception:
            self.db.rollback()
            raise

    def feedback_values(self, students: list[str]) -> dict[str, dict]:
        """What GetGrades reads, for every learner at once: per-cell score and comment, totals."""
        from nbgrader.api import BaseCell, Comment, Grade, SubmittedAssignment, SubmittedNotebook

        self.db.expire_all()
        wanted = set(students)
        values: dict[str, dict] = {s: {} for s in students}
        by_id: dict[str, dict] = {}
        notebooks = (self.db.query(SubmittedNotebook.id, SubmittedNotebook.notebook_id, SubmittedAssignment.student_id,
                                   SubmittedNotebook.score, SubmittedNotebook.max_score,
                                   SubmittedNotebook.late_submission_penalty)
                     .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                     .filter(SubmittedAssignment.assignment_id == self.assignment.id))
        for nb_id, notebook_id, student, score_, max_score, penalty in notebooks:
            if student in wanted:
                entry = {"score": float(score_ or 0), "max_score": float(max_score or 0),
                         "late_penalty": float(penalty or 0), "grades": {}, "comments": {}}
                values[student][self.notebook_names[notebook_id]] = entry
                by_id[nb_id] = entry
        for model, columns, key in ((Grade, (Grade.score, Grade.max_score, Grade.manual_score, Grade.auto_score),
                                     "grades"),
                                    (Comment, (Comment.comment,), "comments")):
            rows = (self.db.query(model.notebook_id, BaseCell.name, *columns)
                    .join(BaseCell, BaseCell.id == model.cell_id)
                    .join(SubmittedNotebook, SubmittedNotebook.id == model.notebook_id)
                    .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                    .filter(SubmittedAssignment.assignment_id == self.assignment.id))
            for notebook_id, cell, *rest in rows:
                entry = by_id.get(notebook_id)
                if entry is not None:
                    entry[key][cell] = ((float(rest[0]), float(rest[1]), rest[2] is None and rest[3] is None)
                                        if key == "grades" else rest[0])
        return values


# --- entry point ----------------------------------------------------------------------------

@dataclass
class BulkReport:
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)
    """Submissions left to the nbgrader path (and why)."""
    reasons: dict[str, str] = field(default_factory=dict)


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=M.PROGRESS_UNIT, file=sys.stderr,
                disable=os.environ.get("CASEBOOK_NO_PROGRESS") == "1")


def grade_submissions(ctx, students: list[str], workers: int | None = None,
                      force: bool = False) -> BulkReport:
    """Autograde and write feedback for ``students``; return who is left for nbgrader."""
    from nbgrader.api import Gradebook

    from casebook.workshop import gradebook

    import warnings

    # nbgrader 0.9 with SQLAlchemy 2: harmless "not in session" warnings while a submission's rows are built.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    report = BulkReport()
    config = gradebook.nbgrader_config(ctx.grading, execute=False, late_penalty=ctx.workshop.late_penalty)
    why = supported(config)
    if why:
        report.left = list(students)
        report.reasons = {s: why for s in students}
        return report
    api = gradebook.nbgrader_api(ctx.grading, execute=False)
    db_url, course_id = api.coursedir.db_url, api.coursedir.course_id
    with Gradebook(db_url, course_id) as gb:
        snapshot = _snapshot(gb, ctx.name)
        writer = _Writer(gb, ctx.name, config)
        inputs = _inputs_digest(ctx, db_url, snapshot)
        writer.add_students(sorted(students))
        state = _read_state(ctx)
        previous = state.get("students", {}) if state.get("inputs") == inputs else {}
        fingerprints = {}
        todo = []
        from casebook.workshop.gate import read_gate_report

        gate = read_gate_report(ctx.grading, ctx.name)  # the feedback says why an answers file was set aside
        for student in students:
            folder = ctx.path("submitted", student)
            fingerprints[student] = _digest_folder(folder) + ":" + hashlib.sha256(
                str(gate.get(student, {}).get("answers_reason")).encode()).hexdigest()[:16]
            done = (not force and previous.get(student) == fingerprints[student]
                    and student in writer.submissions
                    and ctx.path("autograded", student).is_dir()
                    and ctx.path("feedback", student).is_dir())
            (report.skipped if done else todo).append(student)
        # Forget the fingerprints of what is about to be regraded: an interrupted run redoes them.
        kept = {s: fp for s, fp in previous.items() if s in report.skipped or s not in students}
        _write_state(ctx, {"inputs": inputs, "students": kept})
        if not todo:
            report.graded = []
            return report
        count = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        context = multiprocessing.get_context("fork")
        with context.Pool(count, initializer=_init_worker, initargs=(str(ctx.grading), ctx.name, snapshot)) as pool:
            batch: list[dict] = []
            with _progress(len(todo), M.PROGRESS_BULK_AUTOGRADE) as bar:
                for result in pool.imap_unordered(_grade_one, todo, chunksize=4):
                    bar.update()
                    if "fallback" in result:
                        report.left.append(result["student"])
                        report.reasons[result["student"]] = result["fallback"]
                        continue
                    batch.append(result)
                    if len(batch) >= BATCH:
                        writer.write(batch)
                        report.graded.extend(r["student"] for r in batch)
                        batch = []
                if batch:
                    writer.write(batch)
                    report.graded.extend(r["student"] for r in batch)
            values = writer.feedback_values(report.graded)
            with _progress(len(report.graded), M.PROGRESS_BULK_FEEDBACK) as bar:
                for student, problem in pool.imap_unordered(_feedback_one, sorted(values.items()), chunksize=4):
                    bar.update()
                    if problem:
                        report.failed[student] = M.FEEDBACK_NOT_GENERATED.format(reason=problem)
    kept.update({s: fingerprints[s] for s in report.graded if s not in report.failed})
    _write_state(ctx, {"inputs": inputs, "students": kept})
    report.graded.sort()
    report.left.sort()
    return report


def grade_hook(ctx, todo: list[str], report, workers: int | None, execute: bool) -> tuple[list[str], list[str]]:
    """Called by ``commands.grade``: bulk-grade what it can (failures into ``report``).

    Returns the submissions left to the nbgrader path, and those graded here. Kernel
    execution (``--executer``) and ``CASEBOOK_BULK=0`` keep the whole class on nbgrader.
    """
    if execute or os.environ.get("CASEBOOK_BULK") == "0":
        return todo, []
    bulk = grade_submissions(ctx, todo, workers)
    report.failed.update(bulk.failed)
    return bulk.left, bulk.graded + bulk.skipped


# --- exports: the same rows as commands.gradebook_rows, read in a few queries -----------------

def gradebook_rows(ctx) -> list:
    """The rows of ``commands.gradebook_rows`` (which delegates here), read with one query per table.

    The row-by-row version lazily loads each submission, notebook and grade (about fifty
    queries per learner); this reads the same values: totals, per-cell scores, pending hand
    grading, lateness and penalty, failures recorded by the last grading.
    """
    from nbgrader.api import BaseCell, Gradebook, Grade, Student, SubmittedAssignment, SubmittedNotebook

    from casebook.workshop import gradebook

    api = gradebook.nbgrader_api(ctx.grading)
    failures = gradebook.read_failures(ctx)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        assignment = gradebook.workshop_assignment(gb, ctx.name)
        db = gb.db
        duedate = assignment.duedate
        submissions = {}
        for student_id, score_, max_score, timestamp, extension, penalty in (
                db.query(SubmittedAssignment.student_id, SubmittedAssignment.score, SubmittedAssignment.max_score,
                         SubmittedAssignment.timestamp, SubmittedAssignment.extension,
                         SubmittedAssignment.late_submission_penalty)
                .filter(SubmittedAssignment.assignment_id == assignment.id)):
            late = 0.0  # SubmittedAssignment.total_seconds_late
            if timestamp is not None and duedate is not None:
                due = duedate + extension if extension is not None else duedate
                late = max(0, (timestamp - due).total_seconds())
            submissions[student_id] = (float(score_), float(max_score), float(late or 0.0), float(penalty or 0.0))
        cells: dict[str, dict] = {}
        pending: dict[str, dict] = {}
        grades = (db.query(SubmittedAssignment.student_id, BaseCell.name, Grade.score, Grade.max_score,
                           Grade.manual_score, Grade.auto_score)
                  .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                  .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
                  .join(BaseCell, BaseCell.id == Grade.cell_id)
                  .filter(SubmittedAssignment.assignment_id == assignment.id))
        for student_id, cell, score_, max_score, manual, auto in grades:
            if manual is None and auto is None:
                pending.setdefault(student_id, {})[cell] = float(max_score)
            cells.setdefault(student_id, {})[cell] = (float(score_ or 0.0), float(max_score))
        rows = []
        known = set()
        for student in db.query(Student):
            known.add(student.id)
            identity = (student.id, student.first_name or "", student.last_name or "", student.email or "",
                        student.lms_user_id or "")
            failure = failures.get(student.id)
            if student.id not in submissions:
                rows.append(gradebook.LearnerGrades(*identity, False, 0.0, assignment.max_score, {},
                                                   failure or M.NO_SUBMISSION))
                continue
            score_, max_score, late, penalty = submissions[student.id]
            if failure:  # a failed re-run must not keep an older grade
                rows.append(gradebook.LearnerGrades(*identity, True, 0.0, max_score, {}, failure))
                continue
            rows.append(gradebook.LearnerGrades(*identity, True, score_, max_score, cells.get(student.id, {}), None,
                                               pending.get(student.id, {}), late, penalty))
        for student, reason in failures.items():
            if student not in known:
                rows.append(gradebook.LearnerGrades(student, "", "", "", "", True, 0.0, assignment.max_score, {},
                                                   reason))
    return sorted(rows, key=lambda r: r.student_id)


def profile_worker(ctx, students: list[str]) -> None:
    """A worker's whole job in this process (for ``bench/profile_grading.py``): grade, then feedback."""
    from nbgrader.api import Gradebook

    from casebook.workshop import gradebook

    api = gradebook.nbgrader_api(ctx.grading, execute=False)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        snapshot = _snapshot(gb, ctx.name)
        writer = _Writer(gb, ctx.name, gradebook.nbgrader_config(ctx.grading, execute=False, late_penalty=ctx.workshop.late_penalty))
        _init_worker(str(ctx.grading), ctx.name, snapshot)
        results = [_grade_one(s) for s in students]
        left = {r["student"]: r["fallback"] for r in results if "fallback" in r}
        if left:
            raise RuntimeError(f"left to nbgrader: {left}")
        writer.write(results)
        for item in sorted(writer.feedback_values(students).items()):
            student, problem = _feedback_one(item)
            if problem:
                raise RuntimeError(f"feedback {student}: {problem}")


def nbgrader_csv(ctx, path: Path) -> None:
    """The file ``nbgrader export --to path --assignment <name>`` writes (its ``CsvExportPlugin``).

    Same rows, same order (nbgrader's own ``Gradebook.students`` query), same text; the
    submissions are read in one query instead of one lookup (and its lazy loads) per learner.
    """
    from nbgrader.api import Gradebook, SubmittedAssignment

    from casebook.workshop import gradebook

    api = gradebook.nbgrader_api(ctx.grading)
    keys = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "raw_score",
            "late_submission_penalty", "score", "max_score"]
    fmt = ",".join("{" + key + "}" for key in keys) + "\n"
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb, open(path, "w") as handle:
        handle.write(",".join(keys) + "\n")
        for assignment in gb.assignments:
            if assignment.name != ctx.name:
                continue
            submitted = {student_id: (timestamp, score_, penalty) for student_id, timestamp, score_, penalty in
                         gb.db.query(SubmittedAssignment.student_id, SubmittedAssignment.timestamp,
                                     SubmittedAssignment.score, SubmittedAssignment.late_submission_penalty)
                         .filter(SubmittedAssignment.assignment_id == assignment.id)}
            for student in gb.students:
                row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
                       "last_name": student.last_name, "first_name": student.first_name, "email": student.email,
                       "max_score": assignment.max_score}
                if student.id not in submitted:
                    row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
                else:
                    timestamp, score_, penalty = submitted[student.id]
                    row.update(timestamp=timestamp, raw_score=score_, late_submission_penalty=penalty,
                               score=max(0.0, score_ - penalty))
                handle.write(fmt.format(**{k: "" if v is None else v if isinstance(v, str) else str(v)
                                           for k, v in row.items()}))
