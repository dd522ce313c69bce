"""The answer file format, read and written in one place.

The same JSON shape holds a self-paced learner's answer store (``.casebook/reponses.json``),
a workshop submission (``reponses-atelier.json``) and the site's « Exporter mes réponses »
file::

    {"format": 1, "cases": {"<case id>": {"choices": {"<step>": ["<option>", …]},
                                          "confidence": {"<step>": 1|2|3}}}}

:func:`parse_answer_file` never raises and judges each case on its own: a file that is not
this format gets one ``problem``; a malformed case gets its own entry in ``case_problems``; an
invalid confidence level is dropped with a note (confidence is never part of a grade). The
store is stricter with what it reads back (any problem means « move the file aside »), the
workshop more forgiving (a bad case costs only that case): each decides from the same result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from casebook.core import messages as M
from casebook.core.scoring import Answers

FORMAT = 1
MAX_DEPTH = 8
"""The format is 4 levels deep (file → cases → case → choices → list); deeper is refused unparsed."""

OptionIdMapper = Callable[[str, str, str], str]
"""``(case id, step id, recorded option id) → option id`` (workshops translate opaque ids)."""


def recorded_id(case_id: str, step_id: str, recorded: str) -> str:
    return recorded


@dataclass(frozen=True)
class AnswerFile:
    """What an answer file holds, or why (part of) it cannot be used (French reasons)."""

    answers: dict[str, Answers]
    problem: str | None = None
    case_problems: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def first_problem(self) -> str | None:
        if self.problem:
            return self.problem
        return next((M.ANSWER_FILE_CASE_PROBLEM.format(case=case, why=why)
                     for case, why in self.case_problems.items()), None)


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.S)
"""A complete JSON string (skipped), a bracket, or a quote that opens a string never closed."""


def json_depth_exceeds(text: str, limit: int) -> bool:
    """True when brackets nest deeper than ``limit`` (checked before parsing: no recursion).

    Brackets inside strings do not count; after a string that is never closed nothing counts.
    The scan is a regular expression that skips whole strings (the submission gate runs it on
    every notebook, so a character-by-character loop in Python was a real cost for a class).
    """
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
        elif len(token) == 1:  # an unterminated string: the rest of the text is inside it
            return False
    return False


def parse_answer_file(data: bytes, option_id: OptionIdMapper = recorded_id) -> AnswerFile:
    """Parse an answer file's bytes, case by case (never raises)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return AnswerFile({}, M.FILE_NOT_UTF8)
    if json_depth_exceeds(text, MAX_DEPTH):
        return AnswerFile({}, M.ANSWER_FILE_TOO_DEEP.format(depth=MAX_DEPTH))
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return AnswerFile({}, M.ANSWER_FILE_BAD_JSON.format(detail=getattr(exc, "msg", exc)))
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return AnswerFile({}, M.ANSWER_FILE_BAD_FORMAT)
    cases = raw.get("cases")
    if not isinstance(cases, dict):
        return AnswerFile({}, M.ANSWER_FILE_NO_CASES)
    answers: dict[str, Answers] = {}
    problems: dict[str, str] = {}
    notes: list[str] = []
    for case_id, value in cases.items():
        try:
            answers[str(case_id)] = Answers.from_dict(value, case_id=str(case_id), option_id=option_id, notes=notes)
        except ValueError as exc:
            problems[str(case_id)] = str(exc)
    return AnswerFile(answers, None, problems, tuple(notes))


def answer_file_data(cases: Mapping[str, Answers]) -> dict:
    """The plain data written to an answer file (cases sorted, so files diff well)."""
    return {"format": FORMAT, "cases": {k: v.to_dict() for k, v in sorted(cases.items())}}
