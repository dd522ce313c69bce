"""Per-learner attestation PDFs, with a verification code.

An attestation is built from a *payload*: a small dict of everything the page
shows (course, learner, dates, cases and labs completed, estimated duration,
per-principle results, pre/post gain, framework hours, instructor). The
verification code is an HMAC-SHA256 of the payload's canonical JSON with the
course secret, the same secret file that salts the class report's pseudonyms
(``grading/.pseudonymes-sel``). The payload is embedded in the PDF; the PDF is
rendered deterministically from it.

``verifier FICHIER.pdf`` recomputes the HMAC from the embedded payload *and*
re-renders the PDF from it: the attestation is genuine and unchanged only when
both the code and every byte of the file match. ``verifier CODE`` looks the code
up in the register of issued attestations kept beside the exports.

Durations come from the case metadata (``duration_minutes``) and the labs'
estimated durations in ``registry/framework.yml``; nothing times the learner.

PDF library: fpdf2 (pure Python, maintained, LGPL), which embeds and subsets
TrueType fonts; the font is DejaVu Sans (Bitstream Vera licence, see
``casebook/fonts/LICENSE-DejaVu.txt``), chosen for its full coverage of French
typography (« », narrow no-break spaces, accents).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from casebook.analytics import messages as M

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
DEFAULT_THRESHOLD = 80.0
PAYLOAD_KEY = "CasebookAttestation"
REGISTER = "registre-attestations.json"
CODE_RE = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){4}$")
FIXED_DATE = datetime(2000, 1, 1)


class AttestationError(Exception):
    """The attestation cannot be produced or checked; the message (French) says why."""


# --- code -------------------------------------------------------------------------


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def verification_code(payload: dict, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), canonical(payload), hashlib.sha256).hexdigest().upper()[:20]
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def course_secret(grading: Path) -> str:
    """The course's secret: the pseudonym salt file, created on first use (never committed)."""
    path = grading / ".pseudonymes-sel"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(16).hex(), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


# --- rendering -------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}\u202f%"


