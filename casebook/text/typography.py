"""French typography applied to learner-facing text when it is loaded.

Authors type ordinary spaces; the course shows correct French typography: a
no-break space before « : » and inside guillemets, a narrow no-break space
before « ; ! ? ». Doing it once, at load time, means every view (widgets, site,
nbgrader feedback) gets it without repeating the rule.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACE_BEFORE_TIGHT = re.compile(r"[ \u00a0\u202f]+([;!?])")
_SPACE_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")
# A word directly followed by ; ! ? (no space): add the narrow space, but leave
# URLs, times (12:30), and ?!/!! runs alone.
_MISSING_TIGHT = re.compile(r"(?<=[\w»)])([;!?])(?=\s|$|[»)])")
_MISSING_COLON = re.compile(r"(?<=[A-Za-zÀ-ÿ»)]):(?=\s|$)")


def french_typography(text: str) -> str:
    """Return ``text`` with French no-break spaces around punctuation and guillemets."""
    text = _SPACE_BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    text = _MISSING_TIGHT.sub(NNBSP + r"\1", text)
    text = _MISSING_COLON.sub(NBSP + ":", text)
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    return text


_HTML_TOKENS = re.compile(r"(<style.*?</style>|<script.*?</script>|<[^>]+>|&[#\w]+;)", re.S | re.I)


def french_html(html: str) -> str:
    """Apply :func:`french_typography` to the text of an HTML fragment, never to tags or entities."""
    parts = _HTML_TOKENS.split(html)
    return "".join(part if _HTML_TOKENS.fullmatch(part) else french_typography(part) for part in parts)
