# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..services import order_status
from odoo.addons.ecom_base.tools import bulk


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict", copy=False)
    ecom_external_ref = fields.Char(
        "Channel Order Ref", index=True, copy=False, readonly=True,
        help="The order number on the shop or marketplace.")

    _sql_constraints = [
        # the name is relied upon by ecom.channel._intake_one (ORDER_REF_CONSTRAINT)
        ("ecom_channel_ref_uniq", "unique(ecom_channel_id, ecom_external_ref)",
         "This channel already has an order with this external reference."),
    ]

    @api.multi
    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        vals["ecom_channel_id"] = self.ecom_channel_id.id
        return vals

    @api.multi
    def _ecom_status(self):
        """quotation, confirmed, picking, shipped, delivered or cancelled."""
        self.ensure_one()
        return order_status.order_state(self.state, self._ecom_status_pickings())

    @api.multi
    def _ecom_status_pickings(self):
        """The order's pickings as ``services/order_status.py`` reads them."""
        self.ensure_one()
        return [order_status.Picking(
            state=picking.state,
            outgoing=picking.picking_type_code == "outgoing",
            printed=picking.printed,
            started=any(line.qty_done for line in picking.move_line_ids),
            delivered_at=picking.ecom_delivered_at or False,
            carrier=picking.carrier_id.name or False,
            tracking_ref=picking.carrier_tracking_ref or False,
            date_done=picking.date_done or False,
        ) for picking in self.picking_ids]

    # ------------------------------------------------------------------
    # set-based confirmation of a batch of paid orders (intake)
    # ------------------------------------------------------------------
    @api.multi
    def _ecom_bulk_confirm(self):
        """Procurement, deliveries and reservation of a batch of new paid orders.

        The intake stores paid orders directly as confirmed ('sale'); this does
        for all of them together what core's ``action_confirm`` does order by
        order: a procurement group per order, a make-to-stock move per line
        from the rule core would choose, one delivery per order, reservation
        on the quants. Raises BulkUnsupported when a line needs more (another
        route action, tracked products, another unit, push rules...): the
        caller then rolls back and confirms through core. Returns the
        recordsets it created.
        """
        # (mapped/filtered return records with a new prefetch set: with_prefetch
        # keeps the batch's, so the products are read together below)
        lines = self.mapped("order_line").with_prefetch(self._prefetch)
        lines.mapped("product_id")
        lines = lines.filtered(
            lambda l: l.product_id.type in ("product", "consu")
        ).with_prefetch(self._prefetch)
        self._ecom_bulk_check(lines)
        groups = self._ecom_bulk_groups()
        if not lines:
            return [groups]
        moves = self._ecom_bulk_moves(lines, groups)
        pickings = moves._ecom_bulk_pickings()
        move_lines = moves._ecom_bulk_reserve()
        return [groups, moves, pickings, move_lines]

    @api.multi
    def _ecom_bulk_check(self, lines):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        if get_param("sale.auto_done_setting"):
            raise bulk.BulkUnsupported("sale.auto_done_setting")
        for line in lines:
            product = line.product_id
            if product.tracking != "none" or line.product_uom != product.uom_id:
                raise bulk.BulkUnsupported(
                    "tracking or unit of %s" % product.default_code)
            if getattr(product, "expense_policy", "no") not in ("no", False):
                raise bulk.BulkUnsupported(
                    "expense policy of %s" % product.default_code)

    @api.multi
    def _ecom_bulk_groups(self):
        """One procurement group per order, in the order of ``self``."""
        groups = bulk.create(self.env["procurement.group"], [{
            "name": order.name,
            "move_type": order.picking_policy,
            "sale_id": order.id,
            "partner_id": order.partner_shipping_id.id,
        } for order in self], self._prefetch)
        bulk.write(self, "procurement_group_id", groups.ids)
        return groups

    @api.multi
    def _ecom_bulk_moves(self, lines, groups):
        """Core's procurement run for each line (rule, move values), set-based."""
        group_model = self.env["procurement.group"]
        company = self.env["res.company"]._company_default_get("procurement.group")
        now = fields.Datetime.now()
        destinations = {}
        for partner in self.mapped("partner_shipping_id"):
            destinations[partner.id] = partner.property_stock_customer
        groups = dict(zip(self.ids, groups))
        rules = {}
        move_vals = []
        for line in lines:
            order = line.order_id
            group = groups[order.id]
            values = line._prepare_procurement_values(group_id=group)
            values.setdefault("company_id", company)
            values.setdefault("priority", "1")
            values.setdefault("date_planned", now)
            location = destinations[order.partner_shipping_id.id]
            warehouse = values.get("warehouse_id")
            # core's _search_rule sees the product only through its routes and
            # its category's: products sharing them share the rule
            product = line.product_id
            key = (tuple(product.route_ids.ids), product.categ_id.id, location.id,
                   warehouse and warehouse.id,
                   tuple(values.get("route_ids") and values["route_ids"].ids or ()))
            if key not in rules:
                rules[key] = group_model._get_rule(line.product_id, location, values)
            rule = rules[key]
            if not rule or rule.action != "move" or \
                    rule.procure_method != "make_to_stock" or not rule.location_src_id:
                raise bulk.BulkUnsupported("rule for %s" % line.product_id.default_code)
            group_id = False
            if rule.group_propagation_option == "propagate":
                group_id = group.id
            elif rule.group_propagation_option == "fixed":
                group_id = rule.group_id.id
            vals = rule._get_stock_move_values(
                line.product_id, line.product_uom_qty, line.product_uom, location,
                line.name, order.name, values, group_id)
            vals["ordered_qty"] = vals.get("product_uom_qty")
            # make-to-stock, nothing before it: core's _action_confirm
            vals["state"] = "confirmed"
            move_vals.append(vals)
        if self.env["stock.location.path"].search_count([
                ("location_from_id", "in", [d.id for d in destinations.values()])]):
            raise bulk.BulkUnsupported("push rules on the customer location")
        return bulk.create(self.env["stock.move"].sudo(), move_vals, self._prefetch)
