"""Instructor-led workshops graded by nbgrader.

* :mod:`.definition`: workshops as data (``grading/workshops/<name>.yml``);
* :mod:`.redact`: the key-free view of a case that learners receive;
* :mod:`.build`: nbgrader source notebooks generated from the cases;
* :mod:`.learner`: the widget learners click in the released notebook;
* :mod:`.answers`: reading a learner's recorded answers (within bounds) and scoring them;
* :mod:`.gate`: the submission gate, before nbgrader sees a file (and the gated ``collect``);
* :mod:`.nbgrader_plugins`: preprocessors that nbgrader loads from the course config;
* :mod:`.commands`: build, release, grade, feedback, export, status, roster, formgrader;
* :mod:`.rehearsal`: a whole workshop with simulated learners, in a scratch copy;
* :mod:`.cli`: ``casebook workshop …``.
"""
