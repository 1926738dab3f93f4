# Helpers of scripts/run.sh and scripts/serve.sh: Odoo as an unprivileged
# system user. Source after scripts/lib.sh; do not run.
# shellcheck shell=bash

# The system user Odoo runs as when the scripts are started as root.
ODOO_SYSTEM_USER="${ECOM_ODOO_USER:-odoo}"

# Value of option $1 in the project's own ./odoo.conf, if any.
project_conf_value() {
    [ -f "$ROOT/odoo.conf" ] || return 0
    sed -n -E "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p" "$ROOT/odoo.conf" \
        | tail -n 1 | grep -v -x -E 'False|None' || true
}

# Value of option $2 in the generated Odoo configuration $1.
conf_option() {
    sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p" "$1" | tail -n 1
}

# As root: create the system user (no login, no home) unless it exists.
ensure_odoo_user() {
    [ "$(id -u)" = 0 ] || return 0
    if ! id -u "$ODOO_SYSTEM_USER" >/dev/null 2>&1; then
        info "creating the system user '$ODOO_SYSTEM_USER' (Odoo never runs as root)"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ODOO_SYSTEM_USER"
    fi
    [ "$(id -u "$ODOO_SYSTEM_USER")" != 0 ] || die "ECOM_ODOO_USER=$ODOO_SYSTEM_USER is root"
}

# As root: let the Odoo user read configuration $1 (and the demo keys) through
# its group, without making them world-readable, and own its data folder
# (filestore, sessions). Re-done at every start: gen_conf.py rewrites the
# configuration, and make test (run as root) may have added root-owned files.
grant_odoo_user() {
    local conf="$1" data_dir
    [ "$(id -u)" = 0 ] || return 0
    chgrp "$ODOO_SYSTEM_USER" "$conf"
    chmod 640 "$conf"
    if [ -f "$RUN_DIR/demo-keys.conf" ]; then
        chgrp "$ODOO_SYSTEM_USER" "$RUN_DIR/demo-keys.conf"
        chmod 640 "$RUN_DIR/demo-keys.conf"
    fi
    data_dir="$(conf_option "$conf" data_dir)"
    data_dir="${data_dir:-$RUN_DIR/data}"
    mkdir -p "$data_dir"
    chown -R "$ODOO_SYSTEM_USER:$ODOO_SYSTEM_USER" "$data_dir"
    chmod 750 "$data_dir"
    # the Odoo user must reach the interpreter (pyenv puts it under /root),
    # the checkout and the configuration
    grant_traverse "$(readlink -f "$VENV/bin/python")"
    grant_traverse "$conf"
    runuser -u "$ODOO_SYSTEM_USER" -- "$VENV/bin/python" -c 'import odoo' \
        || die "the user '$ODOO_SYSTEM_USER' cannot run Odoo from $VENV"
    runuser -u "$ODOO_SYSTEM_USER" -- test -r "$conf" \
        || die "the user '$ODOO_SYSTEM_USER' cannot read $conf"
}

# As root: let the Odoo user pass through each folder above $1 that is closed
# to others (e.g. /root holding pyenv's Python 3.7) with an ACL entry
# 'u:odoo:x': it may traverse, not list, and nobody else gains anything.
grant_traverse() {
    local dir
    dir="$(dirname "$1")"
    local parts=()
    while [ "$dir" != / ]; do parts=("$dir" "${parts[@]}"); dir="$(dirname "$dir")"; done
    for dir in "${parts[@]}"; do
        runuser -u "$ODOO_SYSTEM_USER" -- test -x "$dir" && continue
        command -v setfacl >/dev/null \
            || die "the user '$ODOO_SYSTEM_USER' cannot enter $dir: install the Debian package acl (scripts/bootstrap.sh does) or move the checkout / Python 3.7 elsewhere"
        info "granting '$ODOO_SYSTEM_USER' traverse-only access to $dir (ACL u:$ODOO_SYSTEM_USER:x)"
        setfacl -m "u:$ODOO_SYSTEM_USER:x" "$dir"
    done
}

# ODOO_RUNNER: the command prefix that runs Odoo unprivileged (empty when
# not root); keeps PATH (lessc) and gives a HOME the user may write.
set_odoo_runner() {
    ODOO_RUNNER=()
    if [ "$(id -u)" = 0 ]; then
        ODOO_RUNNER=(runuser -u "$ODOO_SYSTEM_USER" -- env "PATH=$PATH" "HOME=$1")
    fi
}
