"""Sphinx extension of the course site (listed in ``_config.yml``).

* At ``config-inited``, generates the pages derived from the data (cases,
  principles, references, coverage): the site can never drift from ``cases/``.
* Roles for the course text: ``{texte}`id``` cites a registry entry (with
  « sous réserve » for unverified entries), ``{cas}`id``` links a public case,
  ``{principe}`P01``` links a principle. An unknown id, or a link to a
  workshop case, is a warning — an error with ``-W``.
* French typography in prose (authors type ordinary spaces).
* The site's player (``_vendor/js/casebook-player.js``) on case pages and « Mon parcours » only.
* Privacy: removes any stylesheet or script that would load from another host.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from casebook.core.load import Project
from casebook.core.model import Visibility
from casebook.text.labels import reference_label
from casebook.site import messages as S
from casebook.site.pages import GENERATED, generate
from casebook.text.typography import french_typography

logger = logging.getLogger(__name__)

REFERENCES_DOC = f"{GENERATED.as_posix()}/references"
PRINCIPLES_DOC = f"{GENERATED.as_posix()}/principes"
CASE_DOC = f"{GENERATED.as_posix()}/cas/pages/" + "{}"


def _project(env) -> Project:
    return env.app.casebook_project


class _LinkRole(SphinxRole):
    def link(self, docname: str, anchor: str | None, text: str, title: str = "") -> list[nodes.Node]:
        uri = self.env.app.builder.get_relative_uri(self.env.docname, docname)
        if anchor:
            uri += "#" + anchor
        node = nodes.reference(self.rawtext, text, refuri=uri, internal=True)
        if title:
            node["reftitle"] = title
        return [node]

    def fail(self, message: str):
        logger.warning(message, location=self.get_location())
        return [nodes.literal(self.rawtext, self.text)], []


class TexteRole(_LinkRole):
    """Cite a registry entry."""

    def run(self):
        ref = _project(self.env).references.get(self.text.strip())
        if ref is None:
            return self.fail(S.ROLE_UNKNOWN_REFERENCE.format(text=self.text))
        result = self.link(REFERENCES_DOC, "ref-" + ref.id, reference_label(ref), ref.title)
        if not ref.verified:
            result.append(nodes.emphasis(text=S.ROLE_UNVERIFIED))
        return result, []


class CasRole(_LinkRole):
    """Link a public case by id (workshop cases are never linked)."""

    def run(self):
        case_id = self.text.strip()
        case = _project(self.env).cases.get(case_id)
        if case is None:
            return self.fail(S.ROLE_UNKNOWN_CASE.format(case_id=case_id))
        if case.visibility is not Visibility.PUBLIC:
            return self.fail(S.ROLE_WORKSHOP_CASE.format(case_id=case_id))
        return self.link(CASE_DOC.format(case_id), None, case.title), []


class PrincipeRole(_LinkRole):
    def run(self):
        principle = _project(self.env).principles.get(self.text.strip())
        if principle is None:
            return self.fail(S.ROLE_UNKNOWN_PRINCIPLE.format(text=self.text))
        # Sphinx lower-cases label ids: the (P01)= target is #p01.
        return self.link(PRINCIPLES_DOC, principle.id.lower(), f"{principle.id} · {principle.name}"), []


def _on_config_inited(app: Sphinx, config) -> None:
    # Notebooks executed for the site must not read a learner's answers.
    os.environ.setdefault("CASEBOOK_STORE", os.path.join(tempfile.mkdtemp(prefix="casebook-site-"), "reponses.json"))
    project = Project.load()
    app.casebook_project = project
    changed = generate(project)
    if changed:
        logger.info(S.PAGES_UPDATED.format(count=len(changed)))


_VERBATIM = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math, nodes.math_block,
             nodes.doctest_block, nodes.reference)


def _french_typography(app: Sphinx, doctree) -> None:
    """No-break spaces before « : ; ! ? » and inside guillemets, in prose only (never in code)."""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, _VERBATIM) for a in _ancestors(parent)):
            continue
        new = french_typography(str(text))
        if new != str(text):
            parent.replace(text, nodes.Text(new))


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def _is_third_party(url: str | None) -> bool:
    return bool(url) and url.startswith(("http://", "https://", "//"))


def _unwanted(asset) -> bool:
    """Third-party assets, and Thebe (live code from a CDN), which the course does not offer."""
    filename = getattr(asset, "filename", asset) or ""
    body = (getattr(asset, "attributes", {}) or {}).get("body", "") or ""
    return _is_third_party(filename) or "thebe" in filename or "THEBE_JS_URL" in body


CASE_PAGES_PREFIX = f"{GENERATED.as_posix()}/cas/pages/"
PROGRESS_PAGE = f"{GENERATED.as_posix()}/parcours"


def _player_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The player's script and styles, on the pages that use them (case pages, « Mon parcours ») only."""
    if pagename.startswith(CASE_PAGES_PREFIX) or pagename == PROGRESS_PAGE:
        app.add_css_file("css/casebook-player.css")
        app.add_js_file("js/casebook-player.js", loading_method="defer")
    if pagename == PROGRESS_PAGE:
        app.add_js_file("js/casebook-parcours.js", loading_method="defer")


