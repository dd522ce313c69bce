"""The published site: strict build, French, private, accessible, checked in a real Chromium."""

from __future__ import annotations

import functools
import re
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from browser import first_load, launch
from casebook.core.load import Project

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.slow]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.assets = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for key in ("src",) if tag in ("script", "img", "iframe", "source") else ("href",) if tag == "link" else ():
            if attrs.get(key):
                self.assets.append(attrs[key])


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def content_pages(site: Path) -> list[Path]:
    skip = {"search.html", "genindex.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def test_french_configuration(site):
    index = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in index
    language_data = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "FrenchStemmer" in language_data
    assert "Rechercher dans le cours" in (site / "search.html").read_text(encoding="utf-8") + index


def test_generated_pages_follow_the_data(site):
    project = Project.load()
    for case in project.public_cases:
        page = site / "book" / "_generated" / "cas" / "pages" / f"{case.id}.html"
        assert page.exists(), case.id
        text = page.read_text(encoding="utf-8")
        assert "<details" in text  # feedback behind an accessible disclosure
        plain = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", text))
        first_words = " ".join(re.findall(r"\w+", case.steps[0].options[0].feedback)[:6])
        assert first_words in " ".join(re.findall(r"\w+", plain))
    for name in ("principes", "references", "couverture", "cas/index"):
        assert (site / "book" / "_generated" / f"{name}.html").exists()
    references = (site / "book" / "_generated" / "references.html").read_text(encoding="utf-8")
    for ref in project.references.values():
        assert f'id="ref-{ref.id}"' in references
    figure = (site / "book" / "_generated" / "couverture.html").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]+alt="Matrice', figure)


def player_data(site: Path) -> dict[Path, dict]:
    """The player's data embedded in the built pages (``<script type="application/json" id="cb-data">``)."""
    found = {}
    for page in site.rglob("*.html"):
        match = re.search(r'<script type="application/json" id="cb-data">(.*?)</script>',
                          page.read_text(encoding="utf-8"), re.S)
        if match:
            found[page] = json.loads(match.group(1))
    return found


def test_workshop_cases_never_reach_the_site(site):
    """No workshop case id or feedback anywhere: pages, scripts, JSON files and the player's embedded data."""
    project = Project.load()
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".json", ".txt", ".ipynb")]
    assert any(p.name == "casebook-player.js" for p in files)
    corpus = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in files)
    corpus_plain = re.sub(r"\s+", " ", corpus.replace("\u00a0", " ").replace("\u202f", " "))
    for case in project.workshop_cases:
        assert case.id not in corpus, case.id
        for step in case.steps:
            for option in step.options:
                needle = re.sub(r"\s+", " ", option.feedback.replace("\u00a0", " ").replace("\u202f", " "))[:80]
                assert needle not in corpus_plain, f"{case.id}/{option.id}"
    # The player's data, decoded (JSON escapes would hide a text from the plain search above).
    data = player_data(site)
    public = {c.id for c in project.public_cases}
    assert len([d for d in data.values() if "case" in d]) == len(public)
    decoded = json.dumps(list(data.values()), ensure_ascii=False)
    for payload in data.values():
        ids = [payload["case"]["id"]] if "case" in payload else [c["id"] for c in payload["cases"]]
        assert set(ids) <= public, set(ids) - public
    for case in project.workshop_cases:
        assert f'"{case.id}"' not in decoded
        for step in case.steps:
            for option in step.options:
                assert option.feedback[:80] not in decoded, f"{case.id}/{option.id}"


def test_no_asset_from_another_host(site):
    for page in content_pages(site):
        for asset in parse(page).assets:
            assert not urlparse(asset).netloc, f"{page.relative_to(site)} charge {asset}"


def test_every_internal_link_and_anchor_resolves(site):
    ids_cache: dict[Path, set[str]] = {}
    checked = 0
    for page in content_pages(site):
        for href in parse(page).links:
            parsed = urlparse(href)
            if parsed.scheme in ("http", "https", "mailto") or href.startswith("//"):
                continue
            target = (page.parent / unquote(parsed.path)).resolve() if parsed.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)} → {href}"
            if parsed.fragment and target.suffix == ".html":
                ids = ids_cache.setdefault(target, parse(target).ids)
                assert unquote(parsed.fragment) in ids, f"{page.relative_to(site)} → {href} (ancre absente)"
            checked += 1
    assert checked > 200


