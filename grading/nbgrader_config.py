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
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from casebook.workshop.nbgrader_plugins import CleanFeedback, ScoreRecordedAnswers

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
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".casebook"]

c.Execute.timeout = int(os.environ.get("CASEBOOK_CELL_TIMEOUT", "30"))
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 200

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

# Feedback: no hidden test source, no marking scheme, no traceback (jupyter/nbgrader#917).
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearHiddenTests,
    ClearMarkScheme,
    CleanFeedback,
    CSSHTMLHeaderPreprocessor,
]
