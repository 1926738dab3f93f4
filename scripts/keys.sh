#!/usr/bin/env bash
# make keys / make rotate-keys (ecom_partner_encryption).
#   scripts/keys.sh new                 print fresh keys for odoo.conf
#   scripts/keys.sh rotate [args...]    re-encrypt database ROTATE_DB (default
#                                       ecom_demo) onto the active keys; resumable
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
    new)
        shift
        python3 "$ROOT/scripts/keys.py" new "$@"
        ;;
    rotate)
        shift
        DB="${ROTATE_DB:-ecom_demo}"
        prepare_server_conf
        odoo_path
        step "Rotating encryption keys in '$DB'"
        read -r -a extra <<< "${ROTATE_ARGS:-}"
        "$VENV/bin/python" "$ROOT/scripts/keys.py" rotate -c "$CONF" -d "$DB" "${extra[@]}" "$@"
        ;;
    *)
        die "usage: scripts/keys.sh new|rotate"
        ;;
esac
