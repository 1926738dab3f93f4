# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from odoo.addons.ecom_base.tools import bulk

CONDITIONS = [
    ("A", "A: as new"),
    ("B", "B: opened, sellable as outlet"),
    ("C", "C: worn or incomplete"),
    ("defect", "Defect"),
]
DISPOSITIONS = [
    ("restock", "Restock"),
    ("outlet", "Outlet"),
    ("scrap", "Scrap"),
    ("return_to_vendor", "Return to vendor"),
]


class EcomRmaLine(models.Model):
    _name = "ecom.rma.line"
    _description = "After-sales case line"
    _order = "rma_id desc, id"

    rma_id = fields.Many2one("ecom.rma", string="Case", required=True,
                             ondelete="cascade", index=True)
    channel_id = fields.Many2one(related="rma_id.channel_id", store=True,
                                 readonly=True, index=True)
    state = fields.Selection(related="rma_id.state", readonly=True)
    product_id = fields.Many2one("product.product", required=True, index=True,
                                 ondelete="restrict")
    sku = fields.Char(related="product_id.default_code", readonly=True)
    qty_requested = fields.Float("Asked Back", digits=(16, 3), required=True)
    qty_received = fields.Float("Received", digits=(16, 3), copy=False)
    qty_refunded = fields.Float("Refunded Qty", digits=(16, 3), copy=False,
                                readonly=True)
    condition = fields.Selection(CONDITIONS, copy=False)
    disposition = fields.Selection(DISPOSITIONS, copy=False)
    price_unit = fields.Float(
        "Unit Price", digits=(16, 2), readonly=True,
        help="Price of the unit on the order (what a credit note gives back).")
    date_refunded = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("qty_positive", "CHECK(qty_requested > 0 AND qty_received >= 0)",
         "Quantities asked back must be positive, received ones not negative."),
    ]

    @api.constrains("qty_received", "qty_requested")
    def _check_qty_received(self):
        for line in self:
            if line.qty_received > line.qty_requested + 1e-6:
                raise ValidationError(_(
                    "Received quantity (qty_received) %s of %s is more than the "
                    "%s asked back.") % (line.qty_received, line.sku,
                                         line.qty_requested))

    @api.multi
    def write(self, vals):
        # warehouse roles enter received quantities and inspection results only
        # while the case waits for them
        if any(name in vals for name in ("qty_received",)):
            if any(line.state not in ("draft", "approved", "awaiting_return")
                   for line in self):
                raise UserError(_(
                    "Received quantities (qty_received) are entered before the "
                    "receipt is validated."))
        if any(name in vals for name in ("condition", "disposition")):
            if any(line.state not in ("awaiting_return", "received") for line in self):
                raise UserError(_(
                    "Condition and disposition are set while the case is received "
                    "and not yet inspected."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # dispositions
    # ------------------------------------------------------------------
    @api.multi
    def _disposition_picking(self, warehouse, disposition):
        """One internal transfer from the returns location for these lines."""
        returns = warehouse.ecom_rma_location_id
        if disposition == "restock":
            dest = warehouse.lot_stock_id
        elif disposition == "outlet":
            dest = warehouse.ecom_outlet_location_id
        else:
            dest = self.env.ref("stock.stock_location_scrapped")
        picking_type = warehouse.int_type_id
        return self._move_out(picking_type, returns, dest, disposition)

    @api.multi
    def _move_out(self, picking_type, source, dest, disposition, partner=None):
        # sudo: the transfers are the cases' own stock documents; the caller
        # (warehouse operator) may validate cases
        stock = self.env["stock.picking"].sudo().with_context(tracking_disable=True)
        rmas = self.mapped("rma_id")
        picking = stock.create({
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "partner_id": partner.id if partner else False,
            "origin": ", ".join(rmas.mapped("name"))[:200],
            "ecom_rma_id": rmas[:1].id if len(rmas) == 1 else False,
            "ecom_rma_disposition": disposition,
            "company_id": picking_type.warehouse_id.company_id.id,
            "move_type": "direct",
        })
        now = fields.Datetime.now()
        move_vals = [{
            "name": name,
            "product_id": product_id,
            "product_uom_qty": qty,
            "ordered_qty": qty,
            "product_uom": uom_id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "picking_type_id": picking_type.id,
            "picking_id": picking.id,
            "warehouse_id": picking_type.warehouse_id.id,
            "company_id": picking.company_id.id,
            "origin": origin,
            "ecom_rma_line_id": line_id,
            "procure_method": "make_to_stock",
            # nothing before these moves: core's _action_confirm only sets this
            "state": "confirmed",
            "date": now,
            "date_expected": now,
            # core's _compute_product_qty: the product's unit, rounded up
            "product_qty": float_round(qty / factor * factor,
                                       precision_rounding=rounding,
                                       rounding_method="UP"),
        } for line_id, name, origin, product_id, uom_id, factor, rounding, qty
            in self._move_rows()]
        moves = bulk.create(self.env["stock.move"].sudo(), move_vals,
                            computed=("product_qty",))
        bulk.recompute(self.env, [moves, picking])
        moves._ecom_rma_reserve()
        # one query, not a read of every move: the states are in the database
        self.env.cr.execute("SELECT id FROM stock_move WHERE id = ANY(%s) "
                            "AND state != 'assigned' ORDER BY id LIMIT 1",
                            [moves.ids])
        short = self.env.cr.fetchone()
        if short:
            move = moves.browse(short[0])
            raise UserError(_(
                "%s: only %s of %s units are in the returns location; "
                "receive the parcel first.") % (
                    move.product_id.default_code, move.reserved_availability,
                    move.product_uom_qty))
        self.env.cr.execute("SELECT id, product_uom_qty FROM stock_move_line "
                            "WHERE move_id = ANY(%s) ORDER BY id", [moves.ids])
        rows = self.env.cr.fetchall()
        move_lines = moves.env["stock.move.line"].browse([row[0] for row in rows])
        bulk.write(move_lines, "qty_done", [row[1] for row in rows])
        moves._ecom_rma_action_done()
        picking.write({"date_done": fields.Datetime.now()})
        return picking

    @api.multi
    def _move_rows(self):
        """[(line id, move name, case name, product, unit, its factor and
        rounding, received qty)] of
        these lines in their order, one query (not one ORM read per line and
        field). The name is "case: SKU", or the product's name (translated:
        the ORM's) when it has no SKU."""
        self.env.cr.execute("""
            SELECT l.id, r.name, pp.default_code, l.product_id, pt.uom_id,
                   u.factor, u.rounding, l.qty_received
              FROM ecom_rma_line l
              JOIN ecom_rma r ON r.id = l.rma_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN product_uom u ON u.id = pt.uom_id
             WHERE l.id = ANY(%s)
        """, [self.ids])
        rows = {row[0]: row for row in self.env.cr.fetchall()}
        result = []
        for line_id in self.ids:
            _id, rma_name, sku, product_id, uom_id, factor, rounding, qty = \
                rows[line_id]
            label = sku or self.browse(line_id).product_id.name
            result.append((line_id, "%s: %s" % (rma_name, label), rma_name,
                           product_id, uom_id, factor, rounding, qty))
        return result

    @api.multi
    def _vendor_returns(self, warehouse):
        """Back to the vendor: a delivery per vendor, a draft vendor refund and
        a rejection counted in the vendor scorecard's quality."""
        by_vendor = defaultdict(lambda: self.browse())
        for line in self:
            seller = line.product_id.seller_ids[:1]
            if not seller:
                raise UserError(_(
                    "%s has no vendor (seller_ids): choose another disposition.")
                    % (line.sku or line.product_id.name))
            by_vendor[seller.name] |= line
        supplier = self.env.ref("stock.stock_location_suppliers")
        pickings = self.env["stock.picking"]
        for vendor, lines in by_vendor.items():
            picking = lines._move_out(warehouse.out_type_id,
                                      warehouse.ecom_rma_location_id, supplier,
                                      "return_to_vendor", partner=vendor)
            lines._vendor_refund(vendor, picking)
            # sudo: the scorecard's rows are written by the system for the vendor
            rejections = self.env["ecom.receipt.rejection"].sudo()
            vals_list = [{
                "picking_id": picking.id,
                "product_id": line.product_id.id,
                "quantity": line.qty_received,
                "reason": "quality",
                "note": _("customer return %s") % line.rma_id.name,
            } for line in lines]
            if bulk.fast_path(rejections, ["create"], ("ecom_reorder",)):
                # one INSERT (and the constraints once) for all lines; the
                # stored related fields (vendor, company) computed after it
                bulk.recompute(self.env, [bulk.create(rejections, vals_list)])
            else:
                for vals in vals_list:
                    rejections.create(vals)
            pickings |= picking
        return pickings

    @api.multi
    def _vendor_refund(self, vendor, picking):
        """Draft vendor credit note of the returned units at the vendor's price."""
        # sudo: an accounting document for accountants to post; warehouse
        # users trigger it by validating the case and get nothing back
        invoice_model = self.env["account.invoice"].sudo().with_context(
            type="in_refund", tracking_disable=True)
        company = picking.company_id
        journal = self.env["account.journal"].sudo().search([
            ("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            return False
        lines = []
        for line in self:
            product = line.product_id
            seller = product.seller_ids.filtered(lambda s: s.name == vendor)[:1]
            account = product.property_account_expense_id or \
                product.categ_id.property_account_expense_categ_id
            if not account:
                continue
            lines.append((0, 0, {
                "product_id": product.id,
                "name": "%s: %s" % (line.rma_id.name, product.display_name),
                "quantity": line.qty_received,
                "price_unit": seller.price if seller else product.standard_price,
                "uom_id": product.uom_id.id,
                "account_id": account.id,
            }))
        if not lines:
            return False
        return invoice_model.create({
            "type": "in_refund",
            "partner_id": vendor.id,
            "journal_id": journal.id,
            "company_id": company.id,
            "origin": picking.name,
            "reference": picking.origin,
            "invoice_line_ids": lines,
        })
