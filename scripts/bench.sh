#!/usr/bin/env bash
# make bench: every bench/bench_*.py against a fresh database with the add-ons
# and no demo data; each prints suite vs. baseline and the ratio, measured in
# the same run. BENCH_ARGS="bench_channel" runs only the named benchmarks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DB="${BENCH_DB:-ecom_bench}"
"$ROOT/scripts/bootstrap.sh"
prepare_server_conf
step "Fresh benchmark database '$BENCH_DB' (no demo data)"
drop_db "$BENCH_DB"
create_db "$BENCH_DB" "${ADDONS:-$(all_addons)}" nodemo
odoo_path
benches=()
if [ -n "${BENCH_ARGS:-}" ]; then
    for name in $BENCH_ARGS; do benches+=("$ROOT/bench/${name%.py}.py"); done
else
    for file in "$ROOT"/bench/bench_*.py; do [ -e "$file" ] && benches+=("$file"); done
fi
if [ ${#benches[@]} -eq 0 ]; then info "no benchmark in bench/bench_*.py yet"; exit 0; fi
for file in "${benches[@]}"; do
    step "Benchmark $(basename "$file" .py)"
    ECOM_ODOO_CONF="$CONF" ECOM_BENCH_DB="$BENCH_DB" "$VENV/bin/python" "$file"
done
[ "${KEEP_DB:-0}" = 1 ] || drop_db "$BENCH_DB"
