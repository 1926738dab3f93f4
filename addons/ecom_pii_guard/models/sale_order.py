# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

#: The partners an order is sold, invoiced and shipped to.
BUYER_FIELDS = ("partner_id", "partner_invoice_id", "partner_shipping_id")


class SaleOrder(models.Model):
    """Selling to a partner makes it a protected customer.

    A partner entered as a vendor (unprotected) and later sold to would
    otherwise stay readable by the warehouse. Protection is only ever raised
    here (never lowered), in one UPDATE per batch of orders, logged per
    partner whose flag changed. The set-based channel intake does not pass
    here: it only sells to channel buyers, protected from their creation.
    """

    _inherit = "sale.order"

    @api.model
    def create(self, vals):
        order = super().create(vals)
        order._ecom_pii_protect_buyers()
        return order

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in BUYER_FIELDS):
            self._ecom_pii_protect_buyers()
        return result

    @api.multi
    def _ecom_pii_protect_buyers(self):
        # sudo: only the non-personal protection flag of the order's partners
        # is read and raised (never lowered); each change is logged as the
        # current user, and nothing is returned to the caller
        orders = self.sudo()
        partners = orders.mapped("partner_id") | orders.mapped(
            "partner_invoice_id") | orders.mapped("partner_shipping_id")
        partners |= partners.mapped("commercial_partner_id")
        if partners:
            partners._ecom_pii_raise_protection(
                "sold to on %s" % ", ".join(orders.mapped("name"))[:200])
