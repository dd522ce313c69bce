"""Helpers for real-browser tests: Debian's Chromium driven by Playwright, local servers."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium introuvable : installez les paquets Debian chromium et chromium-driver (.ci/run le fait).")


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last = exc
        time.sleep(0.3)
    raise TimeoutError(f"{url} ne répond pas ({last})")


@contextlib.contextmanager
def jupyter_server(app: str, root_dir: Path, env: dict, token: str = "jeton-de-test"):
    """Start `jupyter lab` or `jupyter notebook` on 127.0.0.1 with a token; stop it afterwards."""
    port = free_port()
    log = open(root_dir / f"{app}-server.log", "w")
    process = subprocess.Popen(
        ["jupyter", app, "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
         "--ServerApp.disable_check_xsrf=False", "--LabApp.news_url=", "--LabApp.collaborative=False"],
        cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/api/status?token={token}")
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_server(directory: Path):
    """Serve a built site on 127.0.0.1 (random port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def launch(playwright):
    require_chromium()
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".avif"}


def first_load(page, base_url: str, site: Path, path: str) -> dict:
    """Open ``path`` in a fresh page and weigh what it fetched from ``site``.

    Sizes come from the files on disk (uncompressed), not from response bodies, which
    Chromium does not always keep: a measure built on them once missed 1.7 MB of scripts.
    """
    from urllib.parse import unquote, urlparse

    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    weight = {"other": 0, "image": 0}
    for url in urls:
        local = site / unquote(urlparse(url).path).lstrip("/")
        if local.is_dir():
            local = local / "index.html"
        if local.is_file():
            weight["image" if local.suffix.lower() in IMAGE_SUFFIXES else "other"] += local.stat().st_size
    return {"bytes": weight["other"], "image_bytes": weight["image"], "requests": len(urls), "urls": urls}


def accept_kernel_picker(page) -> None:
    """Answer JupyterLab's « Select Kernel » dialog with the kernel it proposes, as a person does.

    A fresh-clone run on a loaded machine once timed out behind a JupyterLab dialog that the log
    did not name; the kernel picker (shown when the notebook opens before the kernels are listed)
    is the likely one. Any other dialog is a real problem: the test fails with its text.
    """
    dialog = page.locator(".jp-Dialog")
    if not dialog.count() or not dialog.first.is_visible():
        return
    if dialog.first.locator("select").count():
        dialog.first.locator("button.jp-mod-accept").click()
        dialog.first.wait_for(state="detached", timeout=10_000)
        return
    raise AssertionError(f"JupyterLab montre une boîte de dialogue inattendue : {dialog.first.inner_text()!r}")


def run_all_cells(page, timeout_ms: int = 90_000) -> None:
    """Run every cell of the open notebook, as a person does with « Run → Run All Cells ».

    JupyterLab sometimes drops the menu command while the kernel is still connecting (the cells
    stay « [ ]: »). So: wait for the kernel, use the menu, and if no cell has run after a while,
    use the menu again. Waiting is on the page's own state (an execution count appears).
    """
    import re as _re

    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', state="attached",
                           timeout=timeout_ms)
    # « [*] » (queued or running) or « [n] » (done): the command was taken.
    executed = page.locator(".jp-InputPrompt", has_text=_re.compile(r"\[(\*|\d+)\]"))
    for _attempt in range(3):
        accept_kernel_picker(page)
        page.locator(".jp-Notebook").first.click()
        page.locator(".lm-MenuBar-itemLabel", has_text=_re.compile(r"^Run$")).first.click()
        page.locator('li[data-command="runmenu:run-all"]').first.click()
        try:
            executed.first.wait_for(timeout=timeout_ms // 3)
        except Exception:  # noqa: BLE001 - the command was dropped: try again
            page.keyboard.press("Escape")
            continue
        # Then let every cell finish, so nothing re-renders under the test's clicks.
        page.locator(".jp-InputPrompt", has_text="[*]").first.wait_for(state="detached", timeout=timeout_ms)
        return
    raise AssertionError("« Run All Cells » n'a exécuté aucune cellule")


def tick(page, choices, index: int = 0, attempts: int = 4) -> None:
    """Tick the ``index``-th radio or checkbox of ``choices``, as a person does: click, look, retry.

    An ipywidgets view can be re-rendered by a late state message from the kernel (on a loaded
    server, after « Run All » seemed done); a click that lands on the old element is then lost and
    Playwright's ``check()`` fails with « did not change its state ». A person clicks again.
    """
    for _attempt in range(attempts):
        target = choices.nth(index)
        try:
            target.click(timeout=10_000)
        except Exception:  # noqa: BLE001 - the element was replaced while clicking: look again
            pass
        page.wait_for_timeout(300)
        if choices.nth(index).is_checked():
            return
        page.wait_for_timeout(1_000)
    raise AssertionError(f"le choix n° {index + 1} reste décoché après {attempts} clics")
