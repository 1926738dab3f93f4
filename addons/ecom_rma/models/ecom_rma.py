# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sales cases (售后).

A case is opened by the marketplace (``ecom.channel.import_returns``), by
customer service from an order, or by the warehouse for a parcel that came
back without one. Its life:

* ``draft`` -> ``approved`` (refund only, reship) or ``awaiting_return``
  (return and refund, exchange: a returns receipt from the customer into the
  warehouse's returns location waits for the parcel);
* the warehouse finds the case by scanning the return tracking number or the
  order reference, enters the received quantities and validates the receipt
  (``received``), inspects each line (condition, disposition: ``inspected``)
  and validates the dispositions: restock through the bin putaway, outlet
  location, scrap, or back to the vendor (``done``);
* money: a draft credit note on the order's invoice, or a refund record when
  the order was never invoiced; exchange and reship send a zero-priced
  replacement order through the channel's normal confirmation.

Warehouse roles read cases without the customer: ``partner_id`` and ``note``
are restricted to customer service, salesmen and invoicing users by their
``groups``; customer service reveals contact data only for the after-sales
purpose (:meth:`ecom_rma_reveal`).
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import ledger
from ..services import returns as rules

CUSTOMER_GROUPS = ("ecom_base.group_customer_service,sales_team.group_sale_salesman,"
                   "account.group_account_invoice")
MONEY_GROUPS = ("ecom_base.group_customer_service,sales_team.group_sale_salesman,"
                "account.group_account_invoice")
TYPES = [
    ("refund_only", "Refund only"),
    ("return_refund", "Return and refund"),
    ("exchange", "Exchange"),
    ("reship", "Reship"),
]
REASONS = [
    ("damaged", "Damaged"),
    ("wrong_item", "Wrong item"),
    ("not_as_described", "Not as described"),
    ("no_longer_needed", "No longer needed"),
    ("late_delivery", "Late delivery"),
    ("other", "Other"),
]
STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("awaiting_return", "Awaiting Return"),
    ("received", "Received"),
    ("inspected", "Inspected"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
#: Cases that no longer count as returned quantities.
CLOSED_STATES = ("rejected", "cancelled")
RMA_REF_CONSTRAINT = "ecom_rma_channel_ref_uniq"


class EcomRma(models.Model):
    _name = "ecom.rma"
    _description = "After-sales case"
    _order = "id desc"

    name = fields.Char(readonly=True, copy=False, default="/", index=True)
    channel_id = fields.Many2one(
        "ecom.channel", string="Channel", required=True, index=True,
        ondelete="restrict", readonly=True,
        states={"draft": [("readonly", False)]})
    company_id = fields.Many2one(related="channel_id.company_id", store=True,
                                 readonly=True)
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", required=True, index=True, ondelete="restrict",
        readonly=True, states={"draft": [("readonly", False)]})
    order_ref = fields.Char(
        "Channel Order Ref", index=True, readonly=True,
        help="The order number on the shop (what the parcel usually shows).")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, groups=CUSTOMER_GROUPS,
        help="The order's customer (never shown to warehouse roles).")
    type = fields.Selection(TYPES, required=True, default="return_refund",
                            readonly=True, states={"draft": [("readonly", False)]})
    reason = fields.Selection(REASONS, required=True, default="other")
    external_ref = fields.Char(
        "Platform Case Ref", index=True, copy=False, readonly=True,
        help="The after-sales case number of the marketplace (unique per channel).")
    platform_status = fields.Char()
    requested_at = fields.Datetime(default=fields.Datetime.now, readonly=True)
    return_tracking_ref = fields.Char("Return Tracking Number", index=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Return Warehouse",
                                   required=True, readonly=True,
                                   states={"draft": [("readonly", False)]})
    currency_id = fields.Many2one(related="sale_order_id.currency_id", readonly=True)
    amount_requested = fields.Monetary(
        "Requested Refund", currency_field="currency_id",
        help="Amount the platform asks (or already paid) back to the customer.")
    amount_refunded = fields.Monetary(
        "Refunded", currency_field="currency_id", compute="_compute_amount_refunded",
        store=True)
    state = fields.Selection(STATES, default="draft", required=True, readonly=True,
                             index=True, copy=False)
    line_ids = fields.One2many("ecom.rma.line", "rma_id", string="Lines", copy=True)
    picking_ids = fields.One2many("stock.picking", "ecom_rma_id",
                                  string="Transfers", readonly=True)
    refund_ids = fields.One2many("ecom.rma.refund", "rma_id", string="Refunds",
                                 readonly=True, groups=MONEY_GROUPS)
    replacement_order_id = fields.Many2one("sale.order", string="Replacement Order",
                                           readonly=True, copy=False)
    note = fields.Text(groups=CUSTOMER_GROUPS)
    date_received = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    qty_requested = fields.Float(compute="_compute_quantities")
    qty_received = fields.Float(compute="_compute_quantities")
    qty_refunded = fields.Float(compute="_compute_quantities")

    _sql_constraints = [
        # the name is relied upon by ecom.channel._rma_import_one
        ("ecom_rma_channel_ref_uniq", "unique(channel_id, external_ref)",
         "This channel already has an after-sales case with this reference."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("refund_ids.amount", "refund_ids.state")
    def _compute_amount_refunded(self):
        for rma in self:
            rma.amount_refunded = sum(
                r.amount for r in rma.refund_ids if r.state != "cancelled")

    @api.depends("line_ids.qty_requested", "line_ids.qty_received",
                 "line_ids.qty_refunded")
    def _compute_quantities(self):
        for rma in self:
            rma.qty_requested = sum(rma.line_ids.mapped("qty_requested"))
            rma.qty_received = sum(rma.line_ids.mapped("qty_received"))
            rma.qty_refunded = sum(rma.line_ids.mapped("qty_refunded"))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("sale_order_id"):
            # sudo: the order's channel, customer, refs and warehouse are copied
            # onto the case; the caller may create cases (ACL checked by create)
            order = self.env["sale.order"].sudo().browse(vals["sale_order_id"])
            vals.setdefault("channel_id", order.ecom_channel_id.id)
            vals.setdefault("order_ref", order.ecom_external_ref or order.name)
            vals.setdefault("partner_id", order.partner_id.id)
            vals.setdefault("warehouse_id", order.warehouse_id.id)
        if vals.get("name", "/") == "/" and vals.get("channel_id"):
            channel = self.env["ecom.channel"].sudo().browse(vals["channel_id"])
            vals["name"] = channel._rma_next_names(1)[0]
        return super().create(vals)

    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        super()._read_from_database(field_names, inherited_field_names)
        if "note" in field_names:
            self._ecom_rma_mask_note()

    @api.multi
    def _ecom_rma_mask_note(self):
        """Customers' values in the platform's note, masked in the reader's
        cache as ecom_pii_guard masks chatter: the note is a free-text copy
        of what the buyer wrote (names, phones, addresses)."""
        level = self.env["res.partner"]._ecom_pii_level()
        if level == "clear":
            return
        cache, field = self.env.cache, self._fields["note"]
        records = [rma for rma in self if cache.contains_value(rma, field)
                   and cache.get_value(rma, field)]
        if not records:
            return
        texts = self.env["ecom.pii.text"]
        masker = texts._ecom_text_masker(texts._ecom_document_partner_ids(
            [(self._name, rma.id) for rma in records]))
        if masker is None:
            return
        for rma in records:
            cache.set(rma, field, masker(cache.get_value(rma, field)))

    @api.multi
    def unlink(self):
        if any(rma.state != "draft" for rma in self):
            raise UserError(_("Only draft after-sales cases can be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # actions (customer service)
    # ------------------------------------------------------------------
    @api.multi
    def action_approve(self):
        """Draft cases accepted: wait for the parcel, or go on without one."""
        drafts = self.filtered(lambda r: r.state == "draft")
        for rma in drafts:
            if not rma.line_ids:
                raise UserError(_("Case %s has no lines (line_ids).") % rma.name)
        returning = drafts.filtered(lambda r: r.type in rules.RETURN_TYPES)
        returning.write({"state": "awaiting_return"})
        (drafts - returning).write({"state": "approved"})
        returning._create_return_pickings()
        return True

    @api.multi
    def action_reject(self):
        self._check_state(("draft", "approved", "awaiting_return"), "reject")
        self._cancel_open_pickings()
        self.write({"state": "rejected"})
        return True

    @api.multi
    def action_cancel(self):
        self._check_state(("draft", "approved", "awaiting_return"), "cancel")
        self._cancel_open_pickings()
        self.write({"state": "cancelled"})
        return True

    @api.multi
    def action_refund(self):
        """Refund-only cases: the refund (draft credit note or record), done."""
        self._check_state(("approved",), "refund")
        for rma in self:
            if rma.type != "refund_only":
                raise UserError(_(
                    "Case %s is a %s case: it is refunded when its return is "
                    "validated.") % (rma.name, rma.type))
        self._create_refunds()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    @api.multi
    def action_replace(self):
        """Reship cases: the zero-priced replacement order, done."""
        self._check_state(("approved",), "replace")
        for rma in self:
            if rma.type != "reship":
                raise UserError(_(
                    "Case %s is a %s case: only reship cases are replaced before "
                    "a return.") % (rma.name, rma.type))
        self._create_replacements()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    @api.multi
    def ecom_rma_reveal(self, field_name):
        """One contact field of the case's customer, for the after-sales purpose.

        The purpose is fixed: customer service working a case reveals for
        after-sales only; ``ecom_pii_reveal`` checks the role, the channel
        scope (record rules) and the daily quota, and logs the reveal.
        """
        self.ensure_one()
        self.check_access_rule("read")
        # partner_id is restricted to customer-facing groups by its definition
        partner = self.partner_id
        if not partner:
            raise UserError(_("Case %s has no customer (partner_id).") % self.name)
        return partner.ecom_pii_reveal(field_name, "after_sales", note=self.name)

    @api.multi
    def action_open_reveal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecom.pii.reveal.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.partner_id.id,
                        "default_purpose": "after_sales",
                        "default_note": self.name},
        }

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref("stock.action_picking_tree_all").read()[0]
        action["domain"] = [("ecom_rma_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # actions (warehouse)
    # ------------------------------------------------------------------
    @api.model
    def ecom_rma_scan(self, code):
        """Ids of the cases waiting for a parcel showing ``code``.

        The return tracking number first, else the channel order number or
        the order name. No customer data in the answer.
        """
        if not isinstance(code, str) or not code.strip():
            return []
        code = code.strip()
        states = ("awaiting_return", "received", "inspected")
        found = self.search([("return_tracking_ref", "=", code),
                             ("state", "in", states)])
        if not found:
            found = self.search(["|", ("order_ref", "=", code),
                                 ("sale_order_id.name", "=", code),
                                 ("state", "in", states)])
        return found.ids

    @api.model
    def ecom_rma_open_unexpected(self, order_code, lines):
        """A parcel came back without a case: open one on its order.

        ``order_code``: the order number or the channel's order number on
        the parcel; ``lines``: [{"sku", "qty"}] found in it. The case
        (return and refund, reason other) waits for this parcel; the caller
        then enters the quantities and receives it. Returns the case id.
        """
        self.check_access_rights("write")
        if not isinstance(order_code, str) or not order_code.strip():
            raise UserError(_("The order number (order_code) is required."))
        # sudo: the warehouse finds the order by its number only; the case
        # copies the order's customer, which warehouse roles cannot read on it
        order = self.env["sale.order"].sudo().search([
            "|", ("name", "=", order_code.strip()),
            ("ecom_external_ref", "=", order_code.strip()),
            ("state", "in", ("sale", "done"))], limit=1)
        if not order:
            raise UserError(_("No confirmed order %s (order_code).") % order_code)
        by_sku = {ol.product_id.default_code: ol.product_id
                  for ol in order.order_line}
        vals = []
        for index, line in enumerate(lines if isinstance(lines, list) else []):
            sku = isinstance(line, dict) and line.get("sku")
            qty = isinstance(line, dict) and line.get("qty")
            if sku not in by_sku:
                raise UserError(_("lines[%d].sku: %s is not on order %s.")
                                % (index, sku, order.name))
            if not isinstance(qty, (int, float)) or qty <= 0:
                raise UserError(_("lines[%d].qty must be a number > 0.") % index)
            vals.append((0, 0, {"product_id": by_sku[sku].id, "qty_requested": qty}))
        if not vals:
            raise UserError(_("lines: at least one line is required."))
        rma = self.sudo().create({
            "sale_order_id": order.id, "type": "return_refund", "reason": "other",
            "line_ids": vals})
        rma.action_approve()
        return rma.id

    @api.multi
    def action_receive(self):
        """Validate the returns receipt with the quantities on the lines."""
        self._check_state(("awaiting_return",), "receive")
        for rma in self:
            if not any(line.qty_received > 0 for line in rma.line_ids):
                raise UserError(_(
                    "Case %s: enter the received quantity (qty_received) of at "
                    "least one line.") % rma.name)
            for line in rma.line_ids:
                if line.qty_received > line.qty_requested + ledger.EPSILON:
                    raise UserError(_(
                        "Case %s: received quantity (qty_received) %s of %s is "
                        "more than the %s asked back.") % (
                            rma.name, line.qty_received, line.product_id.default_code,
                            line.qty_requested))
        self._receive_pickings()
        self.write({"state": "received", "date_received": fields.Datetime.now()})
        return True

    @api.multi
    def action_inspect(self):
        self._check_state(("received",), "inspect")
        lines = self.mapped("line_ids")
        rows = lines.read(["qty_received", "condition", "disposition"], load="")
        problems = ledger.inspection_problems(rows)
        if problems:
            line = lines.browse(problems[0][0])
            raise UserError(_(
                "Case %s: line %s needs a %s.") % (
                    line.rma_id.name, line.product_id.default_code, problems[0][1]))
        for row in rows:
            if row["qty_received"] > 0 and not row["disposition"]:
                lines.browse(row["id"]).disposition = \
                    ledger.DEFAULT_DISPOSITION[row["condition"]]
        self.write({"state": "inspected"})
        return True

    @api.multi
    def action_validate(self):
        """Move the inspected goods, then refund or replace; the case is done."""
        self._check_state(("inspected",), "validate")
        self._apply_dispositions()
        self.filtered(lambda r: r.type == "return_refund")._create_refunds()
        self.filtered(lambda r: r.type == "exchange")._create_replacements()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    @api.multi
    def _check_state(self, states, verb):
        for rma in self:
            if rma.state not in states:
                raise UserError(_(
                    "Case %s is %s (state): it cannot %s.") % (
                        rma.name, dict(STATES)[rma.state], verb))

    # ------------------------------------------------------------------
    # business methods: the returns receipt
    # ------------------------------------------------------------------
    @api.multi
    def _create_return_pickings(self):
        """One returns receipt per case from the customer location (ORM path)."""
        # sudo: the pickings are the cases' own stock documents; customer
        # service may not create stock pickings itself
        for rma in self.sudo():
            vals = rma._return_picking_vals()
            vals["move_lines"] = [(0, 0, mv) for mv in rma._return_move_vals()]
            picking = self.env["stock.picking"].sudo().create(vals)
            picking.action_confirm()
            picking.action_assign()
        return True

    @api.multi
    def _return_picking_vals(self):
        self.ensure_one()
        warehouse = self.warehouse_id
        picking_type = warehouse._ecom_rma_type()
        return {
            "picking_type_id": picking_type.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": picking_type.default_location_dest_id.id,
            "origin": "%s %s" % (self.name, self.sale_order_id.name),
            "ecom_rma_id": self.id,
            "company_id": self.company_id.id,
            "move_type": "direct",
        }

    @api.multi
    def _return_move_vals(self):
        self.ensure_one()
        picking_type = self.warehouse_id._ecom_rma_type()
        return [{
            "name": "%s: %s" % (self.name, line.product_id.display_name),
            "product_id": line.product_id.id,
            "product_uom_qty": line.qty_requested,
            "product_uom": line.product_id.uom_id.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": picking_type.default_location_dest_id.id,
            "picking_type_id": picking_type.id,
            "warehouse_id": self.warehouse_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "ecom_rma_line_id": line.id,
        } for line in self.line_ids]

    @api.multi
    def _open_return_pickings(self):
        """The cases' receipts not done yet (sudo: the cases' own stock
        documents, handled by the case's actions whoever calls them)."""
        type_ids = self.mapped("warehouse_id.ecom_rma_type_id").ids
        return self.sudo().mapped("picking_ids").filtered(
            lambda p: p.picking_type_id.id in type_ids
            and p.state not in ("done", "cancel"))

    @api.multi
    def _cancel_open_pickings(self):
        # sudo: the cases' own receipts; customer service cannot write pickings
        self._open_return_pickings().action_cancel()

    @api.multi
    def _receive_pickings(self):
        """Validate the receipts with the lines' received quantities; what did
        not come back is not awaited any more: its moves are cancelled (no
        backorder)."""
        pickings = self._open_return_pickings()
        qty = {line.id: line.qty_received for line in self.mapped("line_ids")}
        moves = pickings.mapped("move_lines").filtered(
            lambda m: m.state not in ("done", "cancel"))
        for move in moves:
            done = qty.get(move.ecom_rma_line_id.id, 0.0)
            if move.move_line_ids:
                move.move_line_ids[0].qty_done = done
                move.move_line_ids[1:].write({"qty_done": 0.0})
            else:
                move.quantity_done = done
        moves.filtered(lambda m: m.quantity_done > 0)._ecom_rma_action_done()
        pickings.mapped("move_lines").filtered(
            lambda m: m.state not in ("done", "cancel"))._action_cancel()
        pickings.write({"date_done": fields.Datetime.now()})
        return pickings

    # ------------------------------------------------------------------
    # business methods: dispositions
    # ------------------------------------------------------------------
    @api.multi
    def _apply_dispositions(self):
        """One transfer per warehouse and disposition (per vendor for vendor
        returns) for all lines of ``self``; moves created and validated in
        one call each."""
        # narrow reads: a field read for the batch fetches that column only,
        # not every column of moves, products and transfers
        lines = self.with_context(prefetch_fields=False).mapped("line_ids")
        rows = lines.read(["qty_received", "condition", "disposition"], load="")
        plan = ledger.disposition_plan(rows)
        pickings = self.env["stock.picking"]
        for disposition, pairs in sorted(plan.items()):
            # a prefetch set per transfer: each one reads its own lines only
            plan_lines = lines.browse(
                [line_id for line_id, _q in pairs]).with_prefetch()
            for warehouse in plan_lines.mapped("rma_id.warehouse_id"):
                wh_lines = plan_lines.filtered(
                    lambda l, w=warehouse: l.rma_id.warehouse_id == w)
                if disposition == "return_to_vendor":
                    pickings |= wh_lines._vendor_returns(warehouse)
                else:
                    pickings |= wh_lines._disposition_picking(warehouse, disposition)
        return pickings

    @api.multi
    def _create_refunds(self):
        return self.env["ecom.rma.refund"]._create_for(self)

    @api.multi
    def _create_replacements(self):
        """A zero-priced order per case, confirmed and reserved as the channel
        confirms its paid orders."""
        # sudo: the replacement copies the original order's customer and
        # addresses (ids only) for customer service or the warehouse, who
        # validated the case; nothing is returned to them but the order id
        for rma in self.sudo():
            order = rma.sale_order_id
            qty_field = "qty_received" if rma.type == "exchange" else "qty_requested"
            lines = [(0, 0, {
                "product_id": line.product_id.id,
                "name": line.product_id.display_name,
                "product_uom_qty": line[qty_field],
                "product_uom": line.product_id.uom_id.id,
                "price_unit": 0.0,
                "tax_id": [(5, 0, 0)],
            }) for line in rma.line_ids if line[qty_field] > 0]
            if not lines:
                continue
            replacement = self.env["sale.order"].sudo().with_context(
                tracking_disable=True, mail_create_nolog=True).create({
                    "name": rma.channel_id._intake_order_name(),
                    "partner_id": order.partner_id.id,
                    "partner_invoice_id": order.partner_invoice_id.id,
                    "partner_shipping_id": order.partner_shipping_id.id,
                    "pricelist_id": order.pricelist_id.id,
                    "warehouse_id": rma.warehouse_id.id,
                    "company_id": order.company_id.id,
                    "ecom_channel_id": rma.channel_id.id,
                    "team_id": order.team_id.id,
                    "carrier_id": order.carrier_id.id,
                    "client_order_ref": rma.name,
                    "origin": "%s %s" % (rma.name, order.name),
                    "order_line": lines,
                })
            rma.channel_id._intake_confirm(replacement)
            rma.replacement_order_id = replacement
        return True
