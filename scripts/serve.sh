#!/usr/bin/env bash
# make serve: the demo database and add-ons of `make run`, production-like:
# nginx with TLS in front of a prefork Odoo (workers, proxy_mode) bound to
# 127.0.0.1, longpolling on the gevent port, HTTP GET redirected to HTTPS and
# other plain-HTTP methods refused, HSTS, Secure/HttpOnly session cookie,
# list_db off, a dbfilter, a random master password outside the repository,
# Odoo as an unprivileged system user. Ctrl+C stops nginx and Odoo.
#
#   scripts/serve.sh [--no-prepare]     (--no-prepare: skip bootstrap and the
#                                        database step; the test harness uses it)
# Knobs (environment or make variables):
#   SERVE_HTTPS_PORT=8443 SERVE_HTTP_PORT=8080  public ports (443/80 as root)
#   SERVE_BIND=0.0.0.0        address nginx listens on
#   SERVE_ODOO_PORT=8169 SERVE_LONGPOLLING_PORT=8172  Odoo's (loopback only)
#   SERVE_WORKERS=2           Odoo HTTP workers
#   SERVE_SERVER_NAME=localhost  name(s) of the generated test certificate
#   SERVE_TLS_CERT / SERVE_TLS_KEY  your certificate (full chain) and key;
#       or serve_tls_certificate / serve_tls_key in ./odoo.conf. Unset: a
#       local CA and certificate FOR TESTING are generated once in .run/tls.
#   ECOM_SERVE_DB (default ecom_demo), ECOM_SERVE_DIR (default .run/serve)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/deploy/serve_lib.sh"

PREPARE=1
if [ "${1:-}" = "--no-prepare" ]; then PREPARE=0; shift; fi

export SERVE_DB="${ECOM_SERVE_DB:-${ECOM_DEMO_DB:-ecom_demo}}"
export SERVE_HTTPS_PORT="${SERVE_HTTPS_PORT:-8443}"
export SERVE_HTTP_PORT="${SERVE_HTTP_PORT:-8080}"
export SERVE_BIND="${SERVE_BIND:-0.0.0.0}"
export SERVE_ODOO_PORT="${SERVE_ODOO_PORT:-8169}"
export SERVE_LONGPOLLING_PORT="${SERVE_LONGPOLLING_PORT:-8172}"
export SERVE_WORKERS="${SERVE_WORKERS:-2}"
export SERVE_SERVER_NAME="${SERVE_SERVER_NAME:-localhost}"
export SERVE_DIR="${ECOM_SERVE_DIR:-$RUN_DIR/serve}"
export SERVE_BASE_CONF="${ECOM_SERVE_BASE_CONF:-$CONF}"
export SERVE_MASTER_PASSWORD_FILE="${ECOM_MASTER_PASSWORD_FILE:-$RUN_DIR/master-password}"
export SERVE_ODOO_LOG="$SERVE_DIR/odoo.log"
NGINX="${ECOM_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"

if [ "$PREPARE" = 1 ]; then
    ECOM_DEMO_DB="$SERVE_DB" "$ROOT/scripts/run.sh" --prepare-only
fi
[ -x "$NGINX" ] || die "nginx not found: install the Debian package nginx (scripts/bootstrap.sh does)"
[ -f "$SERVE_BASE_CONF" ] || die "$SERVE_BASE_CONF missing: run make run or make serve without --no-prepare"
ensure_odoo_user
grant_odoo_user "$SERVE_BASE_CONF"

step "Production profile ($SERVE_DIR)"
mkdir -p "$SERVE_DIR"/tmp
if [ -f "$SERVE_DIR/nginx.pid" ] && kill -0 "$(cat "$SERVE_DIR/nginx.pid")" 2>/dev/null; then
    die "an nginx of a previous make serve still runs (pid $(cat "$SERVE_DIR/nginx.pid")); stop it first"
fi

