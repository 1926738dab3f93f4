"""Payment transactions' copies of the customer encrypted at rest.

Odoo 11's ``payment.transaction`` copies the partner's name, e-mail, phone
and address when the transaction is created (``on_change_partner_id``,
``_get_partner_values``) for the acquirer's forms; there are no separate
billing copies in this version.
"""
from odoo import models

ENCRYPTED_COLUMNS = (
    "partner_name", "partner_email", "partner_phone", "partner_address",
    "partner_zip", "partner_city",
)


class PaymentTransaction(models.Model):
    _name = "payment.transaction"
    _inherit = ["payment.transaction", "ecom.encrypted.columns"]

    _ecom_encrypted_columns = ENCRYPTED_COLUMNS
