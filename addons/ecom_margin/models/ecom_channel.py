# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ecom_base.tools import bulk

from ..services import shipping_import as si

_logger = logging.getLogger(__name__)


class EcomChannel(models.Model):
    _inherit = "ecom.channel"

    fee_rule_ids = fields.One2many("ecom.channel.fee.rule", "channel_id",
                                   string="Fee Rules")
    packaging_cost_order = fields.Float(
        "Packaging per Order", help="Box, filler, label: company currency.")
    packaging_cost_unit = fields.Float("Packaging per Unit")
    return_handling_cost = fields.Float(
        "Return Handling per Unit",
        help="Cost of handling one returned unit (inbound label, inspection, "
             "restocking); times the return rate of the channel and SKU "
             "(ecom_rma) it gives the expected return cost of a line.")

    @api.multi
    def unlink(self):
        self.env["ecom.margin.line"]._ecom_apply_ondelete(self._name, self.ids)
        return super().unlink()

    # ------------------------------------------------------------------
    # API: real shipping costs
    # ------------------------------------------------------------------
    @api.model
    def import_shipping_costs(self, channel_code, items):
        """Store the real cost of deliveries; one result row per item, in order.

        ``items``: [{"order_ref" or "tracking_ref", "cost", "currency"}];
        ``order_ref`` is the channel's order number (or the Odoo order name),
        ``tracking_ref`` the carrier tracking number of a delivery. Idempotent:
        a reference sent again updates its cost ("updated") or answers
        "unchanged". Rejected items change nothing; the margins of the
        orders concerned are recomputed.
        """
        self._check_api_access()
        # sudo: the caller passed _check_api_access (integration users and sales
        # managers). The batch only writes shipping costs of this channel's orders
        # and answers references, order ids and error codes, no partner data.
        channel_model = self.sudo()
        for attempt in (1, 2):
            try:
                with self.env.cr.savepoint():
                    return channel_model._import_shipping_batch(channel_code, items)
            except psycopg2.IntegrityError:
                # a parallel call stored the same reference: the second pass
                # finds it and answers "updated"/"unchanged"
                if attempt == 2:
                    raise
                self.env.clear()

    @api.model
    def _import_shipping_batch(self, channel_code, items):
        error = si.check_batch(items)
        channel = self._get_api_channel(channel_code)
        if not error and not channel:
            error = si.ShippingCostError(
                "unknown_channel", "channel_code", value=channel_code)
        if error:
            if not isinstance(items, list):
                raise ValidationError(error.message)
            return [si.result_row(item, "rejected", error=error) for item in items]
        currencies = {c.name: c for c in self.env["res.currency"].search([])}
        validated, seen = [], set()
        for item in items:
            try:
                value = si.validate_item(item, set(currencies))
                if value["key"] in seen:
                    raise si.ShippingCostError("duplicate_item", value["key"][0],
                                               value=value["key"][1])
                seen.add(value["key"])
                validated.append((item, value, None))
            except si.ShippingCostError as err:
                validated.append((item, None, err))
        targets = channel._shipping_targets([v["key"] for _i, v, _e in validated if v])
        existing = {(row.ref_type, row.ref): row
                    for row in self.env["ecom.shipping.cost"].search([
                        ("channel_id", "=", channel.id),
                        ("ref", "in", [v["key"][1] for _i, v, _e in validated if v])])}
        company = channel.company_id
        today = fields.Date.context_today(self)
        results, to_create, to_update, order_ids = [], [], [], set()
        for item, value, err in validated:
            target = targets.get(value["key"]) if value else None
            if value and not target:
                err = si.ShippingCostError("unknown_order", value["key"][0],
                                           value=value["key"][1])
            if err:
                results.append(si.result_row(item, "rejected", error=err))
                continue
            order_id, picking_id = target
            currency = currencies[value["currency"]]
            amount = currency.with_context(date=today).compute(
                value["cost"], company.currency_id, round=True)
            row = existing.get(value["key"])
            vals = {"cost": value["cost"], "currency_id": currency.id,
                    "amount_company": amount}
            if row is None:
                vals.update(channel_id=channel.id, order_id=order_id,
                            picking_id=picking_id, ref_type=value["key"][0],
                            ref=value["key"][1])
                to_create.append(vals)
                status = "created"
            elif row.cost == value["cost"] and row.currency_id == currency:
                status = "unchanged"
            else:
                to_update.append((row, vals))
                status = "updated"
            if status != "unchanged":
                order_ids.add(order_id)
            results.append(si.result_row(item, status, order_id=order_id))
        bulk.create(self.env["ecom.shipping.cost"], to_create)
        if to_update:
            bulk.update(self.env["ecom.shipping.cost"].concat(
                *[row for row, _v in to_update]), [v for _r, v in to_update])
        if order_ids:
            self.env["ecom.margin.line"]._refresh_orders(sorted(order_ids))
        return results

    @api.multi
    def _shipping_targets(self, keys):
        """{(ref_type, ref): (order id, picking id or False)} of this channel,
        two queries."""
        self.ensure_one()
        cr = self.env.cr
        result = {}
        tracking = [ref for kind, ref in keys if kind == "tracking_ref"]
        if tracking:
            cr.execute("""
                SELECT p.carrier_tracking_ref, p.sale_id, p.id FROM stock_picking p
                  JOIN sale_order o ON o.id = p.sale_id
                 WHERE o.ecom_channel_id = %s AND p.carrier_tracking_ref = ANY(%s)
              ORDER BY p.id""", (self.id, tracking))
            for ref, order_id, picking_id in cr.fetchall():
                result.setdefault(("tracking_ref", ref), (order_id, picking_id))
        refs = [ref for kind, ref in keys if kind == "order_ref"]
        if refs:
            cr.execute("""
                SELECT id, ecom_external_ref, name FROM sale_order
                 WHERE ecom_channel_id = %s
                   AND (ecom_external_ref = ANY(%s) OR name = ANY(%s))
              ORDER BY id""", (self.id, refs, refs))
            for order_id, external_ref, name in cr.fetchall():
                for ref in (external_ref, name):
                    if ref in refs:
                        result.setdefault(("order_ref", ref), (order_id, False))
        return result