@pytest.mark.browser
def test_every_page_in_chromium(site, server, artifacts):
    """HTTP 200, no console error, every request to the site's own origin, no cookie, nothing stored;
    screenshots."""
    from playwright.sync_api import sync_playwright

    pages = content_pages(site)
    origin = urlparse(server).netloc
    foreign, errors, statuses = [], [], []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda r: foreign.append(r.url)
                   if urlparse(r.url).netloc not in (origin, "") and not r.url.startswith("data:") else None)
        page = context.new_page()
        page.on("console", lambda m: errors.append((page.url, m.text)) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append((page.url, str(e))))
        import urllib.request

        for path in pages:
            url = urljoin(server + "/", str(path.relative_to(site)))
            with urllib.request.urlopen(url) as response:
                statuses.append((url, response.status))
            if path == site / "index.html":
                continue  # the root only redirects to book/index.html, visited anyway
            page.goto(url, wait_until="load")
            # Reading writes nothing to the browser's storage (the player writes on validation only).
            written = page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
            assert not written, (url, written)
        assert all(status == 200 for _, status in statuses), [s for s in statuses if s[1] != 200]
        assert not foreign, foreign[:10]
        assert context.cookies() == []
        assert not errors, errors[:10]
        case_page = next(p for p in pages if "/cas/pages/" in p.as_posix())
        for width, label in ((1280, "bureau"), (360, "mobile")):
            page.set_viewport_size({"width": width, "height": 800})
            for name, path in (("accueil", site / "book" / "index.html"), ("cas", case_page)):
                page.goto(urljoin(server + "/", str(path.relative_to(site))))
                page.screenshot(path=str(artifacts / f"site-{name}-{label}.png"), full_page=False)
                if width == 360:
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 1, f"{name} déborde de {overflow}px à 360 px"
        browser.close()
    print(f"{len(pages)} pages vérifiées, {len(foreign)} requête(s) vers d'autres hôtes")


@pytest.mark.browser
def test_a_case_page_stays_light_and_icons_and_search_still_work(site, server):
    """A case page fetches under 1 MB (no unused theme scripts), yet the theme's icons are
    drawn (web font) and the search page finds the course's pages."""
    from playwright.sync_api import sync_playwright

    case_page = next(p for p in content_pages(site) if "/cas/pages/" in p.as_posix())
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        loaded = first_load(page, server, site, case_page.relative_to(site).as_posix())
        fetched = " ".join(loaded["urls"])
        assert "fontawesome.js" not in fetched and "searchindex.js" not in fetched, loaded["urls"]
        assert loaded["bytes"] <= 1_000_000, f"{loaded['bytes']} octets au premier chargement"
        icon = page.locator("button.search-button__button i.fa-magnifying-glass").first
        drawn = icon.evaluate("i => [getComputedStyle(i, '::before').fontFamily, i.getBoundingClientRect().width]")
        assert "Font Awesome" in drawn[0] and drawn[1] > 0, drawn
        page.goto(f"{server}/search.html?q=secret")
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.locator("#search-results ul.search li").count() >= 5
        browser.close()


@pytest.mark.browser
def test_disclosures_work_with_the_keyboard(site, server):
    """The case page without JavaScript (the player's fallback): feedback behind disclosures that open
    and close with the keyboard."""
    from playwright.sync_api import sync_playwright

    case_page = next(p for p in content_pages(site) if "/cas/pages/" in p.as_posix())
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(urljoin(server + "/", str(case_page.relative_to(site))))
        details = page.locator("article details.sd-dropdown").first
        assert details.get_attribute("open") is None
        details.locator("summary").focus()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") is not None
        assert details.locator("p").first.is_visible()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") is None
        browser.close()


@pytest.mark.browser
def test_accessibility_with_axe(site, server):
    """axe-core on each page type: no serious or critical violation."""
    from playwright.sync_api import sync_playwright

    assert AXE.exists(), "axe-core absent : lancez « make setup » (npm ci)"
    pages = content_pages(site)
    samples = {
        "accueil": site / "book" / "index.html",
        "chapitre": site / "book" / "chapitres" / "secret-professionnel.html",
        "cas": next(p for p in pages if "/cas/pages/" in p.as_posix()),
        "notebook": site / "notebooks" / "cas-reputation.html",
        "references": site / "book" / "_generated" / "references.html",
    }
    failures = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        for kind, path in samples.items():
            page.goto(urljoin(server + "/", str(path.relative_to(site))))
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                failures[kind] = bad
        browser.close()
    assert not failures, failures
