# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    ecom_zone_id = fields.Many2one(
        related="location_id.ecom_zone_id", store=True, string="Zone", readonly=True)
    ecom_bin_code = fields.Char(
        related="location_id.ecom_code", store=True, string="Bin Code", readonly=True)
    ecom_bin_kind = fields.Selection(
        related="location_id.ecom_kind", string="Layout Level", readonly=True)
