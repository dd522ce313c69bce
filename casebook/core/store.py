"""The learner's answer store: a small JSON file in the working folder.

What is kept is the minimum needed to restore a session and show progress:
the chosen option ids and the confidence levels, per case. No name, no
timestamp, no free text. Writes are atomic (a temporary file, then
``os.replace``), so a crash never leaves half a file. A store that cannot be
read is moved aside, never deleted, and the learner starts afresh with a
message saying where the old file went.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core import messages as M
from casebook.core.answer_file import FORMAT, answer_file_data, parse_answer_file
from casebook.core.scoring import Answers

STORE_FORMAT = FORMAT
DEFAULT_NAME = "reponses.json"
PRACTICE_FOLDER = ".casebook"


def default_store_path() -> Path:
    """``$CASEBOOK_STORE``, or ``.casebook/reponses.json`` under the working folder."""
    env = os.environ.get("CASEBOOK_STORE")
    if env:
        return Path(env)
    return Path.cwd() / PRACTICE_FOLDER / DEFAULT_NAME


class StoreError(ValueError):
    """The store file cannot be read as an answer store."""


def read_store_file(path: Path) -> dict[str, Answers]:
    """Parse a store file; raise :class:`StoreError` (French reason) if any of it is unusable.

    Stricter than a workshop: a store we cannot read entirely is moved aside, not half-used.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(M.STORE_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    parsed = parse_answer_file(data)
    if parsed.first_problem:
        raise StoreError(parsed.first_problem)
    return parsed.answers


@dataclass
class AnswerStore:
    path: Path
    cases: dict[str, Answers] = field(default_factory=dict)
    notice: str | None = None
    """A French message for the learner when the store had to be reset."""

    @classmethod
    def open(cls, path: Path | None = None) -> "AnswerStore":
        path = Path(path) if path else default_store_path()
        store = cls(path=path)
        if not path.exists():
            return store
        try:
            store.cases = read_store_file(path)
        except StoreError as exc:
            aside = store._move_aside()
            store.cases = {}
            store.notice = M.STORE_RESET_NOTICE.format(reason=exc, aside=aside)
        return store

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrompu-{stamp}")
        counter = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrompu-{stamp}-{counter}")
            counter += 1
        os.replace(self.path, aside)
        return aside

    def get(self, case_id: str) -> Answers | None:
        return self.cases.get(case_id)

    def put(self, case_id: str, answers: Answers) -> None:
        """Record one case's answers, keeping what other notebooks wrote meanwhile."""
        self.cases[case_id] = answers
        self._merge_and_save(case_id)

    def forget(self, case_id: str) -> None:
        self.cases.pop(case_id, None)
        self._merge_and_save(case_id)

    @contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f".{self.path.name}.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _merge_and_save(self, case_id: str) -> None:
        """Several kernels may share the store: re-read it and change only ``case_id``."""
        with self._locked():
            try:
                on_disk = read_store_file(self.path) if self.path.exists() else {}
            except StoreError as exc:
                # Never overwrite a file we cannot read: move it aside first, as ``open`` does.
                aside = self._move_aside()
                on_disk = {}
                self.notice = M.STORE_RESET_NOTICE.format(reason=exc, aside=aside)
            if case_id in self.cases:
                on_disk[case_id] = self.cases[case_id]
            else:
                on_disk.pop(case_id, None)
            self.cases = on_disk
            self.save()

    def to_dict(self) -> dict:
        return answer_file_data(self.cases)

    def save(self) -> None:
        """Write atomically: readers see the old file or the new one, never a mix."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(self.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
