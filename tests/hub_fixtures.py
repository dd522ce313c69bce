"""Real services for the class tests: a PostgreSQL server, OS accounts, a JupyterHub, kernels over HTTP.

Everything here starts real programs on 127.0.0.1 and stops them afterwards; nothing is
mocked. The tests need root (they create accounts and run PostgreSQL as its own user).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from browser import free_port

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def _run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, check=check, **kwargs)


def shared_tmp(prefix: str) -> Path:
    """A temporary folder other accounts can traverse (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(0o755)
    return folder


# --- PostgreSQL ------------------------------------------------------------------


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        raise RuntimeError("PostgreSQL introuvable : installez le paquet Debian postgresql (make test le fait).")
    return Path(found[-1]).parent


@dataclass
class Postgres:
    """A PostgreSQL cluster of its own, run by the ``postgres`` system user on a free port."""

    base: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.base / "donnees"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/carnet"

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return _run("runuser", "-u", "postgres", "--", *command, check=check, cwd="/")

    def init(self) -> None:
        self.data.mkdir(mode=0o700)
        shutil.chown(self.data, "postgres", "postgres")
        self._as_postgres(str(postgres_bin() / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                          "--no-locale", "-E", "UTF8", "--no-instructions")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "journal.log"),
                          "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._as_postgres(str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop",
                          check=False)

    def sql(self, statement: str, database: str = "carnet") -> str:
        return _run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-At",
                    "-c", statement).stdout.strip()


@contextlib.contextmanager
def postgres_server():
    base = shared_tmp("casebook-pg-")
    server = Postgres(base)
    try:
        server.init()
        server.start()
        server.sql("CREATE DATABASE carnet", database="postgres")
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


# --- accounts --------------------------------------------------------------------


@contextlib.contextmanager
def os_accounts(count: int):
    """An instructor and ``count`` learners, real accounts with homes and passwords."""
    tag = uuid.uuid4().hex[:5]
    names = [f"cbf{tag}"] + [f"cba{tag}{n}" for n in range(1, count + 1)]
    passwords = {name: secrets.token_urlsafe(12) for name in names}
    try:
        for name in names:
            _run("useradd", "--create-home", "--shell", "/bin/bash", name)
        _run("chpasswd", input="\n".join(f"{n}:{p}" for n, p in passwords.items()) + "\n")
        yield names[0], names[1:], passwords
    finally:
        for name in names:
            _run("pkill", "-KILL", "-u", name, check=False)
        time.sleep(0.5)
        for name in names:
            _run("userdel", "--remove", name, check=False)


@contextlib.contextmanager
def traversable_by(account: str, *paths: Path):
    """Let ``account`` reach ``paths`` (the course's venv and the interpreter it links to, which may sit
    under a private home such as /root/.pyenv): add o+x where a folder lacks it, undo afterwards."""
    changed: list[tuple[Path, int]] = []
    folders: list[Path] = []
    for path in paths:
        for parent in [*reversed(path.parents), path]:
            if parent not in folders and parent.is_dir():
                folders.append(parent)
    for parent in folders:
        probe = _run("runuser", "-u", account, "--", "test", "-x", str(parent), check=False)
        if probe.returncode != 0:
            mode = parent.stat().st_mode
            changed.append((parent, mode))
            parent.chmod(mode | stat.S_IXOTH | stat.S_IROTH)
    try:
        yield
    finally:
        for parent, mode in reversed(changed):
            parent.chmod(stat.S_IMODE(mode))


# --- JupyterHub ------------------------------------------------------------------


@dataclass
class Hub:
    url: str
    service_token: str
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.service_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=60, **kwargs)


