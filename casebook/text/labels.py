"""Short labels of registry entries, the same in every view (widgets, notebooks, site, player).

A label must say which text and which article a statement rests on. Most
registry identifiers already start with that (« CSP art. R4127-4 »,
« C. pén. art. 226-13 »); their label is that head, without the editorial notes
that follow (« (rédaction issue de…) », « — LEGIARTI… », « ; … »). When the
articles come only after such a note (« Loi n° 78-17 (réécrite…) — art. 6, 65,
66 »), they are appended to the head.

EU regulations are the exception: their identifier starts with the bare number
(« Règlement (UE) 2016/679, art. 9 (1), (2)(a)… »), whose head would read just
« Règlement ». Their label comes from two fields: the text's usual name and
article from the title (« RGPD, art. 9 — … », « AI Act, art. 50 — … ») and the
official number from the identifier. A name that is a French acronym stands on
its own (« RGPD, art. 9 »); a nickname in another language follows the official
number (« Règlement (UE) 2024/1689 (AI Act), art. 50 »).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the label needs only the fields; the words layer sits below the engine
    from casebook.core.model import Reference

_EDITORIAL_NOTE = re.compile(r" \(| — | ; |, créée? (?:par|le)\b|, applicable\b")
_REGULATION = re.compile(r"^(Règlement \((?:UE|CE)\) \d{4}/\d+)\b")
_LATER_ARTICLE = re.compile(r"\bart\. [^—;()]+")
_TITLE_ARTICLE = re.compile(r"^(?P<name>[^,—]+?), (?P<article>art\. [^—]+?)\s*(?:—|$)")


def _head(text: str) -> str:
    return _EDITORIAL_NOTE.split(text, maxsplit=1)[0].strip()


def reference_label(ref: Reference) -> str:
    """The short label of ``ref``: text and article (« RGPD, art. 9 », « CSP art. R4127-4 »)."""
    regulation = _REGULATION.match(ref.identifier)
    if regulation:
        named = _TITLE_ARTICLE.match(ref.title)
        if named:
            name, article = named.group("name").strip(), named.group("article").strip()
            if not (name.isupper() and " " not in name):  # not a French acronym such as RGPD
                name = f"{regulation.group(1)} ({name})"
            return f"{name}, {article}"
        article = _LATER_ARTICLE.search(_head(ref.identifier[regulation.end():].lstrip(", ")))
        if article:
            return f"{regulation.group(1)}, {article.group(0).strip().rstrip(',')}"
        # A whole regulation (the act that amends another one): its number, and its usual name if any.
        nickname = re.search(r"« ([^»]+) »", ref.title)
        return f"{regulation.group(1)} ({nickname.group(1).strip()})" if nickname else regulation.group(1)
    head = _head(ref.identifier)
    if "art." not in head:
        # « Loi n° 78-17 (réécrite…) — art. 6, 65, 66 »: the article comes after an editorial note.
        article = _LATER_ARTICLE.search(ref.identifier[len(head):])
        if article:
            return f"{head}, {article.group(0).strip().rstrip(',')}"
    return head
