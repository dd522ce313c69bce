"""The submission gate: what a learner hands in is checked before nbgrader sees it.

A submission may contain only these regular files (never links, pipes, devices
or folders), each under its size limit:

==========================  ==========================================  =========
file                        why                                         limit
==========================  ==========================================  =========
``<atelier>.ipynb``         the workshop notebook (justifications)      2 Mo
``reponses-atelier.json``   the recorded answers (the grade)            256 Ko
``atelier-cas.json``        the released key-free view, handed back     2 Mo
``timestamp.txt``           written by ``nbgrader submit``              1 Ko
``submission_secret.txt``   written by ``nbgrader submit`` (feedback)   1 Ko
==========================  ==========================================  =========

Everything else is moved aside into ``grading/quarantaine/<atelier>/…`` (moved,
never followed, never copied, never deleted) and listed in the instructor's
report ``exports/<atelier>-controle.json``; it never reaches ``autograded/`` or
``feedback/``. Learner ids must match :data:`LEARNER_ID_RE` (no glob characters,
no path parts): other folders are moved to quarantine as a whole.

:class:`GatedCollect` replaces nbgrader's ``collect`` (``ExchangeFactory.collect``
in ``grading/nbgrader_config.py``), so the exchange is read the same way: a link
placed in an inbound folder is never followed by the instructor's account.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from casebook.workshop import messages as M
from casebook.workshop.answers import (
    ANSWERS_FILE,
    MAX_ANSWERS_BYTES,
    VIEW_FILE,
    UnsafeFile,
    read_regular_file,
)
from casebook.workshop.gradebook import step_root

LEARNER_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
MAX_NOTEBOOK_BYTES = 2 * 1024 * 1024
MAX_SMALL_BYTES = 1024
TIMESTAMP_FILE = "timestamp.txt"
SECRET_FILE = "submission_secret.txt"
QUARANTINE = "quarantaine"
EXPORTS = "exports"
SILENT = {".ipynb_checkpoints", "__pycache__", ".casebook"}
"""Folders a normal session leaves behind: set aside like the rest, but not worth a note to the learner."""


def allowed_files(workshop: str) -> dict[str, int]:
    """File name → size limit in bytes, for a submission of ``workshop``."""
    return {
        f"{workshop}.ipynb": MAX_NOTEBOOK_BYTES,
        ANSWERS_FILE: MAX_ANSWERS_BYTES,
        VIEW_FILE: MAX_NOTEBOOK_BYTES,
        TIMESTAMP_FILE: MAX_SMALL_BYTES,
        SECRET_FILE: MAX_SMALL_BYTES,
    }


def learner_id_problem(student: str) -> str | None:
    """Why ``student`` cannot be a learner id (French), or None."""
    if LEARNER_ID_RE.match(student):
        return None
    return M.LEARNER_ID_REFUSED


def parse_timestamp(text: str):
    """nbgrader's timestamp parser, or None when the text is not a date."""
    from nbgrader.utils import parse_utc

    text = text.strip()
    if not text:
        return None
    try:
        return parse_utc(text)
    except (ValueError, OverflowError, TypeError):
        return None


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return M.KIND_SYMLINK
    if stat.S_ISDIR(mode):
        return M.KIND_FOLDER
    if stat.S_ISFIFO(mode):
        return M.KIND_FIFO
    if stat.S_ISSOCK(mode):
        return M.KIND_SOCKET
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return M.KIND_DEVICE
    return M.KIND_FILE


@dataclass
class Refused:
    name: str
    kind: str
    reason: str
    size: int | None = None
    link_target: str | None = None
    """What a link pointed to (read with readlink, never followed)."""


@dataclass
class GateResult:
    """What the gate decided for one learner's submission."""

    student: str
    gradable: bool
    reason: str | None = None
    """Why the submission earns 0 without being graded (French), when not gradable."""
    answers_reason: str | None = None
    """Why the answers file was set aside, when it was (the learner's feedback says so)."""
    notes: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    quarantine: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _describe(path: Path, info: os.stat_result, reason: str) -> Refused:
    target = None
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
    size = info.st_size if stat.S_ISREG(info.st_mode) else None
    return Refused(path.name, _kind(info.st_mode), reason, size, target)


