# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .ecom_rma_line import DISPOSITIONS


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_rma_id = fields.Many2one("ecom.rma", string="After-sales Case",
                                  index=True, readonly=True, copy=False)
    ecom_rma_disposition = fields.Selection(
        DISPOSITIONS, string="Return Disposition", readonly=True, copy=False)


class StockMove(models.Model):
    _inherit = "stock.move"

    ecom_rma_line_id = fields.Many2one("ecom.rma.line", string="Case Line",
                                       index=True, readonly=True, copy=False)
