"""ecom_partner_encryption over XML-RPC: plaintext for users, ciphertext in SQL,
exact search, and a key rotation killed half-way then resumed.

Canary values created here stay in the test database; test_zz_encryption_dump
checks at the end of the run that no dump or server log contains them.
"""
import base64
import configparser
import json
import os
import subprocess
import sys
import xmlrpc.client

import psycopg2
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIELDS = ["email", "phone", "mobile", "street", "street2", "vat"]
CANARIES = [
    {"name": "Encryption Canary %d" % n,
     "email": "canary.%d.k7q@enc-canary.example" % n,
     "phone": "+49 30 7391 46%02d" % n,
     "mobile": "+86 139 7391 46%02d" % n,
     "street": "Kanarienweg %d Hinterhaus" % (17 + n),
     "street2": "Canary Suite %d-B" % n,
     "vat": "DE93746%04d" % n}
    for n in range(1, 4)
]
IMPORT_CANARY = ("Encryption Canary Import", "import.k7q@enc-canary.example")


def plaintexts():
    """Every canary plaintext and its obvious variants (for dump/log scans)."""
    values = [IMPORT_CANARY[1]]
    for canary in CANARIES:
        for field in FIELDS:
            values.append(canary[field])
            if field in ("phone", "mobile"):
                values.append("".join(ch for ch in canary[field] if ch.isdigit()))
    return values


def conf():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.environ["ECOM_ODOO_CONF"])
    return parser["options"]


def sql(query, params=()):
    options = conf()

    def opt(name):
        value = options.get(name)
        return None if value in (None, "", "False") else value

    with psycopg2.connect(dbname=os.environ["ECOM_TEST_DB"], host=opt("db_host"),
                          port=opt("db_port"), user=opt("db_user"),
                          password=opt("db_password")) as conn:
        with conn.cursor() as cur:
            cur.execute(query, params)
            rows = cur.fetchall()
    conn.close()
    return rows


def ensure_canaries(client):
    """Create the canary partners unless they exist."""
    ids = []
    for canary in CANARIES:
        found = client.call("res.partner", "search", [("name", "=", canary["name"])])
        ids.append(found[0] if found else client.call("res.partner", "create", canary))
    return ids


@pytest.fixture
def cs(rpc, require_addons):
    """Contact administration: storage is checked as the user creating contacts
    (here the admin; which role may see the fields is ecom_pii_guard's job)."""
    require_addons("ecom_base", "ecom_partner_encryption")
    return rpc("admin")


def test_plaintext_for_users_ciphertext_in_database(cs):
    ids = ensure_canaries(cs)
    records = cs.call("res.partner", "read", ids, ["name"] + FIELDS)
    by_name = {rec["name"]: rec for rec in records}
    for canary in CANARIES:
        assert {f: by_name[canary["name"]][f] for f in FIELDS} == {
            f: canary[f] for f in FIELDS}
    rows = sql("SELECT %s FROM res_partner WHERE id IN %%s" % ", ".join(FIELDS),
               (tuple(ids),))
    for row in rows:
        for value in row:
            assert value.startswith("ecg1:")
    stored = " ".join(v for row in rows for v in row)
    for value in plaintexts():
        assert value not in stored
    # imports (base_import ends in load) are encrypted too
    result = cs.call("res.partner", "load", ["name", "email"], [list(IMPORT_CANARY)])
    assert not result["messages"], result["messages"]
    (email,), = sql("SELECT email FROM res_partner WHERE id = %s", (result["ids"][0],))
    assert email.startswith("ecg1:")


def test_every_partner_row_is_encrypted():
    """Demo data of every installed add-on included, whatever the install order."""
    cond = " OR ".join(
        "(%s IS NOT NULL AND left(%s, 5) <> 'ecg1:')" % (f, f) for f in FIELDS)
    (plain,), = sql("SELECT count(*) FROM res_partner WHERE %s" % cond)
    (total,), = sql("SELECT count(*) FROM res_partner WHERE email IS NOT NULL")
    assert total > 0
    assert plain == 0


def test_exact_search_name_search_and_like_refused(cs):
    ids = ensure_canaries(cs)
    first = CANARIES[0]
    assert cs.call("res.partner", "search",
                   [("email", "=", first["email"].upper())]) == ids[:1]
    assert cs.call("res.partner", "search",
                   [("phone", "=", "0049 (30) 7391-4601")]) == ids[:1]
    assert sorted(cs.call("res.partner", "search", [
        ("mobile", "in", [CANARIES[1]["mobile"], CANARIES[2]["mobile"]])])) == ids[1:]
    found = cs.call("res.partner", "name_search", first["email"])
    assert [row[0] for row in found] == ids[:1]
    found = cs.call("res.partner", "name_search", first["phone"])
    assert [row[0] for row in found] == ids[:1]
    with pytest.raises(xmlrpc.client.Fault) as fault:
        cs.call("res.partner", "search", [("email", "ilike", "enc-canary")])
    assert "'email' is stored encrypted" in fault.value.faultString