def _strip_third_party(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if files:
            context[key] = [f for f in files if not _unwanted(f)]


_SEARCH_BUTTON = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"')
_THEME_ICON = re.compile(r'(<i class="theme-switch[^"]*" data-mode="\w+")\s+title="[^"]*"')
_BARE_SUMMARY = "<summary><span class=\"toctree-toggle\" role=\"presentation\">"
_NAMED_SUMMARY = (f"<summary aria-label=\"{S.SIDEBAR_TOGGLE_LABEL}\">"
                  "<span class=\"toctree-toggle\" role=\"presentation\">")


# Scripts the theme loads on every page and the course does not use (about 1.8 MB):
# fontawesome.js redraws the icons as SVG although the theme's CSS already draws them
# with its web font; the search index and its tools serve the « search as you type »
# box, which is off, so only the ordinary search page keeps them.
_SCRIPT_TAG = r'[ \t]*<script (?:defer )?src="[^"]*(?:{})(?:\?[^"]*)?"></script>\n?'
_ICON_SCRIPT = re.compile(_SCRIPT_TAG.format(r"_static/scripts/fontawesome\.js"))
_SEARCH_SCRIPTS = re.compile(_SCRIPT_TAG.format(r"_static/searchtools\.js|_static/language_data\.js|searchindex\.js"))


def _lighter_page(text: str, is_search_page: bool) -> str:
    text = _ICON_SCRIPT.sub("", text)
    return text if is_search_page else _SEARCH_SCRIPTS.sub("", text)


# Privacy: nothing may be written to the browser's storage by merely reading the site (the player
# writes only when the reader validates an answer). The theme saves the light/dark mode on every
# page load, the sidebar's scroll position on leaving a page, and Sphinx's search stores the terms
# to highlight: keep only the reader's explicit choice of mode, drop the other two.
_STORAGE_PATCHES = {
    "scripts/pydata-sphinx-theme.js": [
        (re.compile(r'localStorage\.setItem\("mode",(\w+)\),localStorage\.setItem\("theme",(\w+)\)'),
         r'(localStorage.getItem("mode")!==null||\1!=="{default_mode}")&&'
         r'(localStorage.setItem("mode",\1),localStorage.setItem("theme",\2))', '!=="{default_mode}")&&('),
        (re.compile(r'sessionStorage\.setItem\("sidebar-scroll-top",\w+\.scrollTop\)'), "void 0",
         '"beforeunload",()=>{void 0}'),
    ],
    "sphinx_highlight.js": [(re.compile(r"const SPHINX_HIGHLIGHT_ENABLED = true\b"),
                             "const SPHINX_HIGHLIGHT_ENABLED = false", "SPHINX_HIGHLIGHT_ENABLED = false")],
}


def _no_storage_on_reading(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    # The mode the theme starts in when the reader has chosen none (its inline script's default).
    default_mode = (app.config.html_context or {}).get("default_mode", "auto")
    for name, patches in _STORAGE_PATCHES.items():
        path = static / name
        text = path.read_text(encoding="utf-8")
        for pattern, replacement, done in patches:
            replacement, done = (x.replace("{default_mode}", default_mode) for x in (replacement, done))
            text, count = pattern.subn(replacement, text)
            if count == 0 and done not in text:
                logger.warning(S.THEME_PATTERN_MISSING.format(pattern=pattern.pattern, file=name))
        path.write_text(text, encoding="utf-8")


def _accessible_theme(app: Sphinx, exception) -> None:
    """Fixes to the theme's markup. WCAG: a button's name must contain its visible text (search
    button, theme switch icons), and the sidebar's icon-only <summary> toggles need a name.
    Weight: a reader on a phone should not download scripts the pages do not use."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        fixed = _lighter_page(text, is_search_page=path == outdir / "search.html")
        fixed = _SEARCH_BUTTON.sub(r"\1", fixed).replace(_BARE_SUMMARY, _NAMED_SUMMARY)
        fixed = _THEME_ICON.sub(r'\1 aria-hidden="true"', fixed)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx):
    app.add_role("texte", TexteRole())
    app.add_role("cas", CasRole())
    app.add_role("principe", PrincipeRole())
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-read", _french_typography)
    app.connect("html-page-context", _player_assets, priority=400)
    app.connect("html-page-context", _strip_third_party)
    app.connect("build-finished", _accessible_theme)
    app.connect("build-finished", _no_storage_on_reading)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
