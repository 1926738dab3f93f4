#!/usr/bin/env bash
# make run: everything from a fresh clone to Odoo serving ecom_demo on :8069.
# Started as root, Odoo runs as the unprivileged system user 'odoo'
# (ECOM_ODOO_USER), created on first use.
#   scripts/run.sh [--prepare-only] [odoo options...]
#   --prepare-only: bootstrap and database only (scripts/serve.sh uses it)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/deploy/serve_lib.sh"

PREPARE_ONLY=0
if [ "${1:-}" = "--prepare-only" ]; then PREPARE_ONLY=1; shift; fi

DB="${ECOM_DEMO_DB:-ecom_demo}"
export ECOM_DEMO_SIZE="${ECOM_DEMO_SIZE:-full}"  # ecom_demo_cn: the full demo business (make test: small)
PORT="${HTTP_PORT:-8069}"

"$ROOT/scripts/bootstrap.sh"
prepare_server_conf
MODULES="$(all_addons)"

step "Demo database '$DB'"
installed="$(db_exists "$DB" && installed_addons "$DB" || true)"
if grep -qx ecom_base <<< "$installed"; then
    # Upgrade the installed add-ons when their code changed since the last
    # make run (new models/fields need their tables), or when asked with UPDATE=1.
    if [ "${UPDATE:-0}" = 1 ] || [ "$(cat "$RUN_DIR/$DB.addons.sha256" 2>/dev/null)" != "$(addons_hash)" ]; then
        upgrade="$(paste -sd, <<< "$installed")"
        info "add-on code changed (or UPDATE=1): upgrading $upgrade"
        odoo_bin -d "$DB" -u "$upgrade" --stop-after-init --logfile= --log-level=warn
    fi
    missing=()
    for module in ${MODULES//,/ }; do
        grep -qx "$module" <<< "$installed" || missing+=("$module")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        create_db "$DB" "$(IFS=,; echo "${missing[*]}")" demo
    else
        info "reusing it (all of $MODULES installed)"
    fi
else
    db_exists "$DB" && info "'$DB' exists but the suite is not installed in it (interrupted run?): recreating it"
    drop_db "$DB"
    create_db "$DB" "$MODULES" demo
fi

addons_hash > "$RUN_DIR/$DB.addons.sha256"
ensure_odoo_user
grant_odoo_user "$CONF"
[ "$PREPARE_ONLY" = 1 ] && exit 0

step "Odoo"
cat <<BANNER

    E-commerce operations suite: http://localhost:$PORT  (database $DB)

$("$VENV/bin/python" "$ROOT/tests/harness/roles.py")

    XML-RPC: http://localhost:$PORT/xmlrpc/2/common and /xmlrpc/2/object
    Stop with Ctrl+C. Server log below.

BANNER
[ "$(id -u)" = 0 ] && info "running as the system user '$ODOO_SYSTEM_USER'"
odoo_path
set_odoo_runner "$(conf_option "$CONF" data_dir)"
exec "${ODOO_RUNNER[@]}" "$VENV/bin/odoo" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --logfile= "$@"
