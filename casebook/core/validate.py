"""Rules that span fields or files: what the schema alone cannot check.

Each rule adds a :class:`~casebook.core.errors.Problem` with a stable ``code`` (tests
assert on it) and a French message saying what was expected and found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from casebook.core import messages as M
from casebook.core.errors import Problem
from casebook.core.model import (PRINCIPLE_PATTERN, SLUG_PATTERN, Case, StepKind, Verdict, Visibility, scale_points,
                            successors)
from casebook.core.scoring import best_path
from casebook.core.yamlfile import line_index, nearest_line

if TYPE_CHECKING:  # the project is passed in; validation never loads anything itself
    from casebook.core.load import Project


class _CaseChecker:
    """Collects the problems of one case, with line numbers looked up lazily."""

    def __init__(self, project: Project, case: Case, path: Path):
        self.project = project
        self.case = case
        self.path = path
        self.problems: list[Problem] = []
        self._index: dict | None = None

    def report(self, location: tuple, code: str, message: str, expected: str | None = None,
               found: str | None = None) -> None:
        if self._index is None:
            self._index = line_index(self.path)
        field = ""
        for part in location:
            field += f"[{part}]" if isinstance(part, int) else ("." if field else "") + str(part)
        self.problems.append(Problem(self.path, field, message, expected, found,
                                     nearest_line(self._index, location), code))

    # -- rules ---------------------------------------------------------------

    def check_file_name(self) -> None:
        if self.path.stem != self.case.id:
            suggestion = slugify(self.path.stem)
            expected = (M.ID_NOT_FILE_NAME_EXPECTED.format(case_id=self.case.id, suffix=self.path.suffix)
                        if suggestion != self.path.stem
                        else M.ID_NOT_FILE_NAME_EXPECTED_STEM.format(stem=self.path.stem))
            self.report(("id",), "id-filename", M.ID_NOT_FILE_NAME,
                        expected=expected, found=self.case.id)

    def check_principles(self) -> None:
        known = self.project.declared_principles
        for position, principle in enumerate(self.case.principles):
            if known and principle not in known:
                self.report(("principles", position), "unknown-principle", M.UNKNOWN_PRINCIPLE,
                            expected=M.EXPECTED_REGISTRY_PRINCIPLE, found=principle)
        if len(set(self.case.principles)) != len(self.case.principles):
            self.report(("principles",), "duplicate-principle", M.DUPLICATE_PRINCIPLE,
                        expected=M.DUPLICATE_PRINCIPLE_EXPECTED, found=", ".join(self.case.principles))
        used: set[str] = set()
        for s, step in enumerate(self.case.steps):
            for o, option in enumerate(step.options):
                for field_name in ("respects", "breaks"):
                    for position, principle in enumerate(getattr(option, field_name)):
                        used.add(principle)
                        if known and principle not in known:
                            self.report(("steps", s, "options", o, field_name, position),
                                        "unknown-principle", M.UNKNOWN_PRINCIPLE,
                                        expected=M.EXPECTED_REGISTRY_PRINCIPLE, found=principle)
                both = set(option.respects) & set(option.breaks)
                if both:
                    self.report(("steps", s, "options", o), "principle-both-ways",
                                M.PRINCIPLE_BOTH_WAYS,
                                expected=M.PRINCIPLE_BOTH_WAYS_EXPECTED, found=", ".join(sorted(both)))
        missing = sorted(used - set(self.case.principles))
        if missing:
            self.report(("principles",), "principle-not-declared",
                        M.PRINCIPLE_NOT_DECLARED,
                        expected=M.PRINCIPLE_NOT_DECLARED_EXPECTED.format(principles=", ".join(missing)),
                        found=", ".join(self.case.principles))
        unused = sorted(set(self.case.principles) - used)
        if unused:
            self.report(("principles",), "principle-not-exercised",
                        M.PRINCIPLE_NOT_EXERCISED,
                        expected=M.PRINCIPLE_NOT_EXERCISED_EXPECTED,
                        found=", ".join(unused))

    def check_references(self) -> None:
        known = self.project.declared_references
        for s, step in enumerate(self.case.steps):
            for o, option in enumerate(step.options):
                for position, ref in enumerate(option.references):
                    if ref not in known:
                        self.report(("steps", s, "options", o, "references", position),
                                    "unknown-reference", M.UNKNOWN_REFERENCE,
                                    expected=M.EXPECTED_REFERENCE_ID, found=ref)
                if not option.references:
                    self.report(("steps", s, "options", o, "references"), "no-reference",
                                M.NO_REFERENCE,
                                expected=M.NO_REFERENCE_EXPECTED, found="[]")

    def check_steps(self) -> None:
        ids = [step.id for step in self.case.steps]
        for s, step_id in enumerate(ids):
            if ids.index(step_id) != s:
                self.report(("steps", s, "id"), "duplicate-step", M.DUPLICATE_STEP,
                            expected=M.DUPLICATE_STEP_EXPECTED, found=step_id)
        known = set(ids)
        for s, step in enumerate(self.case.steps):
            option_ids = [o.id for o in step.options]
            for o, option in enumerate(step.options):
                if option_ids.index(option.id) != o:
                    self.report(("steps", s, "options", o, "id"), "duplicate-option",
                                M.DUPLICATE_OPTION, expected=M.DUPLICATE_OPTION_EXPECTED,
                                found=option.id)
                if option.next is not None:
                    if step.kind is StepKind.MULTIPLE:
                        self.report(("steps", s, "options", o, "next"), "next-on-multiple",
                                    M.NEXT_ON_MULTIPLE,
                                    expected=M.NEXT_ON_MULTIPLE_EXPECTED, found=option.next)
                    if option.next not in known:
                        self.report(("steps", s, "options", o, "next"), "unknown-step",
                                    M.UNKNOWN_STEP, expected=M.UNKNOWN_STEP_EXPECTED.format(steps=", ".join(ids)),
                                    found=option.next)
            if step.next is not None and step.next not in known:
                self.report(("steps", s, "next"), "unknown-step", M.UNKNOWN_STEP,
                            expected=M.UNKNOWN_STEP_EXPECTED.format(steps=", ".join(ids)), found=step.next)
            if not any(o.verdict.is_good for o in step.options):
                self.report(("steps", s, "options"), "no-good-option",
                            M.NO_GOOD_OPTION,
                            expected=M.NO_GOOD_OPTION_EXPECTED,
                            found=", ".join(o.verdict.value for o in step.options))
            for o, option in enumerate(step.options):
                if option.verdict is Verdict.RECOMMANDE and option.breaks:
                    self.report(("steps", s, "options", o, "breaks"), "recommended-breaks",
                                M.RECOMMENDED_BREAKS,
                                expected="[]", found=", ".join(option.breaks))

    def check_graph(self) -> bool:
        """Reachability and cycles. Returns False when the graph is unusable."""
        known = {step.id for step in self.case.steps}
        graph = {step.id: [t for t in successors(step) if t in known] for step in self.case.steps}
        start = self.case.first_step.id
        # Cycle detection (iterative DFS with colours).
        colour = {node: 0 for node in graph}
        ok = True
        for root in graph:
            if colour[root]:
                continue
            stack = [(root, iter(graph[root]))]
            colour[root] = 1
            trail = [root]
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    colour[node] = 2
                    stack.pop()
                    trail.pop()
                elif colour[child] == 1:
                    cycle = trail[trail.index(child):] + [child]
                    position = [s.id for s in self.case.steps].index(node)
                    self.report(("steps", position), "cycle", M.CYCLE,
                                expected=M.CYCLE_EXPECTED, found=" → ".join(cycle))
                    ok = False
                elif colour[child] == 0:
                    colour[child] = 1
                    trail.append(child)
                    stack.append((child, iter(graph[child])))
        reached = {start}
        frontier = [start]
        while frontier:
            node = frontier.pop()
            for child in graph[node]:
                if child not in reached:
                    reached.add(child)
                    frontier.append(child)
        for s, step in enumerate(self.case.steps):
            if step.id not in reached:
                self.report(("steps", s, "id"), "unreachable-step", M.UNREACHABLE_STEP,
                            expected=M.UNREACHABLE_STEP_EXPECTED.format(start=start), found=step.id)
        return ok

    def check_points(self) -> None:
        """Points follow the one scale (:data:`casebook.core.model.POINTS_SCALE`)."""
        for s, step in enumerate(self.case.steps):
            for o, option in enumerate(step.options):
                expected = scale_points(step.kind, option.verdict)
                if option.points != expected:
                    self.report(("steps", s, "options", o, "points"), "points-off-scale",
                                M.POINTS_OFF_SCALE.format(kind=step.kind.value, verdict=option.verdict.value),
                                expected=M.POINTS_OFF_SCALE_EXPECTED.format(points=expected),
                                found=str(option.points))

    def check_misconceptions(self) -> None:
        """A tagged option gets the verdict its misconception gets everywhere."""
        known = self.project.misconceptions
        for s, step in enumerate(self.case.steps):
            for o, option in enumerate(step.options):
                tag = option.misconception
                if tag is None:
                    continue
                where = ("steps", s, "options", o, "misconception")
                if tag not in known:
                    self.report(where, "unknown-misconception", M.UNKNOWN_MISCONCEPTION,
                                expected=M.EXPECTED_MISCONCEPTION_ID, found=tag)
                elif option.verdict is not known[tag].verdict:
                    self.report(("steps", s, "options", o, "verdict"), "misconception-verdict",
                                M.MISCONCEPTION_VERDICT.format(misconception=tag),
                                expected=known[tag].verdict.value, found=option.verdict.value)

    def check_workshop_branching(self) -> None:
        """Workshop cases branch at step level only.

        The released material must carry every step's text (the widget runs
        without a server), so a consequence step reached only from wrong
        options would point at them. Step-level ``next`` keeps one path for all.
        """
        if self.case.visibility is not Visibility.WORKSHOP:
            return
        for s, step in enumerate(self.case.steps):
            for o, option in enumerate(step.options):
                if option.next is not None:
                    self.report(("steps", s, "options", o, "next"), "workshop-option-branch",
                                M.WORKSHOP_OPTION_BRANCH,
                                expected=M.WORKSHOP_OPTION_BRANCH_EXPECTED,
                                found=option.next)

    def check_best_path_is_good(self) -> None:
        """The maximum must be reached by answering well, not by erring into a richer branch."""
        for step_id, picks in best_path(self.case):
            step = self.case.step(step_id)
            options = {o.id: o for o in step.options}
            bad = [p for p in picks if not options[p].verdict.is_good]
            if bad:
                position = [s.id for s in self.case.steps].index(step_id)
                self.report(("steps", position), "best-path-through-error",
                            M.BEST_PATH_THROUGH_ERROR,
                            expected=M.BEST_PATH_THROUGH_ERROR_EXPECTED,
                            found=M.BEST_PATH_THROUGH_ERROR_FOUND.format(options=", ".join(bad), step=step_id))

    def run(self) -> list[Problem]:
        self.check_file_name()
        self.check_principles()
        self.check_references()
        self.check_steps()
        step_ids_ok = not any(p.code in ("unknown-step", "duplicate-step") for p in self.problems)
        graph_ok = self.check_graph() if step_ids_ok else False
        self.check_points()
        self.check_misconceptions()
        self.check_workshop_branching()
        if graph_ok:
            self.check_best_path_is_good()
        return self.problems


def slugify(text: str) -> str:
    """A valid case id close to ``text``: lower case, no accents, hyphens between words."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "cas"


