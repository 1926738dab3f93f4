# Shared shell helpers for the make targets. Source it; do not run it.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${ECOM_RUN_DIR:-$ROOT/.run}"
VENV="${ECOM_VENV:-$ROOT/.venv}"
TOOLS="$ROOT/.tools"
CONF="$RUN_DIR/odoo.conf"
mkdir -p "$RUN_DIR"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# The ecom_* add-ons of this checkout, comma separated (new add-ons slot in here).
all_addons() {
    local names=()
    for manifest in "$ROOT"/addons/ecom_*/__manifest__.py; do
        [ -e "$manifest" ] || continue
        names+=("$(basename "$(dirname "$manifest")")")
    done
    (IFS=,; echo "${names[*]}")
}

# Fingerprint of the add-ons' code (tests excluded): make run upgrades on change.
addons_hash() {
    (cd "$ROOT" && find addons/ecom_* -type f -not -path '*/tests/*' -not -name '*.pyc' \
        | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
}

# Odoo, lessc and the venv first on PATH.
odoo_path() {
    export PATH="$VENV/bin:$TOOLS/node_modules/.bin:$PATH"
}

odoo_bin() {
    odoo_path
    "$VENV/bin/odoo" -c "$CONF" "$@"
}

# psql against the configured server as the Odoo role.
psql_odoo() {
    # shellcheck disable=SC1090
    source "$RUN_DIR/pg.env"
    PGHOST="$ECOM_PGHOST" PGPORT="$ECOM_PGPORT" PGUSER="$ECOM_PGUSER" \
        PGPASSWORD="$ECOM_PGPASSWORD" psql -X -q -v ON_ERROR_STOP=1 "$@"
}

db_exists() {
    [ "$(psql_odoo -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]
}

drop_db() {
    # a server or install left running on it (an interrupted run) is stopped
    psql_odoo -d postgres -Atc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null 2>&1 || true
    psql_odoo -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$RUN_DIR/data/filestore/$1"
}

# Copy database $1 (with its filestore) to $2, as Odoo's database manager
# duplicates one (a file-level copy: seconds, not a new install). Nobody may
# be connected to $1 meanwhile.
duplicate_db() {
    drop_db "$2"
    local strategy=""
    # PostgreSQL 15 logs every copied block to the WAL by default; a file
    # copy is much faster for a throwaway test database
    [ "$(psql_odoo -d postgres -Atc 'SHOW server_version_num')" -ge 150000 ] \
        && strategy="STRATEGY = FILE_COPY"
    psql_odoo -d postgres -c \
        "CREATE DATABASE \"$2\" ENCODING 'unicode' TEMPLATE \"$1\" $strategy" >/dev/null
    if [ -d "$RUN_DIR/data/filestore/$1" ]; then
        cp -a "$RUN_DIR/data/filestore/$1" "$RUN_DIR/data/filestore/$2"
    fi
}

# Names of the ecom_* modules installed in database $1, one per line.
installed_addons() {
    psql_odoo -d "$1" -Atc \
        "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'ecom\_%' ORDER BY name" \
        2>/dev/null || true
}

# Database server + generated odoo.conf: the common start of every target.
prepare_server_conf() {
    step "PostgreSQL"
    "$ROOT/scripts/pg.sh" start
    python3 "$ROOT/scripts/gen_conf.py" "$ROOT" "$RUN_DIR"
    info "configuration: $CONF"
}

# Create database $1 with the add-ons $2 (comma separated). $3 = "demo" or
# "nodemo". Progress is Odoo's own log at INFO level (module by module).
create_db() {
    local db="$1" modules="$2" demo="$3" log="$RUN_DIR/install-$1.log"
    local args=(-d "$db" -i "$modules" --stop-after-init --log-level=info --logfile=)
    [ "$demo" = nodemo ] && args+=(--without-demo=all)
    info "installing $modules into '$db' ($demo); full log: $log"
    set +e
    # Progress: one line per module as Odoo loads its files, plus errors.
    odoo_bin "${args[@]}" 2>&1 | tee "$log" | awk '
        / (ERROR|CRITICAL) / { print "    " $0; fflush(); next }
        /odoo.modules.loading: [0-9]+ modules loaded/ { sub(/.*odoo.modules.loading: /, ""); print "    " $0; fflush(); next }
        /odoo.modules.loading: loading [a-z_0-9]+\// {
            line = $0; sub(/.*odoo.modules.loading: loading /, "", line); split(line, part, "/")
            if (part[1] != last) { printf "    module %s\n", part[1]; last = part[1]; fflush() }
        }'
    local rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" = 0 ] || die "installing into '$db' failed (exit $rc); see $log"
    if grep -qE " (ERROR|CRITICAL) " "$log"; then
        die "errors while installing into '$db'; see $log"
    fi
}
