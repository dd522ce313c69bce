#!/usr/bin/env bash
# What `make test` needs from the system, installed at once or asked for in one line.
# Debian packages: the browser tests drive Debian's Chromium (never a downloaded one).
# Running as root with apt-get (CI, containers): installs what is missing.
# Otherwise: one French line naming the command to run, and a non-zero exit, before any test runs.
set -euo pipefail

# command:package pairs, in the order they are reported (poppler-utils: the attestation and course-PDF
# tests read PDFs with pdftotext and pdftoppm). PostgreSQL serves the class test's
# gradebook (its server binaries live outside PATH, hence the second check).
needs=(chromium:chromium chromedriver:chromium-driver pdftotext:poppler-utils)

missing=()
for pair in "${needs[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation des paquets Debian nécessaires aux tests : ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Il manque des paquets système pour les tests : lancez « sudo apt-get install ${missing[*]} », puis relancez « make test »." >&2
exit 1
