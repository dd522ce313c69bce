"""JupyterHub for a class: one account per learner, the nbgrader exchange in a shared folder.

Started by ``jupyterhub -f deploy/jupyterhub_config.py`` as root (the hub starts each
learner's server under that learner's own account). Every setting a site changes comes
from the environment, so this file is the same on a test machine and on a real server:

- CASEBOOK_HUB_IP / CASEBOOK_HUB_PORT: where learners connect (default 127.0.0.1:8000;
  put a TLS reverse proxy in front on a real server);
- CASEBOOK_HUB_STATE: folder for the hub's own state (cookie secret, its SQLite database,
  the proxy's pid file); default /var/lib/casebook-hub;
- CASEBOOK_INSTRUCTORS, CASEBOOK_LEARNERS: comma-separated account names allowed to log in
  (instructors are hub admins);
- CASEBOOK_EXCHANGE, CASEBOOK_COURSE_ID: the nbgrader exchange shared by every server;
- CASEBOOK_HUB_SERVICE_TOKEN: optional token of an admin service (automation, tests).

Authentication is PAM (the machine's accounts). For an institution's single sign-on,
set ``c.JupyterHub.authenticator_class`` to an OAuth authenticator (package
``oauthenticator``, e.g. ``generic-oauth``) in a site file; see deploy/README.md.
"""

import os
import sys

c = get_config()  # noqa: F821 - provided by JupyterHub

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV_BIN = os.path.dirname(sys.executable)
STATE = os.environ.get("CASEBOOK_HUB_STATE", "/var/lib/casebook-hub")
os.makedirs(STATE, mode=0o700, exist_ok=True)


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


c.JupyterHub.ip = os.environ.get("CASEBOOK_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("CASEBOOK_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CASEBOOK_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
# The proxy is the npm package pinned by package-lock.json, never a global install.
c.ConfigurableHTTPProxy.command = [os.path.join(ROOT, "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:" + os.environ.get("CASEBOOK_HUB_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")
# Privacy: JupyterHub checks for nothing on the Internet and keeps no usage statistics.
c.JupyterHub.shutdown_on_logout = False

c.JupyterHub.authenticator_class = "pam"
instructors = _names("CASEBOOK_INSTRUCTORS")
c.Authenticator.admin_users = instructors
c.Authenticator.allowed_users = instructors | _names("CASEBOOK_LEARNERS")

service_token = os.environ.get("CASEBOOK_HUB_SERVICE_TOKEN")
if service_token:
    c.JupyterHub.services = [{"name": "casebook-admin", "api_token": service_token}]
    c.JupyterHub.load_roles = [{"name": "casebook-admin", "services": ["casebook-admin"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "list:users"]}]

# Each learner's server runs under their own account, from the course's virtual environment,
# with the learner's Jupyter configuration: fetch and submit, no instructor tools.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(VENV_BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90
c.Spawner.environment = {
    "PATH": VENV_BIN + os.pathsep + "/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": os.path.join(HERE, "jupyter-apprenant"),
    "CASEBOOK_EXCHANGE": os.environ.get("CASEBOOK_EXCHANGE", "/srv/nbgrader/exchange"),
    "CASEBOOK_COURSE_ID": os.environ.get("CASEBOOK_COURSE_ID", "ethique-numerique-sante"),
}
