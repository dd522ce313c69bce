"""Is learner-facing text typeset the French way (no-break spaces before : ; ! ? and inside « »)?"""

import json
import re
from pathlib import Path

from casebook.core.load import Project
from casebook.learner.render import case_static_html
from casebook.text.typography import french_html, french_typography

ROOT = Path(__file__).resolve().parent.parent
BAD = re.compile(r"(?:\w|») [:;!?]|« \w|\w »")


def visible_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_rules():
    assert french_typography("Attention : oui ; non ! « Bien » ?") == \
        "Attention\u00a0: oui\u202f; non\u202f! «\u00a0Bien\u00a0»\u202f?"
    assert french_typography("https://exemple.fr/a?b=1 à 12:30") == "https://exemple.fr/a?b=1 à 12:30"
    assert french_html('<a title="x : y">a &amp; b ; c</a>') == '<a title="x : y">a &amp; b\u202f; c</a>'


def test_static_case_pages_are_typeset():
    project = Project.load()
    for case in project.public_cases:
        text = visible_text(case_static_html(case, project))
        assert not BAD.search(text), (case.id, BAD.search(text).group(0))


def test_generated_notebooks_markdown_is_typeset():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                source = re.sub(r"`[^`]*`|\([^)]*\)", "", "".join(cell["source"]))
                assert not BAD.search(source), (path.name, BAD.search(source).group(0))
