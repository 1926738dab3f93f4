#!/usr/bin/env bash
# make test: bootstrap, lint, a fresh throwaway database with the add-ons and
# their demo data, then the unit/ORM tests (pytest-odoo) and the integration
# and browser tests (live 2-worker server, XML-RPC, headless Chromium).
#
# Knobs (environment or make variables):
#   ADDONS=ecom_x,ecom_y  only these add-ons (default: every addons/ecom_*)
#   TEST_DB=name          test database name (default ecom_test)
#   PYTEST_ARGS="-k foo"  extra pytest arguments for both stages
#   SKIP_LINT=1           skip make lint; KEEP_DB=1 keep the database after the run
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_DB="${TEST_DB:-ecom_test}"
started=$(date +%s)

"$ROOT/scripts/bootstrap.sh" --browser
MODULES="${ADDONS:-$(all_addons)}"

prepare_server_conf
# The load-order test (tests/integration/test_pii_oracles_rpc.py) needs a
# second database with ecom_pii_guard alone, installed without demo data: it
# is installed here, on the other core, while lint and the main database
# install run; the test waits for it (ECOM_LOADORDER_DB / _DONE).
LOADORDER_DB="${TEST_DB}_loadorder"
LOADORDER_DONE="$RUN_DIR/loadorder-$TEST_DB.rc"
rm -f "$LOADORDER_DONE"
if [[ ",$MODULES," == *",ecom_pii_guard,"* ]]; then
    drop_db "$LOADORDER_DB"
    ( set +e; odoo_bin -d "$LOADORDER_DB" -i ecom_pii_guard --without-demo=all \
          --stop-after-init --log-level=warn >"$RUN_DIR/install-$LOADORDER_DB.log" 2>&1
      echo $? >"$LOADORDER_DONE.tmp" && mv "$LOADORDER_DONE.tmp" "$LOADORDER_DONE" ) &
    loadorder_pid=$!
    # a failing step (lint) ends the run: the background install with it
    # (set -e holds inside the trap too: a finished install must not fail the run)
    trap 'kill "$loadorder_pid" 2>/dev/null || true; pkill -f -- "-d $LOADORDER_DB " 2>/dev/null || true' EXIT
    export ECOM_LOADORDER_DB="$LOADORDER_DB" ECOM_LOADORDER_DONE="$LOADORDER_DONE"
fi

if [ "${SKIP_LINT:-0}" != 1 ]; then
    step "Lint"
    "$ROOT/scripts/lint.sh" --no-bootstrap
fi

step "Fresh test database '$TEST_DB'"
drop_db "$TEST_DB"
create_db "$TEST_DB" "$MODULES" demo

ARTIFACTS="$ROOT/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/junit-*.xml
odoo_path
# Shell-style words, so that PYTEST_ARGS="-k 'a or b'" keeps its quotes.
eval "extra=(${PYTEST_ARGS:-})"

# The unit/ORM tests (one process, one core) run on a copy of the database
# while the integration tests (a 2-worker server) run on the original: the
# two stages share no database, so neither waits for the other's locks.
UNIT_DB="${TEST_DB}_unit"
step "Copy '$TEST_DB' -> '$UNIT_DB' for the unit tests"
duplicate_db "$TEST_DB" "$UNIT_DB"
unit_paths=()
for module in ${MODULES//,/ }; do
    [ -d "$ROOT/addons/$module/tests" ] && unit_paths+=("$ROOT/addons/$module/tests")
done
set +e
step "Unit and ORM tests (pytest-odoo, on '$UNIT_DB'), in the background; output at the end"
(cd "$ROOT" && "$VENV/bin/pytest" -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$UNIT_DB" \
    --junitxml="$ARTIFACTS/junit-unit.xml" "${unit_paths[@]}" "${extra[@]}" \
    >"$ARTIFACTS/unit.log" 2>&1) &
unit_pid=$!

step "Integration and browser tests (live server, XML-RPC, Chromium)"
(cd "$ROOT" && ECOM_ODOO_CONF="$CONF" ECOM_TEST_DB="$TEST_DB" ECOM_ADDONS="$MODULES" ECOM_ARTIFACTS="$ARTIFACTS" \
    "$VENV/bin/pytest" -p no:cacheprovider -p no:odoo --junitxml="$ARTIFACTS/junit-integration.xml" \
    "$ROOT/tests" "${extra[@]}")
int_rc=$?
wait "$unit_pid"
unit_rc=$?
step "Unit and ORM tests: output"
cat "$ARTIFACTS/unit.log"
set -e

wait   # the load-order database install, if the test did not wait for it
[ "${KEEP_DB:-0}" = 1 ] || drop_db "$TEST_DB"
drop_db "$LOADORDER_DB"
drop_db "$UNIT_DB"
step "Summary ($(( $(date +%s) - started )) s)"
"$VENV/bin/python" - "$ARTIFACTS"/junit-*.xml <<'PY'
import sys
import xml.etree.ElementTree as ET
total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    for suite in ([root] if root.tag == "testsuite" else root.findall("testsuite")):
        for key in total:
            total[key] += int(suite.get(key, 0))
failed = total["failures"] + total["errors"]
passed = total["tests"] - failed - total["skipped"]
print("make test: %d passed, %d failed, %d skipped" % (passed, failed, total["skipped"]))
PY
# pytest exit 5 = nothing collected: only an error when nothing ran at all.
[ "$unit_rc" = 0 ] || [ "$unit_rc" = 5 ] || exit "$unit_rc"
[ "$int_rc" = 0 ] || [ "$int_rc" = 5 ] || exit "$int_rc"
if [ "$unit_rc" = 5 ] && [ "$int_rc" = 5 ]; then die "no test was collected"; fi
