#!/usr/bin/env bash
# make lint: flake8 (88 columns) and pylint-odoo (11.0 manifests) on the add-ons,
# the scripts and the tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "${1:-}" = "--no-bootstrap" ] || "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
info "flake8"
"$VENV/bin/flake8" addons tests scripts bench setup
info "pylint-odoo"
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" addons/ecom_*
info "lint clean"
"$VENV/bin/python" "$ROOT/scripts/orm_free_ratio.py" || true   # informational (issue 19)
