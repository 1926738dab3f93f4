# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

ROLES = [
    ("pick", "Pick"), ("check", "Check"), ("pack", "Pack"), ("ship", "Ship"),
    ("receive", "Receive"), ("putaway", "Put-away"),
]


class EcomStaffStep(models.Model):
    """Who did one warehouse step of a transfer, when, and how much.

    Recorded when the step is done (validation of the transfer, *Put in
    Pack*, *Checked*), in the UI or over RPC, by the user doing it. No
    customer data: the transfer is named by its reference only."""

    _name = "ecom.staff.step"
    _description = "Warehouse work step (who, what, when)"
    _order = "date_end desc, id desc"
    _rec_name = "picking_name"

    user_id = fields.Many2one("res.users", "Done By", required=True, index=True,
                              readonly=True)
    role = fields.Selection(ROLES, required=True, index=True, readonly=True)
    picking_id = fields.Many2one("stock.picking", "Transfer", index=True,
                                 readonly=True, ondelete="set null")
    picking_name = fields.Char("Transfer Reference", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_start = fields.Datetime("Started", readonly=True)
    date_end = fields.Datetime("Finished", required=True, readonly=True)
    day = fields.Date(required=True, index=True, readonly=True)
    timed = fields.Boolean(readonly=True,
                           help="The start is known (explicit Start, or the end "
                                "of the user's previous step within 30 minutes).")
    duration_hours = fields.Float("Hours", readonly=True, digits=(16, 3))
    lines = fields.Integer(readonly=True)
    units = fields.Float(readonly=True)
    orders = fields.Integer("Orders Shipped", readonly=True)
    expected_seconds = fields.Float(
        readonly=True, help="From the distance between the bins walked and the "
                            "products' ABC class.")
