# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    @api.multi
    def unlink(self):
        """The cost history of the warehouses is deleted (the key's CASCADE)
        and the margin lines' warehouse emptied (SET NULL): no keys on them."""
        self.env["ecom.margin.line"]._ecom_apply_ondelete(self._name, self.ids)
        return super().unlink()
