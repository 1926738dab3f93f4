# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecom_shipping_estimate = fields.Float(
        "Estimated Shipping Cost", readonly=True, copy=False,
        groups="ecom_base.group_finance,sales_team.group_sale_manager",
        help="Company currency, from the carrier's price rules at confirmation.")
    ecom_shipping_cost_ids = fields.One2many(
        "ecom.shipping.cost", "order_id", string="Imported Shipping Costs",
        readonly=True, groups="ecom_base.group_finance,sales_team.group_sale_manager")

    @api.multi
    def action_confirm(self):
        result = super().action_confirm()
        self._ecom_margin_after_confirm()
        return result

    @api.multi
    def _ecom_bulk_confirm(self):
        result = super()._ecom_bulk_confirm()
        self._ecom_margin_after_confirm()
        return result

    @api.multi
    def _ecom_margin_after_confirm(self):
        orders = self.filtered(lambda o: o.ecom_channel_id)
        if not orders:
            return
        orders._ecom_estimate_shipping()
        self.env["ecom.margin.line"]._refresh_orders(orders.ids)

    @api.multi
    def _ecom_estimate_shipping(self):
        """Estimated shipping cost of each order from its carrier (the
        order's, else the channel's default): the fixed price, or core
        ``delivery``'s own price rules (``rate_shipment``), in company
        currency. One UPDATE for the batch."""
        # sudo: carriers and their price rules are configuration read for the
        # estimate only; nothing of them is returned to the caller.
        rows = []
        for order in self.sudo():
            carrier = order.carrier_id or order.ecom_channel_id.carrier_id
            price = 0.0
            if carrier.delivery_type == "fixed":
                price = carrier.fixed_price
            elif carrier:
                try:
                    res = carrier.rate_shipment(order)
                except Exception as error:   # a carrier API may fail: no estimate
                    _logger.info("ecom_margin: no shipping estimate for %s: %s",
                                 order.name, error)
                    res = {"success": False}
                if res and res.get("success"):
                    price = order.currency_id.with_context(
                        date=order.date_order).compute(
                            res["price"], order.company_id.currency_id)
            rows.append((order.id, price))
        if rows:
            bulk.execute_values(self.env.cr, """
                UPDATE sale_order o SET ecom_shipping_estimate = v.price
                  FROM (VALUES %s) AS v(id, price) WHERE o.id = v.id""", rows)
            self.invalidate_cache(["ecom_shipping_estimate"], [r[0] for r in rows])

    @api.model
    def _ecom_shipping_costs(self, order_ids):
        """{order id: shipping cost}: the imported real costs when there are
        any, else the estimate (one query)."""
        self.env.cr.execute("""
            SELECT o.id, COALESCE(
                       (SELECT sum(c.amount_company) FROM ecom_shipping_cost c
                         WHERE c.order_id = o.id),
                       o.ecom_shipping_estimate, 0.0)
              FROM sale_order o WHERE o.id = ANY(%s)""", (list(order_ids),))
        return dict(self.env.cr.fetchall())
