"""Is the course text sound: citations resolve, principles covered, cases linked, no copied sentence?"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from casebook.core.load import Project

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


# --- The AI Act as amended by Regulation (EU) 2026/1744 (in force since 27 July 2026) ---------
# Every learner-facing sentence must describe the law as it stands, or say which earlier version
# it describes. A sentence that names the earlier version explicitly is allowed.
EARLIER_VERSION = re.compile(
    r"avant le 27 juillet 2026|(?:version|rédaction) (?:initiale|d'origine)|texte (?:initial|d'origine)"
    # « depuis le 27 juillet 2026, … (auparavant : viser un niveau suffisant) »: the wording
    # suggested by the second legal read names the earlier version as « auparavant ».
    r"|depuis le 27 juillet 2026.*\bauparavant\b",
    re.I | re.S)
OMNIBUS = re.compile(r"omnibus|ue-digital-omnibus-ia|règlement modificatif|2026/1744", re.I)
AI_ACT = re.compile(r"\bIA\b|\bAI Act\b|ai-act|intelligence artificielle|haut risque|annexe I", re.I)
# (name, pattern, scope): scope None = any sentence; "ai" = sentences about the AI Act;
# "omnibus" = sentences about the amending regulation.
PRE_AMENDMENT_CLAIMS = [
    ("haut risque de l'annexe I ou des dispositifs médicaux au 2 août 2027 (reporté au 2 août 2028)",
     re.compile(r"2\s+août\s+2027", re.I), "ai"),
    ("haut risque de l'annexe III au 2 août 2026 (reporté au 2 décembre 2027)",
     re.compile(r"(haut risque|annexe III)[^.;]{0,80}2\s+août\s+2026"
                r"|2\s+août\s+2026[^.;]{0,80}(haut risque|annexe III)", re.I), None),
    ("article 4 décrit comme l'obligation de garantir un niveau suffisant de maîtrise de l'IA",
     re.compile(r"niveau suffisant|maîtrise suffisante|garanti\w*[^.]{0,80}maîtrise de l'IA"
                r"|maîtrise de l'IA[^.]{0,40}suffisant", re.I), "ai"),
    ("règlement modificatif présenté comme une proposition ou un texte en attente",
     re.compile(r"\bproposition\b|\bpropos[ée]e?s?\b|en cours d'adoption|en cours de modification"
                r"|en discussion|\bannoncée?\b|pas (?:encore )?confirmée?|n'était pas confirmée"
                r"|sous réserve de sa publication|publication [^.]{0,30}attendue|\bpending\b"
                r"|\b(?:reporterait|repousserait|assouplirait|ferait|changerait|transformerait"
                r"|modifierait|laisserait|pourrait|prévoirait|interdirait)\b", re.I), "omnibus"),
    # Second legal read: the wording « prendre des mesures pour soutenir » exists only since
    # 27 July 2026; article 4 itself applies since 2 February 2025. A sentence that dates the
    # amended wording from 2 February 2025 without naming 27 July 2026 misdates it.
    ("rédaction modifiée de l'article 4 (« soutenir ») datée du 2 février 2025",
     re.compile(r"^(?!.*27\s+juillet\s+2026)(?=.*\bsoutenir\b)(?=.*(?:maîtrise|article 4|ai-act-art-4))(?=.*2\s+févr\w*\.?\s+2025)",
                re.I | re.S), "ai"),
    # The amending regulation entered into force on 27 July 2026; its provisions apply on their
    # own dates (2 Dec 2026, 2 Dec 2027, 2 Aug 2028): « en vigueur depuis », not « s'applique depuis ».
    ("règlement modificatif présenté comme « applicable » depuis le 27 juillet 2026 (il y est entré en vigueur)",
     re.compile(r"(?:s'appliqu\w*|applicables?)\s+depuis\s+le\s+27\s+juillet\s+2026", re.I), "omnibus"),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«A-ZÀ-Ý*(\[])|\n\s*\n|\n(?=\s*[-*#|:]|\s*\d+\.)")


def _sentences(text: str) -> list[str]:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


def _yaml_strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _yaml_strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _yaml_strings(value)]
    return []


def learner_facing_texts() -> list[tuple[str, str]]:
    """(where, text) for everything a learner, a reader or a trainer gets to read."""
    import ast
    import json

    import yaml

    texts = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in PAGES]
    for path in sorted((ROOT / "cases").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [(path.relative_to(ROOT).as_posix(), s) for s in _yaml_strings(data)]
    for entry in yaml.safe_load((ROOT / "registry" / "references.yml").read_text(encoding="utf-8")):
        for key in ("title", "identifier", "summary", "caveat"):
            if entry.get(key):
                texts.append((f"registry/references.yml#{entry['id']}.{key}", entry[key]))
    principles = yaml.safe_load((ROOT / "registry" / "principles.yml").read_text(encoding="utf-8"))
    texts += [("registry/principles.yml", s) for s in _yaml_strings(principles)]
    for path in sorted((ROOT / "casebook" / "labs").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts += [(path.relative_to(ROOT).as_posix(), node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        texts += [(path.relative_to(ROOT).as_posix(), "".join(cell["source"]))
                  for cell in notebook["cells"]]
    return texts


def pre_amendment_claims(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        for sentence in _sentences(text):
            if EARLIER_VERSION.search(sentence):
                continue
            # « reporté du 2 août 2027 au 2 août 2028 » states the amendment itself.
            postponed = re.search(r"report", sentence, re.I) and re.search(r"2\s+août\s+2028", sentence)
            for name, pattern, scope in PRE_AMENDMENT_CLAIMS:
                if postponed and pattern is PRE_AMENDMENT_CLAIMS[0][1]:
                    continue
                if scope == "ai" and not (AI_ACT.search(sentence) or OMNIBUS.search(sentence)):
                    continue
                if scope == "omnibus" and not OMNIBUS.search(sentence):
                    continue
                if pattern.search(sentence):
                    found.append(f"{where} : {name} : « {sentence[:300]} »")
    return found


def test_the_probe_finds_each_pre_amendment_claim_and_spares_the_current_law():
    """The probe itself: each known wrong claim is caught, the same facts as amended are not."""
    wrong = [
        "Le haut risque des dispositifs médicaux s'applique au 2 août 2027 {texte}`ai-act-art-113`.",
        "Les déployeurs doivent garantir un niveau suffisant de maîtrise de l'IA.",
        "Le Digital Omnibus, proposé en novembre 2025, reporterait le haut risque.",
        "Le règlement est en cours de modification (« Digital Omnibus »).",
        "Les obligations du haut risque de l'annexe III s'appliquent le 2 août 2026.",
        "Les déployeurs prennent depuis le 2 février 2025 des mesures pour soutenir la maîtrise de l'IA.",
        "L'article 4 impose de prendre des mesures pour soutenir la maîtrise de l'IA ; "
        "l'obligation s'applique depuis le 2 févr. 2025 {texte}`ai-act-art-4`.",
        "Le règlement (UE) 2026/1744 modifie l'AI Act et s'applique depuis le 27 juillet 2026.",
    ]
    right = [
        "Le haut risque des dispositifs médicaux a été reporté du 2 août 2027 au 2 août 2028.",
        "Dans sa version modifiée par le règlement (UE) 2026/1744, en vigueur depuis le 27 juillet 2026, "
        "le haut risque des dispositifs médicaux s'applique le 2 août 2028.",
        "Avant le 27 juillet 2026, l'article 4 demandait de garantir un niveau suffisant de maîtrise de l'IA.",
        "Les déployeurs prennent des mesures pour soutenir la maîtrise de l'IA de leur personnel.",
        "L'article 50 s'applique depuis le 2 août 2026.",
        "L'article 4 s'applique depuis le 2 février 2025 ; depuis le 27 juillet 2026, il impose de prendre "
        "des mesures pour soutenir la maîtrise de l'IA.",
        "Le règlement (UE) 2026/1744 est en vigueur depuis le 27 juillet 2026.",
        "Les pratiques interdites par l'AI Act le sont depuis le 2 février 2025.",
        "L'article 4 est applicable depuis le 2 février 2025 ; depuis le 27 juillet 2026, dans sa rédaction "
        "issue du règlement (UE) 2026/1744, il oblige le déployeur à prendre des mesures pour soutenir la "
        "maîtrise de l'IA (auparavant : viser un niveau suffisant de maîtrise).",
    ]
    for sentence in wrong:
        assert pre_amendment_claims([("exemple", sentence)]), sentence
    assert pre_amendment_claims([("exemple", " ".join(right))]) == []


def test_no_sentence_presents_the_ai_act_as_it_stood_before_27_july_2026():
    """Regulation (EU) 2026/1744 has amended the AI Act since 27 July 2026 (issue 13).

    Probes the book, the cases, the registry, the principles, the labs and the
    generated notebooks: a pre-amendment date or wording is allowed only in a
    sentence that says it describes the earlier version.
    """
    texts = learner_facing_texts()
    assert len(texts) > 500, "the probe no longer reads the course text"
    found = pre_amendment_claims(texts)
    assert not found, "Affirmations antérieures au règlement (UE) 2026/1744 présentées comme le droit " \
        "en vigueur :\n" + "\n".join(found)
