# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    ecom_replenishment_run_id = fields.Many2one(
        "ecom.replenishment.run", "Replenishment Run", readonly=True, copy=False)
    ecom_late_receipt = fields.Boolean(
        "Late Receipt", compute="_compute_ecom_late_receipt",
        search="_search_ecom_late_receipt",
        help="Confirmed order with a line whose promised date has passed and "
             "that is not fully received.")

    @api.depends("order_line.date_planned", "order_line.qty_received")
    def _compute_ecom_late_receipt(self):
        late = set(self._ecom_late_ids(self.ids)) if self.ids else set()
        for order in self:
            order.ecom_late_receipt = order.id in late

    def _ecom_late_ids(self, ids=None):
        query = """
            SELECT DISTINCT pol.order_id FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE po.state IN ('purchase', 'done')
               AND pol.date_planned < %s AND pol.qty_received < pol.product_qty
        """
        params = [fields.Datetime.now()]
        if ids is not None:
            query += " AND po.id = ANY(%s)"
            params.append(list(ids))
        self.env.cr.execute(query, params)
        return [row[0] for row in self.env.cr.fetchall()]

    def _search_ecom_late_receipt(self, operator, value):
        if operator not in ("=", "!="):
            operator, value = "=", True
        late = self._ecom_late_ids()
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", late)]
