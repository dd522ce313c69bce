"""Build or refresh registry/references.yml from the shared checked sources.

Facts (id, kind, title, identifier, URL, verified) are copied from
``../shared/references.yml``; the project's own fields (summary, caveat) are kept
from the existing registry, so re-running after an upstream change only updates
facts. New entries get an empty summary, which ``casebook check`` rejects until an
author writes one.

Usage: python tools/import_references.py [SHARED_REFERENCES] [--checked-on YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "registry" / "references.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(ROOT.parent / "shared" / "references.yml"))
    parser.add_argument("--checked-on", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    upstream = yaml.safe_load(Path(args.source).read_text(encoding="utf-8"))
    existing = {}
    if TARGET.exists():
        existing = {e["id"]: e for e in yaml.safe_load(TARGET.read_text(encoding="utf-8")) or []}
    out = []
    for entry in upstream:
        mine = existing.get(entry["id"], {})
        item = {
            "id": entry["id"],
            "kind": entry["kind"],
            "title": entry["title"],
            "identifier": entry["identifier"],
            "url": entry["url"],
            "checked_on": mine.get("checked_on", args.checked_on),
            "verified": bool(entry["verified"]),
        }
        if mine.get("caveat"):
            item["caveat"] = mine["caveat"]
        item["summary"] = mine.get("summary", "")
        item["topics"] = list(entry.get("topics", []))
        out.append(item)
    TARGET.parent.mkdir(exist_ok=True)
    header = (
        "# Registre des références du cours, construit depuis ../shared/references.yml\n"
        "# (tools/import_references.py). Faits copiés de la source vérifiée ; « summary » et\n"
        "# « caveat » sont écrits par le projet. checked_on : date à laquelle la vérification\n"
        "# de la source a été importée dans le projet.\n"
    )
    TARGET.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100),
                      encoding="utf-8")
    print(f"{len(out)} entrées écrites dans {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
