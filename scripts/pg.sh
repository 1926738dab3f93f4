#!/usr/bin/env bash
# Makes a PostgreSQL server available and writes its coordinates to
# $RUN_DIR/pg.env (ECOM_PGHOST/PORT/USER/PASSWORD, ECOM_PG_EMBEDDED).
#
# An existing server is used when PGHOST or PGPORT is set, or when odoo.conf
# at the project root sets db_host/db_port. Otherwise a private cluster is
# created inside the project (git-ignored .run/pgdata), listening on a unix
# socket only, so no system service, TCP port or root is needed. As root the
# server runs as the unprivileged 'postgres' user (PostgreSQL refuses root).
#
#   scripts/pg.sh [start|stop|status]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACTION="${1:-start}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
PGDATA_DIR="${ECOM_PGDATA:-$RUN_DIR/pgdata}"
SOCK_DIR="${ECOM_PGSOCKET:-$RUN_DIR/pgsocket}"
EMBED_PORT="${ECOM_PGPORT_EMBEDDED:-54329}"
ODOO_ROLE="${ECOM_PGUSER_EMBEDDED:-odoo}"

conf_value() {  # value of option $1 in the project's own odoo.conf, if any
    [ -f "$ROOT/odoo.conf" ] || return 0
    sed -n -E "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p" "$ROOT/odoo.conf" \
        | tail -n 1 | grep -v -x -E 'False|None' || true
}

write_env() {
    cat > "$RUN_DIR/pg.env" <<ENV
ECOM_PGHOST='$1'
ECOM_PGPORT='$2'
ECOM_PGUSER='$3'
ECOM_PGPASSWORD='$4'
ECOM_PG_EMBEDDED='$5'
ENV
}

external_host="${PGHOST:-$(conf_value db_host)}"
external_port="${PGPORT:-$(conf_value db_port)}"
if [ -n "$external_host$external_port" ]; then
    user="${PGUSER:-$(conf_value db_user)}"
    user="${user:-$(id -un)}"
    [ "$user" = postgres ] && die "Odoo refuses to connect as the 'postgres' role: set PGUSER (or db_user) to another role with CREATEDB"
    write_env "${external_host}" "${external_port:-5432}" "$user" "${PGPASSWORD:-$(conf_value db_password)}" 0
    [ "$ACTION" = start ] && info "using the configured server ${external_host:-local socket}:${external_port:-5432} as $user"
    exit 0
fi

[ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin); install Debian 'postgresql' or set PGHOST/PGPORT"

as_pg() {  # run a server command as the unprivileged owner of the cluster
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$RUN_DIR"; then
    # The checkout lies where 'postgres' cannot enter (e.g. under /root):
    # keep the cluster in a private folder outside it instead.
    key="$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
    PGDATA_DIR="${ECOM_PGDATA:-/var/tmp/ecom-pg-$key/pgdata}"
    SOCK_DIR="${ECOM_PGSOCKET:-/var/tmp/ecom-pg-$key/socket}"
    mkdir -p "$(dirname "$PGDATA_DIR")"
    chown postgres "$(dirname "$PGDATA_DIR")"
fi

case "$ACTION" in
    stop)
        if [ -f "$PGDATA_DIR/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop; fi
        exit 0 ;;
    status)
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status; exit $? ;;
esac

mkdir -p "$SOCK_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$SOCK_DIR"
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    info "creating the embedded cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA_DIR/postgresql.conf" <<PGCONF
# ecom suite: private cluster, unix socket only
listen_addresses = ''
unix_socket_directories = '$SOCK_DIR'
port = $EMBED_PORT
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 128MB
fsync = ${ECOM_PG_FSYNC:-on}
# Odoo's queries are short; JIT compiling one whose estimated cost is high
# took ~1 s longer than running it (the listing stock export: 1.3 s vs 0.3 s).
# Also set on the Odoo role below, for clusters made before this line.
jit = off
PGCONF
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    info "starting the embedded PostgreSQL (socket $SOCK_DIR, port $EMBED_PORT)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null \
        || die "PostgreSQL did not start; see $PGDATA_DIR/server.log"
else
    info "embedded PostgreSQL running (socket $SOCK_DIR)"
fi
as_pg "$PG_BIN/psql" -X -q -h "$SOCK_DIR" -p "$EMBED_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_ROLE') THEN CREATE ROLE \"$ODOO_ROLE\" LOGIN CREATEDB; END IF; END \$\$; ALTER ROLE \"$ODOO_ROLE\" SET jit = off;"
write_env "$SOCK_DIR" "$EMBED_PORT" "$ODOO_ROLE" "" 1
