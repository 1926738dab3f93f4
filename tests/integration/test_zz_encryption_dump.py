"""Last of the run: no canary plaintext in a pg_dump of the test database nor
in the server logs (the canary partners are created and used over XML-RPC by
test_encryption_rpc; created here if that file was deselected)."""
import glob
import os
import subprocess

from test_encryption_rpc import conf, ensure_canaries, plaintexts, sql


def test_pg_dump_and_logs_hold_no_canary_plaintext(
        rpc, require_addons, odoo_server):
    require_addons("ecom_base", "ecom_partner_encryption")
    ensure_canaries(rpc("admin"))
    (count,), = sql("SELECT count(*) FROM res_partner WHERE name LIKE "
                    "'Encryption Canary %%'")
    assert count >= 3
    options = conf()
    env = dict(os.environ)
    for option, var in (("db_host", "PGHOST"), ("db_port", "PGPORT"),
                        ("db_user", "PGUSER"), ("db_password", "PGPASSWORD")):
        if options.get(option) not in (None, "", "False"):
            env[var] = options[option]
    dump = subprocess.run(
        ["pg_dump", "--no-owner", os.environ["ECOM_TEST_DB"]], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    assert dump.returncode == 0, dump.stderr[-2000:]
    text = dump.stdout.decode("utf-8", "replace")
    assert "Encryption Canary 1" in text          # the dump does hold the rows
    assert "ecg1:" in text
    leaks = [value for value in plaintexts() if value in text]
    assert not leaks, "plaintext in pg_dump: %s" % leaks

    run_dir = os.path.dirname(os.environ["ECOM_ODOO_CONF"])
    logs = glob.glob(os.path.join(
        run_dir, "liveserver-%s-*.log" % os.environ["ECOM_TEST_DB"]))
    logs += glob.glob(os.path.join(run_dir, "install-%s.log" % os.environ[
        "ECOM_TEST_DB"]))
    assert odoo_server.log_path in logs
    for path in logs:
        with open(path, errors="replace") as handle:
            content = handle.read()
        leaks = [value for value in plaintexts() if value in content]
        assert not leaks, "plaintext in %s: %s" % (path, leaks)