class Gate:
    """Checks every submission of one workshop in the grading folder's ``submitted`` step (nbgrader's name for it)."""

    def __init__(self, grading: Path, workshop: str):
        self.grading = Path(grading)
        self.workshop = workshop
        self.submitted = step_root(self.grading, "submitted")
        self.stamp = time.strftime("%Y%m%d-%H%M%S")

    def _quarantine_dir(self, student: str) -> Path:
        safe = student if learner_id_problem(student) is None else \
            "identifiant-refuse-" + hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        base = self.grading / QUARANTINE / self.workshop / safe / self.stamp
        folder, counter = base, 1
        while folder.exists():
            folder = base.with_name(f"{self.stamp}-{counter}")
            counter += 1
        return folder

    def _move(self, path: Path, student: str, result: GateResult) -> None:
        """Move ``path`` (a file, a folder or a link, never followed) into the learner's quarantine."""
        if result.quarantine is None:
            result.quarantine = str(self._quarantine_dir(student))
        target = Path(result.quarantine)
        target.mkdir(parents=True, exist_ok=True)
        os.rename(path, target / path.name)

    def learners(self) -> list[str]:
        """Every folder name under ``submitted/`` that holds (or pretends to hold) this workshop."""
        if not self.submitted.is_dir():
            return []
        names = []
        for entry in os.scandir(self.submitted):
            if entry.is_symlink():
                names.append(entry.name)
            elif entry.is_dir(follow_symlinks=False) and os.path.lexists(os.path.join(entry.path, self.workshop)):
                names.append(entry.name)
        return sorted(names)

    def check(self, student: str) -> GateResult:
        result = GateResult(student, gradable=False)
        learner = self.submitted / student
        problem = learner_id_problem(student)
        info = os.lstat(learner)
        if problem:
            result.reason = problem
            result.refused.append(_describe(learner, info, problem))
            self._move_whole(learner, student, result)
            return result
        if not stat.S_ISDIR(info.st_mode):
            result.reason = M.COPY_FOLDER_REFUSED.format(kind=_kind(info.st_mode))
            result.refused.append(_describe(learner, info, result.reason))
            self._move_whole(learner, student, result)
            return result
        folder = learner / self.workshop
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            result.reason = M.COPY_FOLDER_REFUSED.format(kind=_kind(info.st_mode))
            result.refused.append(_describe(folder, info, result.reason))
            self._move(folder, student, result)
            return result
        limits = allowed_files(self.workshop)
        notebook = f"{self.workshop}.ipynb"
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            info = entry.stat(follow_symlinks=False)
            reason, _data, note = screen_file(folder, entry.name, limits)
            if note:
                result.notes.append(note)
            if reason is None:
                continue
            result.refused.append(_describe(path, info, reason))
            if entry.name == ANSWERS_FILE:
                result.answers_reason = M.ANSWERS_REFUSED.format(reason=reason)
            elif entry.name == notebook:
                result.reason = M.NOTEBOOK_REFUSED.format(reason=reason)
            self._move(path, student, result)
        if result.reason:
            return result
        if not (folder / notebook).exists():
            result.reason = M.NOTEBOOK_MISSING_NAMED.format(notebook=notebook)
            return result
        result.reason = self._notebook_problem(folder, notebook)
        result.gradable = result.reason is None
        return result

    def _move_whole(self, path: Path, student: str, result: GateResult) -> None:
        self._move(path, student, result)

    @staticmethod
    def _notebook_problem(folder: Path, name: str) -> str | None:
        """Why nbgrader could not read the notebook (French), from nbformat's own exception."""
        import nbformat

        try:
            data = read_regular_file(folder, name, MAX_NOTEBOOK_BYTES)
        except UnsafeFile as exc:
            return M.NOTEBOOK_REFUSED.format(reason=exc)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return M.NOTEBOOK_NOT_UTF8
        from casebook.core.answer_file import json_depth_exceeds

        if json_depth_exceeds(text, 64):
            return M.NOTEBOOK_TOO_DEEP
        invalid: dict = {}
        try:
            # nbformat.reads validates the notebook (once; a second validate() gave the same verdict)
            nbformat.reads(text, as_version=4, capture_validation_error=invalid)
        except nbformat.reader.NotJSONError:
            return M.NOTEBOOK_NOT_JSON
        except Exception as exc:  # noqa: BLE001 - nbformat raises many types on malformed notebooks
            return M.NOTEBOOK_UNREADABLE.format(error=type(exc).__name__)
        if "ValidationError" in invalid:
            return M.NOTEBOOK_INVALID
        return None


