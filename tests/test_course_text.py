"""Is the course text sound: citations resolve, principles covered, cases linked, no copied sentence?"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from casebook.load import Project

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted((BOOK / "chapitres").glob("*.md"))
PAGES = sorted(p for p in BOOK.rglob("*.md") if "_generated" not in p.parts)
# Fingerprints of the article's 12-word runs (hashes, not the text), from ../shared/seed.
ARTICLE_GRAMS = ROOT / "tests" / "fixtures" / "article-12grams.txt"
ROLE = re.compile(r"\{(texte|cas|principe)\}`([^`]+)`")


def roles(path: Path, kind: str) -> list[str]:
    return [value.strip() for role, value in ROLE.findall(path.read_text(encoding="utf-8")) if role == kind]


def test_at_least_ten_chapters_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert len(CHAPTERS) >= 10
    for chapter in CHAPTERS:
        assert f"book/chapitres/{chapter.stem}" in toc


def test_every_citation_resolves_and_unverified_ones_are_flagged():
    project = Project.load()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for ref_id in roles(page, "texte"):
            assert ref_id in project.references, f"{page.name} cite {ref_id}, absent du registre"
        # The role itself adds « (sous réserve) » on the site; the sentence must say it too.
        for match in ROLE.finditer(text):
            if match.group(1) == "texte" and not project.references[match.group(2).strip()].verified:
                sentence = text[max(0, match.start() - 400): match.end() + 200].lower()
                assert "sous réserve" in sentence or "à vérifier" in sentence or "non vérifi" in sentence, (
                    f"{page.name} cite {match.group(2)} (non vérifiée) sans réserve")


def test_every_principle_is_taught_and_each_chapter_links_two_cases():
    project = Project.load()
    taught = set()
    for chapter in CHAPTERS:
        taught.update(roles(chapter, "principe"))
        linked = set(roles(chapter, "cas"))
        assert len(linked) >= 2, f"{chapter.name} ne renvoie qu'à {len(linked)} cas"
        for case_id in linked:
            assert case_id in project.cases, f"{chapter.name} : cas inconnu {case_id}"
            assert project.cases[case_id].visibility.value == "public", f"{chapter.name} lie un cas d'atelier"
    assert taught >= {f"P{n:02d}" for n in range(1, 13)}


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return re.findall(r"[\w']+", text)


def _fingerprint(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]


def test_fingerprints_match_the_article_when_available():
    seed = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    if not seed:
        pytest.skip("../shared/seed absent : empreintes non recalculées")
    article = _words(seed[0].read_text(encoding="utf-8"))
    expected = {_fingerprint(article[i:i + 12]) for i in range(len(article) - 11)}
    assert expected == _article_grams()


def _article_grams() -> set[str]:
    lines = ARTICLE_GRAMS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_no_run_of_twelve_words_shared_with_the_article():
    grams = _article_grams()
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "cases").glob("*.yml"))]
    texts += [(ROOT / "registry" / "principles.yml").read_text(encoding="utf-8")]
    hits = []
    for text in texts:
        words = _words(text)
        hits += [" ".join(words[i:i + 12]) for i in range(len(words) - 11) if _fingerprint(words[i:i + 12]) in grams]
    assert not hits, hits[:5]


# A surname given with a title (M., Mme, Dr, Pr), after an optional first name,
# particles included: « Mme Garnier », « M. Paul Garnier », « Mme Le Bihan ».
_NAME = r"[A-ZÉÈ][a-zéèêëïîôç]+(?:-[A-ZÉÈ][a-zéèêëïîôç]+)?"
TITLED_SURNAME = re.compile(rf"\b(?:M\.|Mme|Dr|Pr)\s+(?:{_NAME}\s+)?((?:(?:Le|La|De|Du)\s+)?{_NAME})\b")


def test_each_named_person_belongs_to_one_story():
    """A reader who meets « Mme Garnier » in two cases takes them for the same patient.

    Every surname introduced with a title must appear, as a whole word, in one case
    or one chapter only (first name + surname spellings included).
    """
    sources = sorted(ROOT.glob("cases/*.yml")) + [
        path for path in sorted((ROOT / "book").rglob("*.md")) if "_generated" not in path.parts]
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    surnames = {match.group(1) for text in texts.values() for match in TITLED_SURNAME.finditer(text)}
    assert len(surnames) >= 20, "the name pattern no longer finds the characters of the cases"
    shared = {}
    for surname in sorted(surnames):
        word = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
        holders = [path.relative_to(ROOT).as_posix() for path, text in texts.items() if word.search(text)]
        if len(holders) > 1:
            shared[surname] = holders
    assert not shared, f"surnames used in several stories: {shared}"
