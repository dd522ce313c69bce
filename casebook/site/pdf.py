"""``make pdf``: the public course as one PDF, for offline reading and printing.

1. Jupyter Book builds a single-page HTML (``singlehtml`` builder) from a table of
   contents restricted to the public course: home, the chapters, « Que faire si… »,
   the public cases (their generated pages, feedback included), the principles,
   the references and the glossary. Workshop cases never have a page, and the
   evaluation items live outside ``cases/``: neither can reach the PDF.
2. The Debian Chromium already used by the tests (``/usr/bin/chromium``, driven
   by playwright; nothing downloads a browser) prints that page to PDF with a
   document outline; links inside the page stay clickable in the PDF.

The PDF is written to ``_build/pdf/`` and copied next to the site
(``_build/html/``) when the site exists, where the « Référentiel » page links to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from casebook.core import paths
from casebook.core.framework import PDF_NAME
from casebook.site import messages as S

# The captions of _toc.yml's public parts, matched against that file (never shown by this module).
PUBLIC_PARTS = {"Les principes", "Agir", "Cas pratiques", "Ressources"}
EXCLUDED_FILES = {"book/guide-formateur", "book/confidentialite", "book/article-source"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article, .prev-next-area,
.bd-header-announcement, .search-button, .theme-switch-button, .headerlink, footer, .skip-link,
#pst-back-to-top, .bd-footer-article, .bd-footer-content, .sidebar-toggle, .primary-toggle,
.secondary-toggle { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.bd-article { padding: 0 !important; }
section > h1 { break-before: page; }
details { display: block; } details > * { display: block !important; }
"""


def pdf_toc(root: Path) -> dict:
    """The site's table of contents, restricted to the public course."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = []
    for part in toc["parts"]:
        if part.get("caption") not in PUBLIC_PARTS:
            continue
        chapters = [c for c in part["chapters"] if c.get("file") not in EXCLUDED_FILES]
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {"format": toc["format"], "root": toc["root"], "parts": parts}


def build_singlehtml(root: Path, out: Path) -> Path:
    from casebook.site.build import jupyter_book_command

    toc = out / "_toc-pdf.yml"
    out.mkdir(parents=True, exist_ok=True)
    toc.write_text(yaml.safe_dump(pdf_toc(root), allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("CASEBOOK_STORE", os.path.join(tempfile.mkdtemp(prefix="casebook-pdf-"), "reponses.json"))
    command = [*jupyter_book_command(), "build", "--all", "--builder", "singlehtml", "--toc", str(toc),
               "--path-output", str(out), str(root)]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    page = out / "_build" / "singlehtml" / "book" / "index.html"
    if result.returncode != 0 or not page.exists():
        raise RuntimeError(S.PDF_SINGLEHTML_FAILED.format(output=(result.stdout + result.stderr)[-4000:]))
    # The single page is written under book/ but its links are relative to the output root.
    index = page.parent.parent / "cours.html"
    shutil.copyfile(page, index)
    return index


LINK_SCRIPT = r"""
() => {
  document.querySelectorAll('details').forEach(d => d.setAttribute('open', ''));
  // Links to other pages of the site become links inside the single page.
  for (const link of document.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (/^(https?:|mailto:|#)/.test(href)) continue;
    const [path, fragment] = href.split('#');
    if (fragment && document.getElementById(fragment)) { link.setAttribute('href', '#' + fragment); continue; }
    const doc = path.replace(/^(\.\.\/)+/, '').replace(/\.html$/, '');
    const target = document.getElementById('document-' + doc);
    if (target) link.setAttribute('href', '#document-' + doc);
  }
  return true;
}
"""


def print_pdf(index: Path, target: Path) -> Path:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(S.PDF_NO_CHROMIUM)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(index.resolve().as_uri(), wait_until="load")
            page.add_style_tag(content=PRINT_CSS)
            page.evaluate(LINK_SCRIPT)
            page.emulate_media(media="print")
            page.pdf(path=str(target), format="A4", print_background=True, scale=0.8, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template="<div style='font-size:8px;width:100%;text-align:center'>"
                                     "<span class='pageNumber'></span> / <span class='totalPages'></span></div>",
                     margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        finally:
            browser.close()
    return target


def build(root: Path | None = None) -> Path:
    root = root or paths.project_root()
    out = root / "_build" / "pdf"
    index = build_singlehtml(root, out)
    target = print_pdf(index, out / PDF_NAME)
    site = root / "_build" / "html"
    if site.is_dir():
        shutil.copyfile(target, site / PDF_NAME)
    return target


def main(argv: list[str] | None = None) -> int:
    try:
        target = build()
    except RuntimeError as exc:
        print(S.PDF_ERROR.format(error=exc), file=sys.stderr)
        return 1
    print(S.PDF_DONE.format(target=target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