def check_unparsed_ids(project: Project, path: Path, data: dict) -> list[Problem]:
    """Unknown principle, reference and misconception ids in a file that failed the schema.

    The schema errors are already reported; these would otherwise appear only
    once they are fixed, one round later.
    """
    problems: list[Problem] = []
    index = line_index(path)

    def report(location: tuple, code: str, message: str, expected: str, found: str) -> None:
        field = ""
        for part in location:
            field += f"[{part}]" if isinstance(part, int) else ("." if field else "") + str(part)
        problems.append(Problem(path, field, message, expected, found, nearest_line(index, location), code))

    def ids(value) -> list:
        return value if isinstance(value, list) else []

    import re

    def well_formed(value, pattern: str) -> bool:
        """Malformed ids already have their schema error: report only ids that are merely unknown."""
        return isinstance(value, str) and re.match(pattern, value) is not None

    known_principles = project.declared_principles
    for position, principle in enumerate(ids(data.get("principles"))):
        if known_principles and well_formed(principle, PRINCIPLE_PATTERN) and principle not in known_principles:
            report(("principles", position), "unknown-principle", M.UNKNOWN_PRINCIPLE,
                   M.EXPECTED_REGISTRY_PRINCIPLE, principle)
    for s, step in enumerate(ids(data.get("steps"))):
        if not isinstance(step, dict):
            continue
        for o, option in enumerate(ids(step.get("options"))):
            if not isinstance(option, dict):
                continue
            for position, ref in enumerate(ids(option.get("references"))):
                if well_formed(ref, SLUG_PATTERN) and ref not in project.declared_references:
                    report(("steps", s, "options", o, "references", position), "unknown-reference",
                           M.UNKNOWN_REFERENCE, M.EXPECTED_REFERENCE_ID, ref)
            for field_name in ("respects", "breaks"):
                for position, principle in enumerate(ids(option.get(field_name))):
                    if (known_principles and well_formed(principle, PRINCIPLE_PATTERN)
                            and principle not in known_principles):
                        report(("steps", s, "options", o, field_name, position), "unknown-principle",
                               M.UNKNOWN_PRINCIPLE, M.EXPECTED_REGISTRY_PRINCIPLE, principle)
            tag = option.get("misconception")
            if well_formed(tag, SLUG_PATTERN) and tag not in project.misconceptions:
                report(("steps", s, "options", o, "misconception"), "unknown-misconception",
                       M.UNKNOWN_MISCONCEPTION, M.EXPECTED_MISCONCEPTION_ID, tag)
    return problems


