"""ecom_partner_encryption: encrypted vs plain res.partner, same run, same table.

Measured through the ORM (what users and integrations pay):
- create N partners with e-mail, phone, mobile, street, street2, VAT;
- read those six fields of the N partners back (cold cache);
- exact search by e-mail (blind index vs a plain btree index on the column);
- encrypting M existing plaintext partners (rows inserted by SQL as a database
  from before the add-on would hold them) with the rotate-keys loop.

The plain side runs the very same ORM code with the add-on's storage overrides
switched off in this process only (monkeypatched to call straight through).

Size knobs: ECOM_BENCH_ENC_PARTNERS (N, default 100000),
ECOM_BENCH_ENC_MIGRATE (M, default 100000), ECOM_BENCH_ENC_SEARCHES (default 1000).
"""
import contextlib
import os
import random

from common import Timer, odoo_env, progress, report

N = int(os.environ.get("ECOM_BENCH_ENC_PARTNERS", "100000"))
M = int(os.environ.get("ECOM_BENCH_ENC_MIGRATE", "100000"))
SEARCHES = int(os.environ.get("ECOM_BENCH_ENC_SEARCHES", "1000"))
FIELDS = ["email", "phone", "mobile", "street", "street2", "vat"]
CHUNK = 1000
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True,
           "mail_notrack": True}


def values(tag, n):
    return {
        "name": "Bench %s %d" % (tag, n),
        "email": "bench.%s.%d@example.com" % (tag, n),
        "phone": "+49 30 %07d" % n,
        "mobile": "+86 139 %08d" % n,
        "street": "Bench street %d" % n,
        "street2": "Floor %d" % (n % 40),
        "vat": "DE%09d" % n,
    }


@contextlib.contextmanager
def encryption_disabled():
    """Plain baseline: the add-on's overrides call straight through."""
    from odoo.addons.ecom_partner_encryption.models import base, res_partner

    patched = [(res_partner.ResPartner, ["_create", "_write", "_read_from_database"]),
               (base.Base, ["_where_calc", "_read_from_database"])]
    saved = []

    def passthrough(klass, name):
        def method(self, *args, **kwargs):
            return getattr(super(klass, self), name)(*args, **kwargs)
        return method

    for klass, names in patched:
        for name in names:
            saved.append((klass, name, klass.__dict__[name]))
            setattr(klass, name, passthrough(klass, name))
    try:
        yield
    finally:
        for klass, name, method in saved:
            setattr(klass, name, method)


def create(env, tag):
    partners = env["res.partner"].with_context(**CONTEXT)
    ids = []
    with Timer() as timer:
        for n in range(N):
            ids.append(partners.create(values(tag, n)).id)
            if n % CHUNK == CHUNK - 1:
                env.cr.commit()
                env["res.partner"].invalidate_cache()
                if n % (10 * CHUNK) == 10 * CHUNK - 1:
                    progress("%s: %d/%d created" % (tag, n + 1, N))
        env.cr.commit()
    return ids, timer.seconds


def read(env, ids):
    partners = env["res.partner"].with_context(**CONTEXT)
    env["res.partner"].invalidate_cache()
    with Timer() as timer:
        for start in range(0, len(ids), CHUNK):
            rows = partners.browse(ids[start:start + CHUNK]).read(FIELDS)
            assert rows[0]["email"].startswith("bench.")
            env["res.partner"].invalidate_cache()
    return timer.seconds


def search(env, tag):
    partners = env["res.partner"]
    sample = random.Random(7).sample(range(N), min(SEARCHES, N))
    with Timer() as timer:
        for n in sample:
            found = partners.search([("email", "=", "bench.%s.%d@example.com" % (
                tag, n))])
            assert len(found) == 1
    return timer.seconds


def migrate(env):
    """M plaintext rows as a pre-existing database holds them, then encrypt."""
    cr = env.cr
    # NOT NULL selection columns of installed add-ons (sale_warn, ...)
    warns = [name for name in ("invoice_warn", "picking_warn", "sale_warn",
                               "purchase_warn") if name in env["res.partner"]._fields]
    cr.execute("""
        INSERT INTO res_partner (name, display_name, email, phone, mobile, street,
                                 street2, vat, active, customer, supplier,
                                 employee, is_company, type, lang, create_date,
                                 write_date%s)
        SELECT 'Legacy ' || n, 'Legacy ' || n, 'legacy.' || n || '@example.com',
               '+49 30 ' || n, '+86 139 ' || n, 'Legacy street ' || n,
               'Floor ' || (n %%%% 40), 'DE' || n, true, true, false, false, false,
               'contact', 'en_US', now(), now()%s
        FROM generate_series(1, %%s) AS n""" % (
        "".join(", " + name for name in warns),
        ", 'no-message'" * len(warns)), (M,))
    cr.commit()
    progress("%d plaintext partners inserted; encrypting" % M)
    partners = env["res.partner"]

    def step(done, total, last_id):
        if done % 20000 < 2000:
            progress("encrypted %d/%d" % (done, total))

    with Timer() as timer:
        done = partners._ecom_reencrypt_all(batch_size=2000, commit=True,
                                            progress=step)
    cr.commit()
    assert done >= M and partners._ecom_pending_count() == 0
    found = partners.search([("email", "=", "legacy.%d@example.com" % M)])
    assert len(found) == 1 and found.email == "legacy.%d@example.com" % M
    return timer.seconds


def main():
    print("partners N=%d, searches=%d, migration M=%d" % (N, SEARCHES, M))
    with odoo_env() as env:
        with encryption_disabled():
            env.cr.execute("CREATE INDEX IF NOT EXISTS bench_plain_email_idx "
                           "ON res_partner (email)")
            plain_ids, plain_create = create(env, "plain")
            env.cr.execute("ANALYZE res_partner")
            plain_read = read(env, plain_ids)
            plain_search = search(env, "plain")
        enc_ids, enc_create = create(env, "enc")
        env.cr.execute("ANALYZE res_partner")
        enc_read = read(env, enc_ids)
        enc_search = search(env, "enc")
        env.cr.execute("SELECT email FROM res_partner WHERE id = %s", (enc_ids[0],))
        assert env.cr.fetchone()[0].startswith("ecg1:")
        report("create %d partners (6 encrypted fields)" % N, enc_create,
               plain_create, target="suite/baseline <= 1.15")
        report("read 6 fields of %d partners" % N, enc_read, plain_read,
               target="suite/baseline <= 1.15")
        report("%d exact e-mail searches (blind index vs btree)" % len(
            range(min(SEARCHES, N))), enc_search, plain_search,
            target="suite/baseline <= 2")
        for title, suite, base in (("create", enc_create, plain_create),
                                   ("read", enc_read, plain_read),
                                   ("search", enc_search, plain_search)):
            print("    %s: encrypted/plain = %.3f" % (title, suite / base))
        seconds = migrate(env)
        report("encrypt %d existing plaintext partners" % M, seconds, 120.0,
               target="<= 120 s", note="baseline = the 120 s budget")


if __name__ == "__main__":
    main()
