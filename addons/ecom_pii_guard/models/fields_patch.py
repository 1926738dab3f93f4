"""Display names of many2one fields pointing to customers, as the caller may see them.

Odoo 11 computes the display name of a many2one value as superuser
(``Many2one.convert_to_read``), so anyone who can read a picking would learn
its customer's name, and with ``show_address`` in the context the address.
This patch asks ``res.partner._ecom_pii_labels`` for a label instead when the
target is a partner and the ecom_pii_guard add-on is installed in the
record's database (the method exists only then).
"""
from odoo import fields

_convert_to_read = fields.Many2one.convert_to_read


def convert_to_read(self, value, record, use_name_get=True):
    if use_name_get and value and self.comodel_name == "res.partner":
        partners = record.env["res.partner"]
        if hasattr(partners, "_ecom_pii_labels") and \
                partners._ecom_pii_level() != "clear":
            return (value.id, partners._ecom_pii_labels(value, record)[value.id])
    return _convert_to_read(self, value, record, use_name_get=use_name_get)


fields.Many2one.convert_to_read = convert_to_read