def _h(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u202fh"


def _gain(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}".replace("-", "−").replace(".", ",")


def render_pdf(payload: dict, code: str) -> bytes:
    """The attestation, deterministically: same payload and code, same bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_compression(True)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(M.ATTESTATION_DOCUMENT_TITLE.format(learner=payload["learner"]))
    pdf.set_author(payload["instructor"])
    pdf.set_lang(M.LANGUAGE)
    pdf.set_subject(f"{PAYLOAD_KEY}:" + canonical(payload).hex())
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 12) -> None:
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)

    def line(text: str) -> None:
        pdf.multi_cell(width, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    heading(M.ATTESTATION_TITLE if not payload["self_declared"] else M.ATTESTATION_TITLE_SELF_DECLARED, 16)
    if payload["self_declared"]:
        pdf.set_text_color(160, 0, 0)
        line(M.ATTESTATION_SELF_DECLARED_WARNING)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    heading(payload["course"], 12)
    line(M.ATTESTATION_LEARNER.format(learner=payload["learner"]))
    line(M.ATTESTATION_DATES.format(period=payload["period"], issued_on=payload["issued_on"]))
    line(M.ATTESTATION_SCORE.format(score=_pct(payload["score_percent"]), threshold=_pct(payload["threshold"])))
    line(M.ATTESTATION_DURATION.format(duration=_h(payload["duration_hours"])))
    pdf.ln(2)
    heading(M.ATTESTATION_ACTIVITIES_HEADING, 11)
    line(M.ATTESTATION_CASES.format(count=len(payload["cases"]),
                                    cases=M.ATTESTATION_LIST_SEPARATOR.join(payload["cases"])))
    line(M.ATTESTATION_LABS.format(
        labs=M.ATTESTATION_LIST_SEPARATOR.join(payload["labs"]) if payload["labs"] else M.ATTESTATION_NO_LAB))
    pdf.ln(2)
    heading(M.ATTESTATION_PRINCIPLES_HEADING, 11)
    rows = [M.ATTESTATION_PRINCIPLES_COLUMNS]
    for item in payload["principles"]:
        rows.append((f"{item['id']} {item['name']}", _pct(item["percent"]), _pct(item.get("pre")),
                     _pct(item.get("post")), _gain(item.get("gain"))))
    widths = (width * 0.46, width * 0.12, width * 0.16, width * 0.12, width * 0.14)
    pdf.set_font("DejaVu", "", 8.5)
    with pdf.table(col_widths=widths, text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
                   line_height=4.6, first_row_as_headings=True) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.set_font("DejaVu", "", 10)
    gain = payload.get("gain")
    if gain:
        line(M.ATTESTATION_GAIN.format(pre=_pct(gain["pre"]), post=_pct(gain["post"]), gain=_gain(gain["g"])))
    else:
        line(M.ATTESTATION_NO_GAIN)
    pdf.ln(2)
    heading(M.ATTESTATION_FRAMEWORK_HEADING, 11)
    pdf.set_font("DejaVu", "", 9)
    line(M.ATTESTATION_DOMAINS.format(domains=M.ATTESTATION_LIST_SEPARATOR.join(
        M.ATTESTATION_DOMAIN_HOURS.format(id=d["id"], title=d["title"], hours=_h(d["hours"]))
        for d in payload["domains"])))
    line(M.ATTESTATION_FRAMEWORK_NOTE)
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(3)
    line(M.ATTESTATION_ISSUED_BY.format(instructor=payload["instructor"]))
    heading(M.ATTESTATION_CODE.format(code=code), 11)
    pdf.set_font("DejaVu", "", 8)
    line(M.ATTESTATION_VERIFY_NOTE)
    return bytes(pdf.output())


def payload_from_pdf(data: bytes) -> dict | None:
    """The payload embedded in an attestation PDF (in its Subject), or None."""
    match = re.search(rb"/Subject\s*\(", data)
    if not match:
        return None
    # fpdf2 writes metadata as UTF-16BE hex strings or literal strings; try both.
    hex_match = re.search(rb"/Subject\s*<([0-9A-Fa-f]+)>", data)
    text = None
    if hex_match:
        raw = bytes.fromhex(hex_match.group(1).decode())
        text = raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    else:
        lit = re.search(rb"/Subject\s*\((.*?)(?<!\\)\)", data, re.S)
        if lit:
            raw = lit.group(1)
            text = raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    if not text or not text.startswith(PAYLOAD_KEY + ":"):
        return None
    try:
        return json.loads(bytes.fromhex(text[len(PAYLOAD_KEY) + 1:]).decode("utf-8"))
    except ValueError:
        return None


# --- building payloads ------------------------------------------------------------


@dataclass
class LearnerRecord:
    """What the attestation needs about one learner, whatever the source (gradebook or local store)."""

    learner_id: str
    display_name: str
    cases: list[str]
    labs: list[str]
    principle_scores: dict[str, tuple[float, float]]
    pre: dict[str, tuple[float, float]] | None = None
    post: dict[str, tuple[float, float]] | None = None


def build_payload(project, framework, record: LearnerRecord, *, threshold: float, instructor: str,
                  period: str, issued_on: str, self_declared: bool) -> dict:
    from casebook.learner.evaluation import gain_report, percent
    from casebook.core.framework import case_domain_hours

    earned = sum(e for e, _ in record.principle_scores.values())
    possible = sum(p for _, p in record.principle_scores.values())
    score_percent = percent(earned, possible)
    gains = None
    if record.pre and record.post:
        report = gain_report({"x": record.pre}, {"x": record.post})
        row = report.per_learner["x"]
        gains = {"pre": _r(row.pre), "post": _r(row.post), "g": _r(row.gain, 2),
                 "by_principle": {p: report.per_learner_principle["x"][p] for p in report.principles}}
    principles = []
    for pid in sorted(project.principles):
        e, p = record.principle_scores.get(pid, (0.0, 0.0))
        item = {"id": pid, "name": project.principles[pid].name, "percent": _r(percent(e, p))}
        if gains:
            cell = gains["by_principle"].get(pid)
            if cell is not None:
                item.update(pre=_r(cell.pre), post=_r(cell.post), gain=_r(cell.gain, 2))
        principles.append(item)
    hours = case_domain_hours(project, framework, record.cases)
    lab_minutes = {m.id: (m.duration_minutes or 0, framework.domains_of(m)) for m in framework.labs}
    for lab in record.labs:
        minutes, domains = lab_minutes.get(lab, (0, []))
        for d in domains:
            hours[d] += minutes / len(domains) / 60
    duration = (sum(project.cases[c].duration_minutes for c in record.cases if c in project.cases)
                + sum(lab_minutes.get(l, (0, []))[0] for l in record.labs)) / 60
    return {
        "format": 1,
        "course": M.ATTESTATION_COURSE_TITLE,
        "learner": record.display_name,
        "learner_id": record.learner_id,
        "period": period,
        "issued_on": issued_on,
        "cases": [project.cases[c].title for c in record.cases if c in project.cases],
        "labs": list(record.labs),
        "duration_hours": round(duration, 1),
        "score_percent": _r(score_percent),
        "threshold": threshold,
        "principles": principles,
        "gain": {k: v for k, v in gains.items() if k != "by_principle"} if gains else None,
        "domains": [{"id": d.id, "title": d.title, "hours": round(hours[d.id], 1)} for d in framework.domains],
        "instructor": instructor,
        "self_declared": self_declared,
    }


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Issued:
    learner_id: str
    path: Path | None
    code: str | None
    score_percent: float | None
    refused: str | None = None


def issue(payload: dict, secret: str, out: Path, register: Path | None) -> Issued:
    """Write the PDF when the score reaches the threshold; record it in the register."""
    score = payload["score_percent"]
    if score is None or score < payload["threshold"]:
        reason = (M.REFUSED_NO_CASE.format(threshold=payload["threshold"]) if score is None
                  else M.REFUSED_BELOW_THRESHOLD.format(score=score, threshold=payload["threshold"]))
        return Issued(payload["learner_id"], None, None, score, reason)
    code = verification_code(payload, secret)
    out.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", payload["learner_id"].lower()).strip("-") or "apprenant"
    path = out / f"attestation-{slug}.pdf"
    path.write_bytes(render_pdf(payload, code))
    if register is not None:
        entries = json.loads(register.read_text(encoding="utf-8")) if register.exists() else {}
        entries[code] = payload
        register.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    return Issued(payload["learner_id"], path, code, score)


# --- verification -----------------------------------------------------------------


@dataclass
class Verdict:
    ok: bool
    message: str
    payload: dict | None = None


def verify_pdf(path: Path, secret: str) -> Verdict:
    if not path.exists():
        raise AttestationError(M.VERIFY_FILE_NOT_FOUND.format(path=path))
    data = path.read_bytes()
    payload = payload_from_pdf(data)
    if payload is None:
        return Verdict(False, M.VERIFY_NOT_AN_ATTESTATION)
    code = verification_code(payload, secret)
    if render_pdf(payload, code) != data:
        return Verdict(False, M.VERIFY_TAMPERED, payload)
    genuine = M.VERIFY_GENUINE_SELF_DECLARED if payload.get("self_declared") else M.VERIFY_GENUINE
    return Verdict(True, genuine.format(learner=payload["learner"], code=code), payload)


def verify_code(code: str, register: Path, secret: str) -> Verdict:
    code = code.strip().upper()
    if not CODE_RE.match(code):
        return Verdict(False, M.VERIFY_CODE_MALFORMED)
    entries = json.loads(register.read_text(encoding="utf-8")) if register.exists() else {}
    payload = entries.get(code)
    if payload is None or verification_code(payload, secret) != code:
        return Verdict(False, M.VERIFY_CODE_UNKNOWN)
    return Verdict(True, M.VERIFY_CODE_VALID.format(learner=payload["learner"], issued_on=payload["issued_on"],
                                                    score=_pct(payload["score_percent"])), payload)


def today() -> str:
    return date.today().strftime("%d/%m/%Y")
