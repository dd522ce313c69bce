"""Build or refresh registry/references.yml from the shared checked sources.

Facts (id, kind, title, identifier, URL, verified) are copied from
``../shared/references.yml``; the project's own fields (summary, caveat) are kept
from the existing registry, so re-running after an upstream change only updates
facts. New entries get an empty summary, which ``casebook check`` rejects until an
author writes one. Entries the project added itself (ids absent upstream) are kept
as they are, after the imported ones. When the upstream facts of an entry change,
its ``checked_on`` becomes the import date and the script lists it, so that its
summary and caveat can be rewritten. Facts the project re-verified itself are
listed in ``tools/references_rechecked.yml`` and applied over the shared ones.

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
RECHECKED = Path(__file__).resolve().parent / "references_rechecked.yml"
FACTS = ("kind", "title", "identifier", "url", "verified")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(ROOT.parent / "shared" / "references.yml"))
    parser.add_argument("--checked-on", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    upstream = yaml.safe_load(Path(args.source).read_text(encoding="utf-8"))
    existing = {}
    if TARGET.exists():
        existing = {e["id"]: e for e in yaml.safe_load(TARGET.read_text(encoding="utf-8")) or []}
    rechecked = {}
    if RECHECKED.exists():
        rechecked = {e["id"]: e["facts"] for e in yaml.safe_load(RECHECKED.read_text(encoding="utf-8")) or []}
    out = []
    changed = []
    upstream_ids = set()
    for entry in upstream:
        upstream_ids.add(entry["id"])
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
        for key, value in rechecked.get(entry["id"], {}).items():
            if key not in FACTS:
                raise SystemExit(f"{RECHECKED.name} : {entry['id']} : champ inconnu {key!r}")
            item[key] = bool(value) if key == "verified" else value
        if mine and any(item[key] != mine.get(key) for key in FACTS):
            item["checked_on"] = args.checked_on
            changed.append(entry["id"])
        if mine.get("caveat"):
            item["caveat"] = mine["caveat"]
        item["summary"] = mine.get("summary", "")
        item["topics"] = list(entry.get("topics", []))
        out.append(item)
    # Entries the project added (not in the shared file) must survive a re-import.
    kept = [entry for entry_id, entry in existing.items() if entry_id not in upstream_ids]
    out.extend(kept)
    TARGET.parent.mkdir(exist_ok=True)
    header = (
        "# Registre des références du cours, construit depuis ../shared/references.yml\n"
        "# (tools/import_references.py). Faits copiés de la source vérifiée ; « summary » et\n"
        "# « caveat » sont écrits par le projet. checked_on : date à laquelle la vérification\n"
        "# de la source a été importée dans le projet.\n"
    )
    TARGET.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100),
                      encoding="utf-8")
    print(f"{len(out)} entrées écrites dans {TARGET.relative_to(ROOT)}"
          f" (dont {len(kept)} propres au projet, conservées)")
    for entry_id in changed:
        print(f"  faits modifiés (en amont ou revérifiés), résumé et réserve à relire : {entry_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
