"""Install: refuse without keys, then encrypt existing rows. Uninstall: decrypt."""
import logging

from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, api

from .models.res_partner import ENCRYPTED_FIELDS, MODEL, get_keys

_logger = logging.getLogger(__name__)
BATCH = 2000


def pre_init_hook(cr):
    get_keys()  # clear error before anything is installed


def post_init_hook(cr, registry):
    """Encrypt the partners that existed before the add-on, in batches.

    Rows are selected by "not yet on the active key", so an interrupted
    install simply starts again where the data says (nothing is committed
    before the install itself is).
    """
    env = api.Environment(cr, SUPERUSER_ID, {})

    def progress(done, total, last_id):
        _logger.info("ecom_partner_encryption: encrypted %d/%d partners", done, total)

    done = env[MODEL]._ecom_reencrypt_all(batch_size=BATCH, progress=progress)
    _logger.info("ecom_partner_encryption: %d existing partners encrypted", done)


def uninstall_hook(cr, registry):
    """Write the plaintext back (the blind-index columns are dropped by Odoo)."""
    cipher = get_keys()[0]
    cols = ", ".join('"%s"' % name for name in ENCRYPTED_FIELDS)
    last_id, total = 0, 0
    while True:
        cr.execute(
            "SELECT id, %s FROM res_partner WHERE id > %%s AND (%s) ORDER BY id "
            "LIMIT %%s" % (cols, " OR ".join(
                "left(\"%s\", 5) = 'ecg1:'" % name for name in ENCRYPTED_FIELDS)),
            (last_id, BATCH))
        rows = cr.fetchall()
        if not rows:
            break
        decrypted = [
            [row[0]] + [cipher.decrypt(stored, MODEL, name, row[0])
                        for name, stored in zip(ENCRYPTED_FIELDS, row[1:])]
            for row in rows]
        execute_values(cr._obj, (
            'UPDATE res_partner AS t SET %s FROM (VALUES %%s) AS v(id, %s) '
            'WHERE t.id = v.id') % (
                ", ".join('"%s" = v."%s"' % (n, n) for n in ENCRYPTED_FIELDS), cols),
            decrypted, page_size=1000)
        total += len(rows)
        last_id = rows[-1][0]
    _logger.info("ecom_partner_encryption: %d partners decrypted for uninstall", total)