# Master password (database manager): random, generated once, readable by the
# invoking user only, outside the repository; Odoo gets a pbkdf2 hash of it.
if [ ! -s "$SERVE_MASTER_PASSWORD_FILE" ]; then
    (umask 077; "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))' \
        > "$SERVE_MASTER_PASSWORD_FILE")
    info "generated the master password into $SERVE_MASTER_PASSWORD_FILE"
fi

# TLS: the operator's certificate, else the local test CA.
export SERVE_TLS_CERT="${SERVE_TLS_CERT:-$(project_conf_value serve_tls_certificate)}"
export SERVE_TLS_KEY="${SERVE_TLS_KEY:-$(project_conf_value serve_tls_key)}"
TEST_CA=""
if [ -n "$SERVE_TLS_CERT$SERVE_TLS_KEY" ]; then
    [ -r "$SERVE_TLS_CERT" ] || die "TLS certificate '$SERVE_TLS_CERT' not readable"
    [ -r "$SERVE_TLS_KEY" ] || die "TLS key '$SERVE_TLS_KEY' not readable"
    info "TLS certificate: $SERVE_TLS_CERT"
else
    TLS_DIR="${ECOM_TLS_DIR:-$RUN_DIR/tls}"
    mapfile -t tls < <("$ROOT/deploy/tls.sh" "$TLS_DIR" "$SERVE_SERVER_NAME")
    TEST_CA="${tls[0]}" SERVE_TLS_CERT="${tls[1]}" SERVE_TLS_KEY="${tls[2]}"
    info "no certificate configured: local test CA $TEST_CA (FOR TESTING ONLY)"
fi

export SERVE_NGINX_USER=""
if [ "$(id -u)" = 0 ]; then
    # nginx's master (root) reads the key; its workers run unprivileged
    SERVE_NGINX_USER="$(id -u www-data >/dev/null 2>&1 && echo www-data || echo "$ODOO_SYSTEM_USER")"
    chown -R "$SERVE_NGINX_USER" "$SERVE_DIR/tmp"
fi
"$VENV/bin/python" "$ROOT/deploy/serve_conf.py"
: > "$SERVE_ODOO_LOG"
if [ "$(id -u)" = 0 ]; then
    chgrp "$ODOO_SYSTEM_USER" "$SERVE_DIR/odoo-serve.conf"
    chown "$ODOO_SYSTEM_USER" "$SERVE_ODOO_LOG"
fi
"$NGINX" -t -q -p "$SERVE_DIR" -e "$SERVE_DIR/nginx-error.log" -c "$SERVE_DIR/nginx.conf" \
    || die "nginx refused the generated $SERVE_DIR/nginx.conf"

ODOO_PID="" NGINX_PID=""
stop_all() {
    trap - INT TERM EXIT
    set +e  # nothing here may abort the cleanup
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
    # Odoo runs in its own session: SIGTERM to the group (master and workers)
    [ -n "$ODOO_PID" ] && kill -TERM -- "-$ODOO_PID" 2>/dev/null
    local deadline=$((SECONDS + 30))
    while { kill -0 "$NGINX_PID" 2>/dev/null || kill -0 -- "-$ODOO_PID" 2>/dev/null; } \
        && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    [ -n "$ODOO_PID" ] && kill -KILL -- "-$ODOO_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill -KILL "$NGINX_PID" 2>/dev/null
    printf '\n    make serve stopped (nginx and Odoo)\n'
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

odoo_path
set_odoo_runner "$(conf_option "$SERVE_DIR/odoo-serve.conf" data_dir)"
setsid "${ODOO_RUNNER[@]}" "$VENV/bin/odoo" -c "$SERVE_DIR/odoo-serve.conf" -d "$SERVE_DB" \
    </dev/null &
ODOO_PID=$!
"$NGINX" -p "$SERVE_DIR" -e "$SERVE_DIR/nginx-error.log" -c "$SERVE_DIR/nginx.conf" \
    -g "daemon off;" </dev/null &
NGINX_PID=$!

info "waiting for Odoo (log: $SERVE_ODOO_LOG)"
until curl -fs -o /dev/null "http://127.0.0.1:$SERVE_ODOO_PORT/web/login"; do
    kill -0 "$ODOO_PID" 2>/dev/null || die "Odoo exited; see $SERVE_ODOO_LOG"
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited; see $SERVE_DIR/nginx-error.log"
    sleep 0.5
done

host="$SERVE_SERVER_NAME"
suffix=":$SERVE_HTTPS_PORT"; [ "$SERVE_HTTPS_PORT" = 443 ] && suffix=""
cat <<BANNER

    E-commerce operations suite over HTTPS: https://$host$suffix  (database $SERVE_DB)
    http://$host:$SERVE_HTTP_PORT redirects GET to HTTPS and refuses other methods.
    Odoo: $SERVE_WORKERS workers on 127.0.0.1:$SERVE_ODOO_PORT (longpolling :$SERVE_LONGPOLLING_PORT)$([ "$(id -u)" = 0 ] && echo ", user '$ODOO_SYSTEM_USER'")
    Master password: $SERVE_MASTER_PASSWORD_FILE
BANNER
if [ -n "$TEST_CA" ]; then
cat <<BANNER
    Certificate FOR TESTING, signed by the local CA $TEST_CA
      trust it: curl --cacert $TEST_CA https://$host$suffix/web/login
                python: ssl.create_default_context(cafile="$TEST_CA")
                system: cp $TEST_CA /usr/local/share/ca-certificates/ecom-test-ca.crt && update-ca-certificates
      a real certificate: SERVE_TLS_CERT=/path/fullchain.pem SERVE_TLS_KEY=/path/key.pem make serve
BANNER
fi
cat <<BANNER

$("$VENV/bin/python" "$ROOT/tests/harness/roles.py")

    XML-RPC over HTTPS: https://$host$suffix/xmlrpc/2/common and /xmlrpc/2/object
    Stop with Ctrl+C. Logs: $SERVE_ODOO_LOG, $SERVE_DIR/nginx-*.log

BANNER
# until one of them exits (or Ctrl+C)
wait -n "$ODOO_PID" "$NGINX_PID" || true
die "$(kill -0 "$ODOO_PID" 2>/dev/null && echo nginx || echo Odoo) exited; see $SERVE_DIR"
