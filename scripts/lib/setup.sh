# Shared set-up steps for scripts/start and scripts/test (sourced, not run).
# Creates .venv in the project root, installs the Python package and the npm assets.

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$PROJECT_ROOT/.venv"
ASSETS="$PROJECT_ROOT/events/web/assets"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  fail "Python 3.11 or newer is needed (python3 --version)."
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment in .venv"
    "$(find_python)" -m venv "$VENV" || fail "could not create .venv (is python3-venv installed?)"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
}

install_python_package() {
  local extras="$1"
  say "Installing Python packages${extras:+ ($extras)}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$PROJECT_ROOT${extras:+[$extras]}" \
    || fail "pip install failed; see the messages above."
}

install_assets() {
  command -v npm >/dev/null 2>&1 || fail "npm is needed for the NL Design System styles (install Node.js and npm)."
  if [ ! -d "$ASSETS/node_modules/@utrecht/component-library-css" ] || [ "$ASSETS/package-lock.json" -nt "$ASSETS/node_modules" ]; then
    say "Installing NL Design System assets with npm ci"
    (cd "$ASSETS" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed; see the messages above."
    touch "$ASSETS/node_modules"
  fi
}
