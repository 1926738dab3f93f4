# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..exceptions import SettlementUserError
from ..services import posting

STATES = [("imported", "Imported"), ("matched", "Matched"), ("partial", "Partial"),
          ("discrepancy", "Discrepancy"), ("posted", "Posted")]


class EcomSettlement(models.Model):
    """A platform payout batch: what the channel paid for a period, net of its
    commissions, refunds and adjustments. Imported with
    ``ecom.channel.import_settlement`` (idempotent per batch reference),
    then every line is matched with its order (``services/matching.py``)."""

    _name = "ecom.settlement"
    _description = "Channel settlement (payout batch)"
    _order = "period_end desc, id desc"
    _rec_name = "batch_ref"

    channel_id = fields.Many2one("ecom.channel", required=True, readonly=True,
                                 index=True, ondelete="restrict")
    batch_ref = fields.Char("Batch Reference", required=True, readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    payout_date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    gross = fields.Float(readonly=True)
    fees = fields.Float(readonly=True)
    refunds = fields.Float(readonly=True)
    adjustments = fields.Float(readonly=True)
    net = fields.Float(readonly=True)
    state = fields.Selection(STATES, default="imported", required=True,
                             readonly=True, index=True)
    line_ids = fields.One2many("ecom.settlement.line", "settlement_id",
                               readonly=True)
    line_count = fields.Integer(readonly=True)
    variance_count = fields.Integer(readonly=True)
    payload_hash = fields.Char(readonly=True, copy=False,
                               help="Fingerprint of the imported batch (idempotence).")
    returns_without_refund = fields.Integer(
        readonly=True, help="Orders of this batch whose goods came back but "
                            "which carry no refund line.")

    move_id = fields.Many2one("account.move", "Journal Entry", readonly=True,
                              copy=False, ondelete="restrict")
    payout_reconciled = fields.Boolean(
        compute="_compute_payout_reconciled",
        help="The clearing line of the entry is reconciled with the bank.")

    _sql_constraints = [
        ("batch_ref_uniq", "unique(channel_id, batch_ref)",
         "This channel already has a settlement with this batch reference."),
    ]

    POSTABLE_STATES = ("matched", "partial", "discrepancy")

    @api.depends("move_id.line_ids.reconciled")
    def _compute_payout_reconciled(self):
        for settlement in self:
            line = settlement._payout_move_line()
            settlement.payout_reconciled = bool(line) and line.reconciled

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_post(self):
        """Post each batch: one journal entry on the channel's accounts, the
        margins of its orders settled. Posted batches are left as they are
        (idempotent); any other state that cannot be posted is refused with
        ``not_postable``; a refusal or error writes nothing."""
        for settlement in self:
            with self.env.cr.savepoint():
                settlement._post()
        return True

    @api.multi
    def _post(self):
        self.ensure_one()
        # one poster at a time per batch; the state is read after the lock
        self.env.cr.execute("SELECT state FROM ecom_settlement WHERE id = %s "
                            "FOR UPDATE", (self.id,))
        self.invalidate_cache(["state", "move_id"], self.ids)
        if self.state == "posted":
            return self.move_id
        if self.state not in self.POSTABLE_STATES:
            raise SettlementUserError(
                "not_postable", batch=self.batch_ref,
                state=dict(self._fields["state"]._description_selection(
                    self.env))[self.state])
        accounts = self.channel_id._settlement_accounts()
        move = self.env["account.move"].create(self._post__move_vals(accounts))
        move.post()
        self.write({"state": "posted", "move_id": move.id})
        self._post__settle_margins()
        return move

    @api.multi
    def _post__move_vals(self, accounts):
        """Values of the batch's journal entry (company currency; the batch
        currency on every line when it differs)."""
        channel = self.channel_id
        company = channel.company_id or self.env.user.company_id
        company_currency = company.currency_id
        currency = self.currency_id or company_currency
        date = self.payout_date or self.period_end or fields.Date.context_today(self)
        convert = None
        if currency != company_currency:
            def convert(amount):
                return currency.with_context(date=date).compute(
                    amount, company_currency, round=False)
        # one sum per line type (a batch may hold 50,000 lines)
        self.env.cr.execute("""
            SELECT type, sum(amount) FROM ecom_settlement_line
             WHERE settlement_id = %s GROUP BY type ORDER BY type""", (self.id,))
        totals = posting.role_totals([{"type": kind, "amount": amount}
                                      for kind, amount in self.env.cr.fetchall()])
        lines = []
        for role, debit, credit, amount_currency in posting.move_lines(totals, convert):
            vals = {"name": "%s %s" % (self.batch_ref, role),
                    "account_id": accounts[role].id, "debit": debit,
                    "credit": credit}
            if convert:
                vals.update(currency_id=currency.id, amount_currency=amount_currency)
            lines.append((0, 0, vals))
        return {"journal_id": channel.settlement_journal_id.id, "date": date,
                "ref": "%s %s" % (channel.code, self.batch_ref),
                "company_id": company.id, "line_ids": lines}

    @api.multi
    def _post__settle_margins(self):
        """ecom_margin: the margin lines of the orders of this batch become
        ``settled`` with the commissions of all posted batches of the order
        (company currency), spread over the order lines by revenue."""
        cr = self.env.cr
        cr.execute("""
            SELECT DISTINCT order_id FROM ecom_settlement_line
             WHERE settlement_id = %s AND order_id IS NOT NULL""", (self.id,))
        order_ids = [row[0] for row in cr.fetchall()]
        if not order_ids:
            return
        cr.execute("""
            SELECT order_id, sale_line_id, revenue FROM ecom_margin_line
             WHERE order_id = ANY(%s)""", (order_ids,))
        revenue_by_order = {}
        for order_id, sale_line_id, revenue in cr.fetchall():
            revenue_by_order.setdefault(order_id, {})[sale_line_id] = revenue or 0.0
        cr.execute("""
            SELECT l.order_id, s.currency_id, s.payout_date, s.period_end,
                   sum(l.amount)
              FROM ecom_settlement_line l
              JOIN ecom_settlement s ON s.id = l.settlement_id
             WHERE l.order_id = ANY(%s) AND l.type = 'commission'
               AND s.state = 'posted'
          GROUP BY l.order_id, s.currency_id, s.payout_date, s.period_end""",
                   (order_ids,))
        company_currency = (self.channel_id.company_id or
                            self.env.user.company_id).currency_id
        currencies = self.env["res.currency"]
        commission_lines = []
        for order_id, currency_id, payout, period_end, amount in cr.fetchall():
            currency = currencies.browse(currency_id)
            if currency_id and currency != company_currency:
                amount = currency.with_context(date=payout or period_end).compute(
                    amount, company_currency, round=False)
            commission_lines.append({"order_id": order_id, "type": "commission",
                                     "amount": amount})
        fees = posting.actual_fees(commission_lines, revenue_by_order)
        self.env["ecom.margin.line"]._mark_settled(list(fees), fees)

    # ------------------------------------------------------------------
    # Bank reconciliation
    # ------------------------------------------------------------------
    @api.multi
    def _payout_move_line(self):
        """The clearing line of the batch's entry (what the bank clears)."""
        self.ensure_one()
        account = self.channel_id.settlement_clearing_account_id
        return self.move_id.line_ids.filtered(lambda line: line.account_id == account)

    @api.multi
    def action_reconcile_payout(self):
        """Find the bank statement line of each posted payout and reconcile
        it (accountants: core's reconciliation rights). The line: not yet
        reconciled, same company, amount equal to the open payout; when
        several, the one whose label or reference names the batch."""
        line_model = self.env["account.bank.statement.line"]
        for settlement in self:
            if settlement.state != "posted":
                raise SettlementUserError("not_posted", batch=settlement.batch_ref)
            payout = settlement._payout_move_line()
            if not payout or payout.reconciled:
                continue
            open_amount = payout.amount_residual
            candidates = line_model.search([
                ("journal_entry_ids", "=", False),
                ("company_id", "=", payout.company_id.id),
                ("amount", ">=", open_amount - 0.005),
                ("amount", "<=", open_amount + 0.005)], order="date desc, id desc")
            named = candidates.filtered(
                lambda line: settlement.batch_ref in (line.name or "") or
                settlement.batch_ref in (line.ref or ""))
            if len(named) == 1 or len(candidates) == 1:
                settlement.reconcile_payout(named or candidates)
            elif candidates:
                raise SettlementUserError("ambiguous_statement_line",
                                          batch=settlement.batch_ref,
                                          count=len(candidates))
            else:
                raise SettlementUserError("no_statement_line",
                                          batch=settlement.batch_ref,
                                          net=open_amount)
        return True

    @api.multi
    def reconcile_payout(self, statement_line):
        """Reconcile the payout with ``statement_line`` (account.bank.
        statement.line) through core's ``process_reconciliation``: the bank
        entry's counterpart clears the clearing line. Same as matching them in
        the bank reconciliation widget."""
        self.ensure_one()
        if self.state != "posted":
            raise SettlementUserError("not_posted", batch=self.batch_ref)
        line = self._payout_move_line()
        open_amount = line.amount_residual
        if abs(statement_line.amount - open_amount) > 0.005:
            raise SettlementUserError("payout_mismatch", batch=self.batch_ref,
                                      amount=statement_line.amount, net=open_amount)
        return statement_line.process_reconciliation(counterpart_aml_dicts=[{
            "name": "%s %s" % (self.channel_id.code, self.batch_ref),
            "debit": max(-open_amount, 0.0), "credit": max(open_amount, 0.0),
            "move_line": line}])
