"""Grading a workshop submission: read the recorded answers, score them with the engine.

This is the one place where a submission's answers become points. It is called
outside any kernel by the nbgrader preprocessor (so nothing a learner runs can
change a grade), by the debrief and the class report, and, for a plain
``nbgrader autograde``, inside the kernel by the graded cells, with the same result.

Reading is bounded, because the file comes from a learner: it must be a regular
file (never a followed link, a pipe or a device), at most
:data:`MAX_ANSWERS_BYTES`, nested at most ``answer_file.MAX_DEPTH`` deep, and read within
:data:`READ_TIMEOUT` seconds. A malformed case costs only that case; a bad
confidence value is dropped (confidence is never part of the grade).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

from casebook.core.answer_file import AnswerFile, OptionIdMapper, parse_answer_file, recorded_id
from casebook.core.load import Project
from casebook.core.scoring import Answers, CaseResult, score
from casebook.workshop import messages as M
from casebook.workshop.opaque import SECRET_FILE, course_secret, to_case_ids

ANSWERS_FILE = "reponses-atelier.json"
VIEW_FILE = "atelier-cas.json"
GRADE_SEPARATOR = "__"
JUSTIFICATION = "justification"
MAX_ANSWERS_BYTES = 256 * 1024
"""A full workshop's answers take a few kilobytes; anything bigger is refused unread."""
READ_TIMEOUT = 5.0
"""Seconds allowed to read one answers file (a slow or stalled file system costs only its learner)."""


def grade_id(case_id: str, principle: str) -> str:
    return f"{case_id}{GRADE_SEPARATOR}{principle}"


def parse_grade_id(value: str) -> tuple[str, str] | None:
    if GRADE_SEPARATOR not in value:
        return None
    case_id, part = value.rsplit(GRADE_SEPARATOR, 1)
    return case_id, part


# --- bounded reading -------------------------------------------------------------


class UnsafeFile(ValueError):
    """A learner's file that must not be read; the message (French) says why."""


class MissingFile(UnsafeFile):
    """The file is not there."""