def run_gate(grading: Path, workshop: str) -> dict[str, GateResult]:
    """Check every submission of ``workshop``; write the instructor's report; return results by learner."""
    gate = Gate(grading, workshop)
    results = {student: gate.check(student) for student in gate.learners()}
    collected = read_collect_report(grading, workshop)
    for student, refused in collected.items():
        result = results.get(student)
        if result is None:
            result = results[student] = GateResult(student, gradable=False,
                                                   reason=refused.get("reason") or M.COPY_REFUSED_AT_COLLECT)
        for item in refused.get("refused", []):
            result.refused.append(Refused(**item))
            if item["name"] == ANSWERS_FILE and not result.answers_reason:
                result.answers_reason = M.ANSWERS_REFUSED.format(reason=item["reason"])
        result.notes.extend(refused.get("notes", []))
    write_gate_report(grading, workshop, results)
    return results


def gate_report_path(grading: Path, workshop: str) -> Path:
    return Path(grading) / EXPORTS / f"{workshop}-controle.json"


def write_gate_report(grading: Path, workshop: str, results: dict[str, GateResult]) -> Path:
    path = gate_report_path(grading, workshop)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {student: r.to_dict() for student, r in sorted(results.items()) if r.refused or r.notes or r.reason}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_gate_report(grading: Path, workshop: str) -> dict[str, dict]:
    path = gate_report_path(grading, workshop)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- the exchange ------------------------------------------------------------------


def collect_report_path(grading: Path, workshop: str) -> Path:
    return Path(grading) / EXPORTS / f"{workshop}-ramassage.json"


