"""nbgrader seen from a learner's single-user server on the hub (fetch, submit, feedback).

The hub passes CASEBOOK_EXCHANGE and CASEBOOK_COURSE_ID to every server it spawns
(deploy/jupyterhub_config.py); the student id is the learner's account name.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = os.environ.get("CASEBOOK_COURSE_ID", "ethique-numerique-sante")
c.Exchange.root = os.environ["CASEBOOK_EXCHANGE"]
