"""Helpers for the suite's benchmarks (run by ``make bench``).

Each ``bench/bench_<topic>.py`` defines ``main()``; ``scripts/bench.sh`` runs
them one after another against a fresh database without demo data
(ECOM_BENCH_DB) and the generated configuration (ECOM_ODOO_CONF). A benchmark
measures the suite and its baseline in the same run and prints both with
:func:`report`; nothing here asserts a speed.
"""
import contextlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

RESULTS = []


def conf_path():
    return os.environ["ECOM_ODOO_CONF"]


def db_name():
    return os.environ["ECOM_BENCH_DB"]


@contextlib.contextmanager
def odoo_env(uid=1, context=None):
    """An Odoo environment on the bench database in this process; commits on success."""
    import odoo
    from odoo.tools import config

    if not config.get("db_name"):
        config.parse_config(["-c", conf_path(), "-d", db_name(), "--logfile="])
    registry = odoo.registry(db_name())
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        yield odoo.api.Environment(cr, uid, dict(context or {}))


@contextlib.contextmanager
def live_server(workers=2):
    """A real Odoo server on free ports against the bench database."""
    from harness.liveserver import LiveServer

    server = LiveServer(conf_path(), db_name(), workers=workers)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def table_columns(cr, table, skip=()):
    """Column names of ``table`` but ``skip``, in table order (for SQL copies
    of rows in a benchmark's data setup)."""
    cr.execute("SELECT column_name FROM information_schema.columns "
               "WHERE table_name = %s ORDER BY ordinal_position", (table,))
    return [row[0] for row in cr.fetchall() if row[0] not in skip]


def clone_rows(cr, table, template_id, overrides, rows):
    """One SQL copy of row ``template_id`` of ``table`` per tuple of ``rows``
    (data setup only); ``overrides``: [(column, sql type)] taken from the
    tuples, every other column copied from the template. The new ids, in
    order."""
    from odoo.addons.ecom_base.tools import bulk

    columns = table_columns(cr, table, skip=("id",))
    names = [name for name, _type in overrides]
    select = ", ".join("v.%s" % c if c in names else "t.%s" % c for c in columns)
    query = ("INSERT INTO {t} ({cols}) SELECT {sel} FROM {t} t, (VALUES %s) "
             "AS v({names}) WHERE t.id = {tid} RETURNING id").format(
                 t=table, cols=", ".join(columns), sel=select,
                 names=", ".join(names), tid=int(template_id))
    template = "(%s)" % ", ".join("%%s::%s" % sql_type for _n, sql_type in overrides)
    result = bulk.execute_values(cr, query, rows, template=template,
                                 page_size=5000, fetch=True)
    return [r[0] for r in result]


def progress(message):
    print("    ... %s" % message, flush=True)


def report(title, suite_seconds, baseline_seconds, target=None, unit="s", note=""):
    """Print one measured comparison: suite, baseline, ratio (baseline / suite)."""
    ratio = baseline_seconds / suite_seconds if suite_seconds else float("inf")
    line = "%-58s suite %9.3f %s | baseline %9.3f %s | ratio %7.2fx" % (
        title, suite_seconds, unit, baseline_seconds, unit, ratio)
    if target:
        line += " | target %s" % target
    if note:
        line += " | %s" % note
    RESULTS.append(line)
    print(line, flush=True)
    return ratio
