# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    # set from the order by sale.order._prepare_invoice
    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict",
        readonly=True, copy=False)
