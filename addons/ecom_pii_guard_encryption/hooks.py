"""Install: encrypt the e-mail bodies and payment copies already stored.
Uninstall: write their plaintext back (the keys must still be configured)."""
import logging

from odoo import SUPERUSER_ID, api

from .models.mail_mail import MailMail
from .models.payment_transaction import PaymentTransaction

_logger = logging.getLogger(__name__)
BATCH = 2000
MODELS = (MailMail._name, PaymentTransaction._name)


def post_init_hook(cr, registry):
    """Rows are selected by "not yet on the active key": an interrupted
    install starts again where the data says."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model in MODELS:
        done = env[model]._ecom_columns_reencrypt_all(batch_size=BATCH)
        _logger.info("ecom_pii_guard_encryption: %d %s rows encrypted", done, model)


def uninstall_hook(cr, registry):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model in MODELS:
        done = env[model]._ecom_columns_decrypt_all(batch_size=BATCH)
        _logger.info("ecom_pii_guard_encryption: %d %s rows decrypted", done, model)
