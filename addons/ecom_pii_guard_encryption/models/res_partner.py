"""Customer fields are masked after they are decrypted, in any load order.

``ecom_pii_guard`` masks the personal fields it has just read in the
caller's cache (``_read_from_database``); ``ecom_partner_encryption`` puts
the decrypted contact fields into the cache in its own override of the same
method. Which of the two runs last depends on the order the registry built
the class: by module depth on a server start, but an add-on installed into a
running database goes on top of the others. If decryption ran last, a
restricted role would read e-mails, phones, streets and VAT numbers in clear.

This add-on depends on both, so its override is always the outermost: it
masks here, after both, and tells ``ecom_pii_guard`` not to mask underneath.
"""
from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _ecom_pii_mask_on_read(self):
        return False

    def _read_from_database(self, field_names, inherited_field_names=None):
        super()._read_from_database(field_names, inherited_field_names or [])
        self._ecom_pii_mask_cache(field_names)