def check_case(project: Project, case: Case, path: Path) -> list[Problem]:
    return _CaseChecker(project, case, path).run()


def check_registries(project: Project) -> list[Problem]:
    """Principles P01–P12 all present; unverified references carry a caveat."""
    problems: list[Problem] = []
    from casebook.core import paths

    registry = paths.registry_dir(project.root)
    principles_path = registry / paths.PRINCIPLES_FILE
    references_path = registry / paths.REFERENCES_FILE
    expected = {f"P{n:02d}" for n in range(1, 13)}
    if project.principles:
        missing = sorted(expected - set(project.principles))
        if missing:
            problems.append(Problem(principles_path, "", M.MISSING_PRINCIPLES,
                                    expected=M.MISSING_PRINCIPLES_EXPECTED,
                                    found=M.MISSING_PRINCIPLES_FOUND.format(principles=", ".join(missing)),
                                    code="missing-principle"))
        for principle in project.principles.values():
            for ref in principle.references:
                if ref not in project.declared_references:
                    problems.append(Problem(principles_path, f"{principle.id}.references",
                                            M.UNKNOWN_REFERENCE,
                                            expected=M.REGISTRY_UNKNOWN_REFERENCE_EXPECTED, found=ref,
                                            code="unknown-reference"))
    index = None
    for position, reference in enumerate(project.references.values()):
        if reference.needs_caveat and not (reference.caveat or "").strip():
            index = index if index is not None else line_index(references_path)
            problems.append(Problem(references_path, f"[{position}].caveat",
                                    M.MISSING_CAVEAT,
                                    expected=M.MISSING_CAVEAT_EXPECTED,
                                    found=M.MISSING_CAVEAT_FOUND, line=nearest_line(index, (position,)),
                                    code="missing-caveat"))
    return problems


def check_project(project: Project, report_registries: bool = True) -> list[Problem]:
    problems = check_registries(project) if report_registries else []
    for case_id, case in project.cases.items():
        problems.extend(check_case(project, case, project.case_paths[case_id]))
    for path, data in project.unparsed.items():
        problems.extend(check_unparsed_ids(project, path, data))
    return problems
