# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleReport(models.Model):
    """Sales analysis by channel (also what scopes it to a customer-service user)."""

    _inherit = "sale.report"

    ecom_channel_id = fields.Many2one("ecom.channel", string="Channel", readonly=True)

    def _select(self):
        return super()._select() + ", s.ecom_channel_id as ecom_channel_id"

    def _group_by(self):
        return super()._group_by() + ", s.ecom_channel_id"