def read_collect_report(grading: Path, workshop: str) -> dict[str, dict]:
    try:
        return json.loads(collect_report_path(grading, workshop).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def screen_file(folder: Path, name: str, limits: dict[str, int]) -> tuple[str | None, bytes | None, str | None]:
    """One file of a copy: why it is refused (French) or its bytes, and a note for the learner.

    The one rule for both places a copy is read, the exchange's inbound folder at collect and
    the instructor's ``submitted/`` folder before grading: only the expected names, each read
    with :func:`read_regular_file` (never through a link, never a pipe, size bounded).
    """
    limit = limits.get(name)
    if limit is None:
        reason = M.FILE_NOT_EXPECTED
        return reason, None, None if name in SILENT else M.FILE_SET_ASIDE.format(name=name[:60], reason=reason)
    try:
        data = read_regular_file(folder, name, limit)
    except UnsafeFile as exc:
        return str(exc), None, None
    if name == TIMESTAMP_FILE and parse_timestamp(data.decode("utf-8", "replace")) is None:
        return M.TIMESTAMP_UNREADABLE, None, M.TIMESTAMP_UNREADABLE_NOTE
    return None, data, None


def copy_submission(src: Path, dest: Path, workshop: str) -> dict:
    """Copy an inbound submission folder the safe way; return what was refused.

    Only the allowed names are copied, each read with :func:`read_regular_file`
    (no link followed, no pipe opened for long, size bounded); nothing else is read.
    """
    refused: list[dict] = []
    notes: list[str] = []
    info = os.lstat(src)
    if not stat.S_ISDIR(info.st_mode):
        reason = M.EXCHANGE_FOLDER_REFUSED.format(kind=_kind(info.st_mode))
        return {"reason": reason, "refused": [asdict(_describe(src, info, reason))], "notes": []}
    dest.mkdir(parents=True)
    limits = allowed_files(workshop)
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        path = Path(entry.path)
        entry_info = entry.stat(follow_symlinks=False)
        reason, data, note = screen_file(src, entry.name, limits)
        if note:
            notes.append(note)
        if reason is None:
            (dest / entry.name).write_bytes(data)
            continue
        refused.append(asdict(_describe(path, entry_info, reason)))
    return {"reason": None, "refused": refused, "notes": notes}


def _gated_collect_class():
    from nbgrader.exchange.default.collect import ExchangeCollect, groupby

    class GatedCollect(ExchangeCollect):
        """nbgrader's collect, with every inbound folder read through the gate."""

        def _path_to_record(self, path):
            name = os.path.split(path)[1]
            parts = name.rsplit("+", 3)
            if len(parts) < 3:
                return None
            timestamp = parse_timestamp(parts[2])
            if timestamp is None:
                return None
            return {"username": parts[0], "filename": name, "timestamp": timestamp}

        def init_src(self):
            from nbgrader.api import Gradebook, MissingEntry

            if self.coursedir.course_id == "":
                self.fail("No course id specified. Re-run with --course flag.")
            self.course_path = os.path.join(self.root, self.coursedir.course_id)
            self.inbound_path = os.path.join(self.course_path, "inbound")
            if not os.path.isdir(self.inbound_path):
                self.fail("Course not found: {}".format(self.inbound_path))
            self._refusals: dict[str, dict] = {}
            self._collected: set[str] = set()
            records = []
            wanted = self.coursedir.student_id if self.coursedir.student_id not in ("", "*") else None
            for name in sorted(os.listdir(self.inbound_path)):
                parts = name.rsplit("+", 3)
                if len(parts) < 3 or parts[1] != self.coursedir.assignment_id:
                    continue
                if wanted and parts[0] != wanted:
                    continue
                problem = learner_id_problem(parts[0])
                record = None if problem else self._path_to_record(os.path.join(self.inbound_path, name))
                if record is None:
                    key = M.EXCHANGE_DEPOSIT_KEY.format(name=name[:80])
                    self._refusals[key] = {"reason": problem or M.EXCHANGE_DEPOSIT_NAME_UNREADABLE,
                                           "refused": [], "notes": []}
                    continue
                records.append(record)
            with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
                try:
                    self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
                except MissingEntry:
                    self.duedate = None
            groups = groupby(records, lambda item: item["username"])
            self.src_records = []
            for group in groups.values():
                ordered = self._sort_by_timestamp(group)
                if self.duedate is not None and self.before_duedate:
                    before = [r for r in ordered if r["timestamp"] <= self.duedate]
                    ordered = before or ordered
                self.src_records.append(ordered[0])

        def do_copy(self, src, dest, log=None):
            student = Path(dest).parent.name
            self._collected.add(student)
            outcome = copy_submission(Path(src), Path(dest), self.coursedir.assignment_id)
            if outcome["reason"] or outcome["refused"] or outcome["notes"]:
                self._refusals[student] = outcome
                self.log.warning(M.LOG_REFUSED_AT_COLLECT, student,
                                 ", ".join(r["name"] for r in outcome["refused"]) or outcome["reason"])

        def copy_files(self):
            super().copy_files()
            grading = Path(self.coursedir.root)
            path = collect_report_path(grading, self.coursedir.assignment_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            previous = {student: outcome for student, outcome in
                        read_collect_report(grading, self.coursedir.assignment_id).items()
                        if student not in self._collected and not student.startswith(M.EXCHANGE_DEPOSIT_PREFIX)}
            previous.update(self._refusals)
            path.write_text(json.dumps(previous, ensure_ascii=False, indent=1), encoding="utf-8")

    return GatedCollect


def __getattr__(name):
    # nbgrader is imported only when the collect class is asked for (keeps ``import casebook`` light).
    if name == "GatedCollect":
        return _gated_collect_class()
    raise AttributeError(name)


def remove_outputs(*folders: Path) -> None:
    """Drop a learner's autograded and feedback folders (outputs only, as nbgrader names them) before
    grading again; a link is removed, never followed."""
    for folder in map(Path, folders):
        if os.path.lexists(folder):
            if folder.is_symlink() or not folder.is_dir():
                folder.unlink()
            else:
                shutil.rmtree(folder)
