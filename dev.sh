#!/usr/bin/env bash
# One entry point for people and CI. Each command sets itself up on a fresh machine:
#   ./dev.sh build    build the site from products/ into site/
#   ./dev.sh serve    preview on http://127.0.0.1:8000 (reloads when a record changes)
#   ./dev.sh test     run the whole test suite (installs Debian's Chromium and poppler for browser tests)
#   ./dev.sh validate check the records, as a pull request would
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1

python_bin() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  echo "Python 3.11 or newer is needed" >&2; exit 2
}

setup_python() {
  if [ ! -x .venv/bin/python ]; then
    "$(python_bin)" -m venv .venv
  fi
  # Reinstall only when the declared dependencies change.
  local stamp=.venv/.installed
  local wanted
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[test]"
    echo "$wanted" > "$stamp"
  fi
}

setup_browser() {
  # Chromium and its fonts for the browser tests; poppler-utils (pdftoppm, pdftotext) to read
  # back what Chromium prints to PDF.
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans" || ! command -v pdftoppm >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-core poppler-utils >/dev/null
  fi
}

case "${1:-}" in
  build) setup_python; .venv/bin/mkdocs build "${@:2}" ;;
  serve) setup_python; .venv/bin/mkdocs serve "${@:2}" ;;
  validate) setup_python; .venv/bin/ocop validate "${@:2}" ;;
  test)
    setup_python
    setup_browser
    .venv/bin/ruff check generator tests scripts
    .venv/bin/python -m pytest "${@:2}"
    ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
