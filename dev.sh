#!/usr/bin/env bash
# One entry point for people and CI. Each command sets itself up on a fresh machine:
#   ./dev.sh build      build the site from products/ into site/ (add -v to list the records' warnings)
#   ./dev.sh serve      preview on http://127.0.0.1:8000 (reloads when a record changes)
#   ./dev.sh test       run the whole test suite (installs the browser and checkers it needs first)
#   ./dev.sh validate   check the records, as a pull request would
#   ./dev.sh tools      install only what the tests need from Debian and npm
# Any other command runs inside the project's environment, for example:
#   ./dev.sh ocop new product      ./dev.sh mkdocs --help      ./dev.sh pytest tests/test_cli.py
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1

usage() {
  # The comment block above, without its "#".
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

say() { echo "dev.sh: $*" >&2; }

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
    say "creating the Python environment in .venv/ (once)"
    "$(python_bin)" -m venv .venv
  fi
  # Reinstall only when the declared dependencies change.
  local stamp=.venv/.installed
  local wanted
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "installing the pinned Python packages of pyproject.toml into .venv/ (a minute or two)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[test]"
    echo "$wanted" > "$stamp"
  fi
}

# What the tests need from Debian, each with the reason, when it is missing.
missing_debian_packages() {
  command -v chromium >/dev/null || echo "chromium: the browser tests open the built site in headless Chromium"
  # grep reads the whole list: with -q it would stop early, and pipefail count fc-list's broken pipe.
  fc-list 2>/dev/null | grep -i "Noto Sans" >/dev/null \
    || echo "fonts-noto-core: Vietnamese letters drawn in screenshots and label sheets"
  command -v pdftoppm >/dev/null || echo "poppler-utils: label sheets printed to PDF are turned into pictures"
  command -v zbarimg >/dev/null || echo "zbar-tools: the printed QR codes are read back with zbar"
  command -v java >/dev/null || echo "default-jre-headless: the Nu Html Checker (vnu) runs on Java"
  command -v npm >/dev/null || echo "npm: the Nu Html Checker comes from the npm registry"
}

setup_tools() {
  local missing
  missing=$(missing_debian_packages)
  if [ -n "$missing" ]; then
    say "installing Debian packages with apt-get (once; about a minute), because:"
    printf '%s\n' "$missing" | sed 's/^/  /' >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2046  # one word per package
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $(printf '%s\n' "$missing" | cut -d: -f1) >/dev/null
  fi
  # npm packages pinned in package-lock.json, installed again only when it changes. Their install
  # scripts are not run: vnu-jar's would download a Java of its own.
  local stamp=node_modules/.installed
  local wanted
  wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "installing the Nu Html Checker (vnu-jar, pinned in package-lock.json) with npm into node_modules/"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "$wanted" > "$stamp"
  fi
}

case "${1:-}" in
  build) setup_python; .venv/bin/mkdocs build "${@:2}" ;;
  serve) setup_python; .venv/bin/mkdocs serve "${@:2}" ;;
  validate) setup_python; .venv/bin/ocop validate "${@:2}" ;;
  tools) setup_tools ;;
  test)
    setup_python
    setup_tools
    .venv/bin/ruff check generator tests scripts benchmarks
    .venv/bin/python -m pytest "${@:2}"
    ;;
  -h | --help | help) usage ;;
  "") usage; exit 2 ;;
  *)
    setup_python
    if [ -x ".venv/bin/$1" ]; then
      exec ".venv/bin/$1" "${@:2}"
    fi
    say "unknown command: $1"
    usage >&2
    exit 2
    ;;
esac