# --- rotation ------------------------------------------------------------------

CHECK = r"""
import json, sys
import odoo
from odoo.tools import config
config.parse_config(["-c", sys.argv[1], "-d", sys.argv[2], "--logfile=",
                     "--log-level=critical"])
registry = odoo.registry(sys.argv[2])
with odoo.api.Environment.manage(), registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})
    partners = env["res.partner"]
    rows = partners.search_read(
        [], ["email", "phone", "mobile", "street", "street2", "vat"])
    found = {e: partners.search_count([("email", "=", e)]) for e in sys.argv[3:]}
    print("RESULT " + json.dumps({"rows": len(rows), "found": found}))
"""


def _key(kid):
    return "%s:%s" % (kid, base64.b64encode(os.urandom(32)).decode())


def _env(data=None, index=None):
    env = dict(os.environ)
    env.pop("ECOM_ENCRYPTION_KEYS", None)
    env.pop("ECOM_BLIND_INDEX_KEY", None)
    if data:
        env["ECOM_ENCRYPTION_KEYS"] = data
        env["ECOM_BLIND_INDEX_KEY"] = index
    return env


def _rotate_cmd(*extra):
    return [sys.executable, os.path.join(ROOT, "scripts", "keys.py"), "rotate",
            "-c", os.environ["ECOM_ODOO_CONF"], "-d", os.environ["ECOM_TEST_DB"]
            ] + list(extra)


def _check(env):
    emails = [c["email"] for c in CANARIES]
    out = subprocess.run(
        [sys.executable, "-c", CHECK, os.environ["ECOM_ODOO_CONF"],
         os.environ["ECOM_TEST_DB"]] + emails,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
        universal_newlines=True)
    lines = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
    assert out.returncode == 0 and lines, out.stderr[-2000:]
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["found"] == {email: 1 for email in emails}, result
    return result["rows"]


def _count_kid(kid):
    (count,), = sql("SELECT count(*) FROM res_partner WHERE left(email, %s) = %s",
                    (len(kid) + 6, "ecg1:%s:" % kid))
    return count


def test_rotation_killed_half_way_then_resumed(cs):
    ensure_canaries(cs)
    options = conf()
    old_data = (os.environ.get("ECOM_ENCRYPTION_KEYS")
                or options["ecom_encryption_keys"])
    old_index = (os.environ.get("ECOM_BLIND_INDEX_KEY")
                 or options["ecom_blind_index_key"])
    old_kid = old_data.split(":")[0]
    new_data, new_index = _key("rotest"), _key("irotest")
    total = _count_kid(old_kid)
    assert total > 10
    both = _env(new_data + "," + old_data, new_index + "," + old_index)
    rows_before = _check(both)                                   # before: all found

    # start the rotation in small slow batches and kill it after the first one
    proc = subprocess.Popen(
        _rotate_cmd("--batch-size", "5", "--delay", "0.5"), env=both,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    try:
        for line in proc.stdout:
            if "rows done" in line:
                break
    finally:
        proc.kill()
        proc.wait(30)
    done_new, left_old = _count_kid("rotest"), _count_kid(old_kid)
    assert 0 < done_new < total and left_old > 0, (done_new, left_old)
    assert _check(both) == rows_before                           # during: all found

    out = subprocess.run(_rotate_cmd("--batch-size", "7"), env=both,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=600)
    assert out.returncode == 0, out.stdout[-2000:]
    assert "0 left on older keys" in out.stdout
    assert _count_kid(old_kid) == 0 and _count_kid("rotest") == total
    (stale,), = sql("SELECT count(*) FROM res_partner WHERE email IS NOT NULL "
                    "AND left(email_bidx, 8) <> 'irotest:'")
    assert stale == 0
    for secret in (new_data, new_index, old_data, old_index):
        assert secret.split(":")[1] not in out.stdout
    assert _check(_env(new_data, new_index)) == rows_before      # after, old keys gone

    # back to the configured keys so the rest of the run (live server) reads them
    out = subprocess.run(_rotate_cmd(), env=_env(old_data + "," + new_data,
                                                 old_index + "," + new_index),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=600)
    assert out.returncode == 0, out.stdout[-2000:]
    assert _count_kid(old_kid) == total
    assert _check(_env()) == rows_before