def read_regular_file(folder: Path, name: str, max_bytes: int, timeout: float = READ_TIMEOUT) -> bytes:
    """Read ``folder/name`` as a learner-supplied file, or raise :class:`UnsafeFile`.

    Neither ``folder`` nor ``name`` may be a symbolic link; the file must be a
    regular file (a named pipe or a device is refused without blocking), at most
    ``max_bytes`` long, and read within ``timeout`` seconds.
    """
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError as exc:
        raise MissingFile(M.COPY_FOLDER_MISSING.format(folder=Path(folder).name)) from exc
    except OSError as exc:
        raise UnsafeFile(M.COPY_FOLDER_IS_LINK) from exc
    try:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY, dir_fd=dir_fd)
        except FileNotFoundError as exc:
            raise MissingFile(M.FILE_MISSING.format(name=name)) from exc
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise UnsafeFile(M.FILE_IS_LINK.format(name=name)) from exc
            raise UnsafeFile(M.FILE_CANNOT_OPEN.format(name=name, error=exc.strerror)) from exc
    finally:
        os.close(dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(M.FILE_NOT_REGULAR.format(name=name))
        if info.st_size > max_bytes:
            raise UnsafeFile(M.FILE_TOO_BIG.format(name=name, size=_kilobytes(info.st_size),
                                                   maximum=_kilobytes(max_bytes)))
        deadline = time.monotonic() + timeout
        chunks, total = [], 0
        while True:
            if time.monotonic() > deadline:
                raise UnsafeFile(M.FILE_TOO_SLOW.format(name=name, seconds=timeout))
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise UnsafeFile(M.FILE_TOO_BIG_WHILE_READING.format(name=name, maximum=_kilobytes(max_bytes)))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kilobytes(size: int) -> str:
    return (M.SIZE_KILOBYTES.format(size=size / 1024) if size < 1024 * 1024
            else M.SIZE_MEGABYTES.format(size=size / 1024 / 1024))


SubmissionAnswers = AnswerFile
"""A submission's answers: :class:`~casebook.core.answer_file.AnswerFile`, with the reasons worded
for the learner's feedback (:data:`~casebook.workshop.messages.ANSWERS_UNREADABLE` and its kin)."""


def parse_answers(data: bytes, option_id: OptionIdMapper = recorded_id) -> SubmissionAnswers:
    """Parse a submission's answers file (never raises); a bad case costs only that case."""
    parsed = parse_answer_file(data, option_id)
    return AnswerFile(
        parsed.answers,
        M.ANSWERS_UNREADABLE.format(problem=parsed.problem) if parsed.problem else None,
        {case: M.CASE_ANSWERS_UNREADABLE.format(problem=why) for case, why in parsed.case_problems.items()},
        parsed.notes,
    )


def read_submission(folder: Path, option_id: OptionIdMapper = recorded_id) -> SubmissionAnswers:
    """The answers recorded in a submission folder, read within bounds (never raises)."""
    try:
        data = read_regular_file(Path(folder), ANSWERS_FILE, MAX_ANSWERS_BYTES)
    except MissingFile:
        return SubmissionAnswers({}, M.ANSWERS_MISSING.format(answers_file=ANSWERS_FILE))
    except UnsafeFile as exc:
        return SubmissionAnswers({}, M.ANSWERS_REFUSED.format(reason=exc))
    return parse_answers(data, option_id)


def case_result(project: Project, submission: SubmissionAnswers, case_id: str) -> tuple[CaseResult, str | None]:
    """The case's result, and a French reason when it earns nothing because of the submission."""
    case = project.case(case_id)
    answers = submission.answers.get(case_id)
    if submission.problem:
        return score(case, Answers()), submission.problem
    if case_id in submission.case_problems:
        return score(case, Answers()), submission.case_problems[case_id]
    if answers is None or not answers.choices:
        return score(case, Answers()), M.NO_ANSWER_TO_CASE
    result = score(case, with_case_ids(project, SubmissionAnswers({case_id: answers})).answers[case_id])
    reason = "; ".join(result.problems) or None
    return result, reason


def _secret(project: Project) -> str | None:
    """The course secret that names released options, if this course has one."""
    from casebook.workshop.definition import grading_root

    path = grading_root(project.root) / SECRET_FILE
    return course_secret(path.parent) if path.is_file() else None


def with_case_ids(project: Project, submission: SubmissionAnswers) -> SubmissionAnswers:
    """The submission with released (opaque) option ids turned back into the cases' ids.

    Grading, the debrief and the class report all read answers through this, so an
    answer recorded with opaque ids counts exactly like one recorded with the case's ids.
    """
    secret = _secret(project)
    if secret is None:
        return submission
    translated = {case_id: (to_case_ids(project.cases[case_id], answers, secret)
                            if case_id in project.cases else answers)
                  for case_id, answers in submission.answers.items()}
    return SubmissionAnswers(translated, submission.problem, submission.case_problems, submission.notes)


def principle_points(project: Project, folder: Path, case_id: str, principle: str) -> tuple[float, str]:
    """Points earned for one graded cell, with a one-line French explanation."""
    result, reason = case_result(project, read_submission(folder), case_id)
    principle_score = result.by_principle.get(principle)
    if principle_score is None:
        return 0.0, M.PRINCIPLE_NOT_ASSESSED_IN_CASE.format(principle=principle)
    line = M.PRINCIPLE_POINTS.format(principle=principle, earned=principle_score.earned,
                                     possible=principle_score.possible)
    if reason:
        line = M.LINE_WITH_REASON.format(line=line, reason=reason)
    return principle_score.earned, line


def score_cell(case_id: str, principle: str) -> float:
    """Called by the graded cells in a kernel: prints the explanation, returns the points."""
    from casebook.learner.evaluation import grading_project

    points, line = principle_points(grading_project(), Path.cwd(), case_id, principle)
    print(line)
    return points