@contextlib.contextmanager
def jupyterhub(state: Path, instructors: list[str], learners: list[str], exchange: Path):
    port = free_port()
    token = secrets.token_hex(16)
    env = dict(os.environ, CASEBOOK_HUB_STATE=str(state), CASEBOOK_HUB_PORT=str(port),
               CASEBOOK_HUB_API_PORT=str(free_port()), CASEBOOK_HUB_PROXY_API_PORT=str(free_port()),
               CASEBOOK_INSTRUCTORS=",".join(instructors), CASEBOOK_LEARNERS=",".join(learners),
               CASEBOOK_EXCHANGE=str(exchange), CASEBOOK_HUB_SERVICE_TOKEN=token,
               PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    log = state / "hub.log"
    with log.open("w") as handle:
        process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
                                   cwd=state, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token, process, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if hub.api("GET", "/").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub n'a pas démarré :\n" + log.read_text()[-3000:])
            time.sleep(0.5)
        yield hub
    finally:
        for user in learners + instructors:
            with contextlib.suppress(Exception):
                hub.api("DELETE", f"/users/{user}/server")
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=10)


def login(hub: Hub, name: str, password: str) -> requests.Session:
    """Log in as a person does, through the hub's login form (PAM), and return the session."""
    session = requests.Session()
    page = session.get(f"{hub.url}/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    data = {"username": name, "password": password}
    if xsrf:
        data["_xsrf"] = xsrf.group(1)
    response = session.post(f"{hub.url}/hub/login?next=", data=data, allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise RuntimeError(f"connexion refusée pour {name} ({response.status_code})")
    return session


def user_token(hub: Hub, session: requests.Session, name: str) -> str:
    """An API token the learner asks for with their own login session (hub REST API)."""
    xsrf = session.cookies.get("_xsrf", "")
    response = session.post(f"{hub.url}/hub/api/users/{name}/tokens", json={"note": "test"},
                            headers={"X-XSRFToken": xsrf, "Referer": f"{hub.url}/hub/token"}, timeout=30)
    response.raise_for_status()
    return response.json()["token"]


def start_server(hub: Hub, name: str, token: str) -> str:
    """Start (or find) the learner's single-user server; return its base URL."""
    headers = {"Authorization": f"token {token}"}
    base = f"{hub.url}/user/{name}"

    def ask_to_start() -> None:
        response = requests.post(f"{hub.url}/hub/api/users/{name}/server", headers=headers, timeout=60)
        if response.status_code not in (201, 202, 400):  # 400: already running or still stopping
            response.raise_for_status()

    ask_to_start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = requests.get(f"{base}/api/status", headers=headers, timeout=30)
        if status.status_code == 200:
            return base
        if status.status_code == 424:
            # The hub has noticed the server is gone (after a crash) only now: ask again.
            ask_to_start()
        time.sleep(0.5)
    raise TimeoutError(f"le serveur de {name} ne répond pas")


def server_pid(name: str) -> int | None:
    """The pid of the learner's running single-user server (to kill it as a crash would)."""
    uid = pwd.getpwnam(name).pw_uid
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid and b"jupyterhub-singleuser" in (entry / "cmdline").read_bytes():
                return int(entry.name)
        except OSError:
            continue
    return None


# --- kernels through the learner's own server -------------------------------------


def execute(base: str, token: str, code: str, timeout: float = 180.0) -> str:
    """Run ``code`` in a new kernel of the learner's server (Jupyter protocol over WebSocket); return stdout."""
    from tornado import ioloop
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    kernel = requests.post(f"{base}/api/kernels", headers=headers, json={"name": "python3"}, timeout=60)
    kernel.raise_for_status()
    kernel_id = kernel.json()["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"

    async def run() -> str:
        connection = await websocket_connect(HTTPRequest(ws_url, headers=headers))
        msg_id = uuid.uuid4().hex
        connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex, "msg_type": "execute_request",
                       "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out: list[str] = []
        error = None
        while True:
            raw = await connection.read_message()
            if raw is None:
                raise RuntimeError("connexion au noyau perdue")
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "stream":
                out.append(message["content"]["text"])
            elif kind == "error":
                error = "\n".join(message["content"]["traceback"])
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                connection.close()
                if error:
                    raise RuntimeError(re.sub(r"\x1b\[[0-9;]*m", "", error))
                return "".join(out)

    try:
        return ioloop.IOLoop.current().run_sync(run, timeout=timeout)
    finally:
        requests.delete(f"{base}/api/kernels/{kernel_id}", headers=headers, timeout=30)
