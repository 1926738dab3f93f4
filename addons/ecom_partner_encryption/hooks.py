"""Install: refuse without keys, then encrypt existing rows. Uninstall: decrypt."""
import logging

from odoo import SUPERUSER_ID, api

from .models.res_partner import ENCRYPTED_FIELDS, MODEL, get_keys
from .services import columns

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
    where, params = columns.encrypted_where(ENCRYPTED_FIELDS)
    total = columns.rewrite_all(
        cr, "res_partner", ENCRYPTED_FIELDS, where, params,
        columns.decrypting(cipher, MODEL, ENCRYPTED_FIELDS), batch_size=BATCH)
    _logger.info("ecom_partner_encryption: %d partners decrypted for uninstall", total)
