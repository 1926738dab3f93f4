# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class EcomRmaRefund(models.Model):
    """Money given back for a case.

    With an invoice on the order, a draft customer credit note of the
    returned units is prepared for accountants to post (``invoice_id``);
    without one (the order was never invoiced), this record alone says what
    is owed, and accountants mark it paid.
    """

    _name = "ecom.rma.refund"
    _description = "After-sales refund"
    _order = "id desc"

    rma_id = fields.Many2one("ecom.rma", string="Case", required=True,
                             ondelete="cascade", index=True, readonly=True)
    channel_id = fields.Many2one(related="rma_id.channel_id", store=True,
                                 readonly=True, index=True)
    currency_id = fields.Many2one(related="rma_id.currency_id", readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    invoice_id = fields.Many2one("account.invoice", string="Credit Note",
                                 readonly=True, ondelete="set null")
    state = fields.Selection(
        [("draft", "To Pay"), ("done", "Paid"), ("cancelled", "Cancelled")],
        default="draft", required=True, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)

    @api.multi
    def action_done(self):
        self.write({"state": "done"})
        return True

    @api.multi
    def action_cancel(self):
        if any(refund.invoice_id.state not in (False, "draft", "cancel")
               for refund in self):
            raise UserError(_("A posted credit note (invoice_id) is cancelled in "
                              "accounting first."))
        self.write({"state": "cancelled"})
        return True

    @api.model
    def _create_for(self, rmas):
        """A refund per case: the quantities refunded are the received ones
        (return and refund) or the asked ones (refund only)."""
        now = fields.Datetime.now()
        created = self.browse()
        # sudo: credit notes and refund records are accounting documents the
        # case's validation prepares; the caller gets no customer data back.
        # Narrow reads: a field read for all lines of big cases fetches that
        # column only
        for rma in rmas.sudo().with_context(prefetch_fields=False):
            qty_field = "qty_requested" if rma.type == "refund_only" \
                else "qty_received"
            quantities = {line.id: line[qty_field] for line in rma.line_ids
                          if line[qty_field] > 0}
            if not quantities:
                continue
            invoice = self.sudo()._credit_note(rma, quantities)
            amount = rma.amount_requested
            if not amount:
                amount = invoice.amount_total if invoice else sum(
                    line.price_unit * quantities.get(line.id, 0.0)
                    for line in rma.line_ids)
            created |= self.sudo().create({
                "rma_id": rma.id, "amount": amount,
                "invoice_id": invoice.id if invoice else False})
            # one write per quantity, not per line
            by_qty = defaultdict(list)
            for line_id, qty in quantities.items():
                by_qty[qty].append(line_id)
            for qty, line_ids in sorted(by_qty.items()):
                rma.line_ids.browse(line_ids).write({"qty_refunded": qty,
                                                     "date_refunded": now})
        return created

    @api.model
    def _credit_note(self, rma, quantities):
        """Draft credit note of ``quantities`` {line id: qty} on the order's
        invoice, or None when the order has no validated invoice."""
        invoices = rma.sale_order_id.invoice_ids.filtered(
            lambda i: i.type == "out_invoice" and i.state in ("open", "paid"))
        if not invoices:
            return None
        invoice = invoices[0]
        vals = invoice._prepare_refund(
            invoice, description=_("Return %s") % rma.name)
        by_product = {}
        for line in rma.line_ids:
            if line.id in quantities:
                by_product[line.product_id.id] = \
                    by_product.get(line.product_id.id, 0.0) + quantities[line.id]
        kept = []
        for command in vals["invoice_line_ids"]:
            line_vals = command[2]
            qty = by_product.pop(line_vals.get("product_id"), None)
            if qty:
                line_vals["quantity"] = qty
                kept.append(command)
        if not kept:
            return None
        vals["invoice_line_ids"] = kept
        # the original's tax lines are for all its lines: computed again below
        vals["tax_line_ids"] = []
        vals["origin"] = "%s %s" % (rma.name, invoice.number or "")
        credit = self.env["account.invoice"].with_context(
            tracking_disable=True).create(vals)
        credit.compute_taxes()
        return credit
