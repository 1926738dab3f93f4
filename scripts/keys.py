"""Keys of ecom_partner_encryption: print fresh ones, rotate a database.

    python scripts/keys.py new [--kid KID]
        print a fresh data key and blind-index key (odoo.conf lines)
    python scripts/keys.py rotate -c ODOO_CONF -d DB [--batch-size N] [--reindex]
        re-encrypt every partner row still on an older data key (or plaintext)
        and rebuild blind-index tokens of an older index key, then the other
        encrypted columns (outgoing e-mail bodies, payment transactions' copies
        of the customer), committing after each batch: killed half-way, run it
        again and it resumes.

Key material is never printed except by ``new``; progress shows counts and ids.
"""
import argparse
import base64
import datetime
import os
import sys
import time


def cmd_new(args):
    kid = args.kid or datetime.datetime.utcnow().strftime("k%Y%m%d%H%M")

    def entry(prefix):
        return "%s%s:%s" % (prefix, kid, base64.b64encode(os.urandom(32)).decode())

    print("# Fresh keys for odoo.conf [options] (keep them secret; back them up):")
    print("# To rotate, put the new data key FIRST and keep the old ones after it")
    print("# until 'make rotate-keys' has finished, e.g.")
    print("#   ecom_encryption_keys = %s,<old kid:key>" % "<new kid:key>")
    print("ecom_encryption_keys = %s" % entry(""))
    print("ecom_blind_index_key = %s" % entry("i"))
    return 0


def encrypted_column_models(env):
    """Models storing columns encrypted through ``ecom.encrypted.columns``."""
    return sorted(
        name for name, model in env.registry.items()
        if not model._abstract and getattr(model, "_ecom_encrypted_columns", ()))


def cmd_rotate(args):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--logfile=",
                         "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.registry(args.database)
    started = time.time()
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "email_bidx" not in env["res.partner"]._fields:
            print("rotate-keys: ecom_partner_encryption is not installed in %s"
                  % args.database, file=sys.stderr)
            return 2
        from odoo.addons.ecom_partner_encryption.models.res_partner import get_keys

        cipher, index = get_keys()
        partners = env["res.partner"]
        print("rotate-keys: database %s, active data key %r, active index key %r"
              % (args.database, cipher.active_kid, index.active_kid), flush=True)

        def progress(done, total, last_id):
            print("rotate-keys: %d/%d rows done (last id %d, %.1f s)"
                  % (done, total, last_id, time.time() - started), flush=True)
            if args.delay:
                time.sleep(args.delay)

        done = partners._ecom_reencrypt_all(
            batch_size=args.batch_size, reindex=args.reindex, commit=True,
            progress=progress)
        cr.commit()
        left = partners._ecom_pending_count()
        # other models' encrypted columns (ecom_pii_guard_encryption: e-mail
        # bodies, payment copies), same keys, no blind index
        for name in encrypted_column_models(env):
            print("rotate-keys: %s" % name, flush=True)
            done += env[name]._ecom_columns_reencrypt_all(
                batch_size=args.batch_size, rewrite_all=args.reindex,
                commit=True, progress=progress)
            cr.commit()
            left += env[name]._ecom_columns_pending_count()
    print("rotate-keys: finished, %d rows rewritten, %d left on older keys "
          "(%.1f s)" % (done, left, time.time() - started), flush=True)
    return 0 if left == 0 else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    new = sub.add_parser("new", help="print fresh keys")
    new.add_argument("--kid", help="key id (default: k<UTC timestamp>)")
    rotate = sub.add_parser("rotate", help="re-encrypt a database onto the active keys")
    rotate.add_argument("-c", "--config", required=True)
    rotate.add_argument("-d", "--database", required=True)
    rotate.add_argument("--batch-size", type=int, default=1000)
    rotate.add_argument("--reindex", action="store_true",
                        help="rewrite every row (e.g. after changing the main "
                             "company's country, which normalises phone numbers)")
    rotate.add_argument("--delay", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "new":
        return cmd_new(args)
    if args.command == "rotate":
        return cmd_rotate(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
