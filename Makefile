# Front door of the suite. See README.md.
#   make run    venv + deps + PostgreSQL + database ecom_demo (demo data) + Odoo on :8069
#   make serve  the same behind nginx with TLS (https://localhost:8443), 2 workers, see scripts/serve.sh
#   make test   same bootstrap, fresh test database, lint, unit/ORM, integration and browser tests
#   make lint   flake8 + pylint-odoo
#   make bench  benchmarks (suite vs. baseline, with ratios)
#   make db-stop  stop the embedded PostgreSQL cluster
SHELL := /bin/bash
export ADDONS TEST_DB PYTEST_ARGS SKIP_LINT KEEP_DB UPDATE HTTP_PORT PYTHON BENCH_ARGS

.PHONY: run serve test lint bench bootstrap db-stop clean

run:
	@scripts/run.sh

serve:
	@scripts/serve.sh

test:
	@scripts/test.sh

lint:
	@scripts/lint.sh

bench:
	@scripts/bench.sh

bootstrap:
	@scripts/bootstrap.sh --browser

db-stop:
	@scripts/pg.sh stop

clean: db-stop
	rm -rf .run artifacts

# ecom_partner_encryption: fresh keys / re-encrypt ROTATE_DB (default ecom_demo)
.PHONY: keys rotate-keys
export ROTATE_DB ROTATE_ARGS

keys:
	@scripts/keys.sh new

rotate-keys:
	@scripts/keys.sh rotate
