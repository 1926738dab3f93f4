# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.ecom_base.tools import bulk

from ..services import margin


class EcomBreakEvenLine(models.Model):
    """Products sold below break-even: the price on a channel's pricelist, or
    under an active promotion with a discount, is below the warehouse cost
    plus the channel's per-unit fees (percent and per-unit rules valid today)
    and per-unit packaging. Fixed fees per order are left out (they depend on
    the basket). Rebuilt by *Refresh* (set-based)."""

    _name = "ecom.break.even.line"
    _description = "Product below break-even on a channel"
    _order = "gap, id"
    _rec_name = "product_id"

    channel_id = fields.Many2one("ecom.channel", readonly=True, index=True,
                                 ondelete="cascade")
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True,
                                   ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True,
                                 ondelete="cascade")
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    source = fields.Selection([("pricelist", "Channel pricelist"),
                               ("promotion", "Promotion")], readonly=True)
    promotion_id = fields.Many2one("ecom.promotion", readonly=True,
                                   ondelete="cascade")
    price = fields.Float(readonly=True, help="Company currency.")
    unit_cost = fields.Float(readonly=True, digits=(16, 4))
    break_even_price = fields.Float(readonly=True, digits=(16, 4))
    gap = fields.Float(readonly=True, help="Price - break-even price (negative).")

    @api.model
    def action_refresh(self):
        self.search([]).unlink()
        # sudo: channels and their pricelists are configuration a planner has no
        # ACL on; the rows keep ids, prices and costs only (no customer data)
        rows = self.sudo()._compute_rows(self.env["ecom.channel"].sudo().search([]))
        return bulk.create(self, [row for row in rows if row["gap"] < 0])

    @api.model
    def _compute_rows(self, channels, promotions=None, only_promotions=False):
        """Break-even rows (dicts) of every product with a warehouse cost in
        the channels' warehouses, on the pricelist and under ``promotions``
        (default: the promotions running today with a discount)."""
        today = fields.Date.context_today(self)
        if promotions is None:
            promotions = self.env["ecom.promotion"].search([
                ("date_from", "<=", today), ("date_to", ">=", today),
                ("discount_percent", ">", 0)])
        ancestors = self.env["ecom.margin.line"]._category_ancestors()
        rules = self.env["ecom.channel.fee.rule"]._rules_by_channel(channels.ids)
        promo_products = {promo.id: promo._ecom_scope_product_ids()
                          for promo in promotions}
        rows = []
        for channel in channels:
            warehouse = channel.warehouse_id
            self.env.cr.execute("""
                SELECT product_id, avg_cost FROM ecom_warehouse_cost
                 WHERE is_last AND warehouse_id = %s""", (warehouse.id,))
            costs = dict(self.env.cr.fetchall())
            if not costs:
                continue
            products = self.env["product.product"].browse(list(costs))
            prices = {}
            if not only_promotions:
                prices = {pid: price for pid, (price, _rule) in
                          channel.pricelist_id._compute_price_rule(
                              [(p, 1.0, False) for p in products]).items()}
            for product in products:
                categ_path = ancestors.get(product.categ_id.id, ())
                line = margin.Line(0, 0, 0.0, 1.0, categ_path, today, 0.0, 0.0)
                percent = sum(r.value for r in rules[channel.id]
                              if r.kind == margin.PERCENT
                              and margin.rule_applies(r, line))
                per_unit = sum(r.value for r in rules[channel.id]
                               if r.kind == margin.FIXED_UNIT
                               and margin.rule_applies(r, line))
                cost = costs[product.id]
                break_even = margin.break_even_price(
                    cost, percent, per_unit, channel.packaging_cost_unit)
                base = {"channel_id": channel.id, "warehouse_id": warehouse.id,
                        "product_id": product.id, "categ_id": product.categ_id.id,
                        "unit_cost": cost, "break_even_price": break_even}
                list_price = prices.get(product.id, product.lst_price)
                if not only_promotions:
                    rows.append(dict(base, source="pricelist", promotion_id=False,
                                     price=list_price,
                                     gap=round(list_price - break_even, 4)))
                for promo in promotions:
                    if product.id not in promo_products[promo.id] or (
                            promo.warehouse_id and promo.warehouse_id != warehouse):
                        continue
                    price = round(list_price * (1 - promo.discount_percent / 100.0), 4)
                    rows.append(dict(base, source="promotion", promotion_id=promo.id,
                                     price=price, gap=round(price - break_even, 4)))
        return rows

    @api.model
    def _warning_text(self, rows):
        if not rows:
            return False
        lines = [_("%(product)s on %(channel)s: %(price).2f below break-even "
                   "%(break_even).2f") % {
                       "product": self.env["product.product"].browse(
                           row["product_id"]).display_name,
                       "channel": self.env["ecom.channel"].browse(
                           row["channel_id"]).name,
                       "price": row["price"], "break_even": row["break_even_price"]}
                 for row in rows[:20]]
        if len(rows) > 20:
            lines.append(_("... and %d more") % (len(rows) - 20))
        return "\n".join(lines)
