"""nbgrader configuration of the course (read by every nbgrader command run in grading/).

Settings an instructor may change without editing this file, through the environment:
- CASEBOOK_COURSE_ID: course id (required by the exchange);
- CASEBOOK_DB_URL: gradebook URL; SQLite in this folder by default, e.g.
  postgresql+psycopg2://user:password@host/gradebook for several instructors;
- CASEBOOK_EXCHANGE: exchange folder (JupyterHub: a shared folder writable by all);
- CASEBOOK_CELL_TIMEOUT: seconds before a learner's cell is interrupted (default 30).
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    Execute,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from casebook.workshop.nbgrader_plugins import CleanFeedback, GetGradesPending, ScoreRecordedAnswers

HERE = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = os.environ.get("CASEBOOK_COURSE_ID", "ethique-numerique-sante")
# SQLite waits for a busy gradebook instead of failing when parallel workers write.
c.CourseDirectory.db_url = os.environ.get(
    "CASEBOOK_DB_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db") + "?timeout=120")
# Without CASEBOOK_EXCHANGE, no exchange is used: point nbgrader at a private folder so it
# does not complain about the system-wide default.
c.Exchange.root = os.environ.get("CASEBOOK_EXCHANGE", os.path.join(HERE, ".echange-local"))
os.makedirs(c.Exchange.root, exist_ok=True)
# Submissions are small: refuse to copy anything large a learner may have left in the folder.
c.CourseDirectory.max_file_size = 2000  # kilobytes
# Collecting goes through the submission gate (casebook/workshop/gate.py): only the expected
# regular files are copied from the exchange, no link is ever followed, the rest is reported.
c.ExchangeFactory.collect = "casebook.workshop.gate.GatedCollect"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".casebook"]

c.Execute.timeout = int(os.environ.get("CASEBOOK_CELL_TIMEOUT", "30"))
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 200

# The rubric sits between HTML comments: invisible markers in formgrader, removed from the release.
c.ClearMarkScheme.begin_mark_scheme_delimeter = "<!-- DEBUT GRILLE -->"
c.ClearMarkScheme.end_mark_scheme_delimeter = "<!-- FIN GRILLE -->"

c.ClearSolutions.text_stub = "ÉCRIVEZ VOTRE RÉPONSE ICI"
c.ClearSolutions.code_stub = {"python": "# ÉCRIVEZ VOTRE RÉPONSE ICI\nraise NotImplementedError()"}

# Grades come from the recorded answers, recomputed outside the kernel after execution
# (ScoreRecordedAnswers must come after Execute and LimitOutput, before SaveAutoGrades).
c.Autograde.autograde_preprocessors = [
    Execute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    ScoreRecordedAnswers,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# Feedback in French, with « en attente » for justifications not graded yet, and no script from
# another server (nbgrader's own template loads MathJax from a CDN). This applies however feedback is
# generated: `casebook workshop retours`, `nbgrader generate_feedback` or formgrader's button.
# The course's template is named « feedback » like nbgrader's own and its folder comes first:
# nbgrader generate_feedback and NbGraderAPI.generate_feedback (formgrader's button) both ask for
# « feedback », so this template wins whoever generates feedback. template_name itself is not set
# here: formgrader reads this file after choosing its own « formgrade » template.
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(HERE, "modeles"),
    os.path.join(os.path.dirname(__import__("nbgrader").__file__), "server_extensions", "formgrader", "templates"),
]

# Feedback: no hidden test source, no marking scheme, no traceback (jupyter/nbgrader#917).
c.GenerateFeedback.preprocessors = [
    GetGradesPending,
    ClearHiddenTests,
    ClearMarkScheme,
    CleanFeedback,
    CSSHTMLHeaderPreprocessor,
]
