# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ecom_base.tools import bulk

from ..exceptions import SettlementUserError
from ..services import matching
from ..services import settlement_import as si

ACCOUNT_FIELDS = {
    "receivable": "settlement_receivable_account_id",
    "fee": "settlement_fee_account_id",
    "shipping": "settlement_shipping_account_id",
    "suspense": "settlement_suspense_account_id",
    "clearing": "settlement_clearing_account_id",
}
# selling expenses (销售费用) looked up by code on the company's chart: the
# Chinese standard chart (l10n_cn_standard), the Chinese small-business chart
# (l10n_cn_small_business), the generic one (l10n_generic_coa)
EXPENSE_CODES = ("6601", "5601", "220000")


class EcomChannel(models.Model):
    _inherit = "ecom.channel"

    settlement_days = fields.Integer(
        "Settlement Delay (days)", default=30,
        help="An order shipped longer ago than this without any settlement "
             "line is reported as not settled.")
    settlement_journal_id = fields.Many2one(
        "account.journal", "Settlement Journal", domain=[("type", "=", "general")],
        help="Journal of the entries of posted settlements.")
    settlement_clearing_account_id = fields.Many2one(
        "account.account", "Clearing Account", domain=[("reconcile", "=", True)],
        help="Reconcilable: receives the net payout of each posted batch and is "
             "cleared by the bank statement line of the payout.")
    settlement_receivable_account_id = fields.Many2one(
        "account.account", "Sales Receivable Account",
        help="Sales and refunds of the batch are cleared on this account.")
    settlement_fee_account_id = fields.Many2one(
        "account.account", "Commission Expense Account")
    settlement_shipping_account_id = fields.Many2one(
        "account.account", "Shipping Expense Account")
    settlement_suspense_account_id = fields.Many2one(
        "account.account", "Suspense Account",
        help="Ads, subsidies, adjustments and other lines wait here for review.")

    # ------------------------------------------------------------------
    # API: settlements
    # ------------------------------------------------------------------
    @api.model
    def import_settlement(self, channel_code, batch):
        """Store and match one payout batch; one result row.

        Idempotent per (channel, batch_ref): the same batch again answers
        "unchanged", a changed one replaces the lines of a batch not yet
        posted ("updated"). A rejected batch stores nothing.
        """
        self._check_api_access()
        return self._import_settlement_checked(channel_code, batch)

    @api.model
    def _import_settlement_checked(self, channel_code, batch):
        """The import of a caller already checked: the API (integration users
        and sales managers) or the CSV upload wizard (finance)."""
        # sudo: the callers checked the user (see above); the batch writes this
        # channel's settlement and reads order references, totals and fees,
        # never partner data.
        channel_model = self.sudo()
        for attempt in (1, 2):
            try:
                with self.env.cr.savepoint():
                    return channel_model._import_settlement(channel_code, batch)
            except psycopg2.IntegrityError:
                if attempt == 2:
                    raise
                self.env.clear()

    @api.model
    def _import_settlement(self, channel_code, batch):
        channel = self._get_api_channel(channel_code)
        try:
            if not channel:
                raise si.SettlementError("unknown_channel", "channel_code",
                                         value=channel_code)
            value = si.validate_batch(batch, channel.currency_id.name or "")
        except si.SettlementError as error:
            if not isinstance(batch, dict) and not isinstance(batch, list):
                raise ValidationError(error.message)
            return si.result_row(batch, "rejected", error=error)
        digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
        settlement_model = self.env["ecom.settlement"]
        existing = settlement_model.search([("channel_id", "=", channel.id),
                                            ("batch_ref", "=", value["batch_ref"])])
        if existing and existing.payload_hash == digest:
            return si.result_row(batch, "unchanged", existing.id,
                                 lines=existing.line_count)
        if existing and existing.state == "posted":
            return si.result_row(batch, "rejected", error=si.SettlementError(
                "already_posted", "batch_ref", value=value["batch_ref"]))
        status = "updated" if existing else "created"
        settlement = channel._store_settlement(value, digest, existing)
        return si.result_row(batch, status, settlement.id,
                             lines=settlement.line_count)

    @api.multi
    def _store_settlement(self, value, digest, existing):
        """Create (or refill) the settlement, its matched lines, its totals."""
        self.ensure_one()
        lines = value["lines"]
        order_of = self._settlement_orders({line["order_ref"] for line in lines
                                            if line["order_ref"]})
        for line in lines:
            line["order_id"] = order_of.get(line["order_ref"])
        facts = self._settlement_facts({oid for oid in order_of.values()})
        matches, unrefunded = matching.match(lines, facts)
        header = dict(
            channel_id=self.id, batch_ref=value["batch_ref"],
            period_start=value["period_start"], period_end=value["period_end"],
            payout_date=value["payout_date"], currency_id=self.currency_id.id,
            payload_hash=digest, line_count=len(lines),
            variance_count=sum(1 for m in matches if m.variance),
            returns_without_refund=len(unrefunded),
            state=matching.batch_state(matches, unrefunded),
            **matching.totals(lines))
        if existing:
            # the lines are plain rows (nothing refers to them): one DELETE
            self.env.cr.execute("DELETE FROM ecom_settlement_line "
                                "WHERE settlement_id = %s", (existing.id,))
            existing.invalidate_cache(["line_ids"])
            existing.write(header)
            settlement = existing
        else:
            settlement = self.env["ecom.settlement"].create(header)
        # plain rows: the line model has no default, constraint or computed
        # field but the channel (given); the lines are not read back here
        settlement_id, channel_id = settlement.id, self.id
        bulk.insert_rows(self.env["ecom.settlement.line"], [{
            "settlement_id": settlement_id, "channel_id": channel_id, "sequence": index,
            "order_ref": line["order_ref"] or None,
            "order_id": line["order_id"] or None, "type": line["type"],
            "amount": line["amount"], "expected_amount": match.expected,
            "difference": match.difference, "variance": match.variance or None}
            for index, (line, match) in enumerate(zip(lines, matches))],
            returning=False)
        settlement.invalidate_cache(["line_ids"])
        return settlement

    @api.multi
    def _settlement_orders(self, refs):
        """{external ref: order id} of this channel (one query)."""
        if not refs:
            return {}
        self.env.cr.execute("""
            SELECT ecom_external_ref, id FROM sale_order
             WHERE ecom_channel_id = %s AND ecom_external_ref = ANY(%s)""",
                            (self.id, list(refs)))
        return dict(self.env.cr.fetchall())

    @api.multi
    def _settlement_facts(self, order_ids):
        """{order id: OrderFacts}: total paid, contract fee (ecom_margin's
        margin lines, converted to the channel currency), goods returned."""
        order_ids = list(order_ids)
        if not order_ids:
            return {}
        cr = self.env.cr
        cr.execute("""
            SELECT o.id, o.amount_total,
                   (SELECT COALESCE(sum(ml.fee), 0) FROM ecom_margin_line ml
                     WHERE ml.order_id = o.id),
                   EXISTS (SELECT 1 FROM stock_move r
                             JOIN stock_move d ON d.id = r.origin_returned_move_id
                             JOIN sale_order_line sl ON sl.id = d.sale_line_id
                            WHERE sl.order_id = o.id AND r.state = 'done')
              FROM sale_order o WHERE o.id = ANY(%s)""", (order_ids,))
        rows = cr.fetchall()
        company_currency = self.company_id.currency_id
        rate = 1.0
        if self.currency_id and self.currency_id != company_currency:
            rate = self.env["res.currency"]._get_conversion_rate(
                company_currency, self.currency_id)
        return {oid: matching.OrderFacts(total or 0.0, round((fee or 0.0) * rate, 2),
                                         bool(returned))
                for oid, total, fee, returned in rows}

    @api.multi
    def _not_settled_order_ids(self):
        """Orders of these channels delivered more than ``settlement_days``
        ago without any settlement line (variance ``not_settled``)."""
        self.env.cr.execute("""
            SELECT o.id FROM sale_order o
              JOIN ecom_channel c ON c.id = o.ecom_channel_id
             WHERE o.ecom_channel_id = ANY(%s) AND o.state IN ('sale', 'done')
               AND EXISTS (SELECT 1 FROM stock_picking p
                            WHERE p.sale_id = o.id AND p.state = 'done'
                              AND p.date_done < (now() at time zone 'UTC')
                                  - make_interval(days => c.settlement_days))
               AND NOT EXISTS (SELECT 1 FROM ecom_settlement_line l
                                WHERE l.order_id = o.id)
          ORDER BY o.id""", (self.ids,))
        return [r[0] for r in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # Accounting configuration
    # ------------------------------------------------------------------
    @api.multi
    def _settlement_accounts(self):
        """{role: account} of this channel; raises ``missing_account``."""
        self.ensure_one()
        result = {}
        for role, name in ACCOUNT_FIELDS.items():
            if not self[name]:
                raise SettlementUserError(
                    "missing_account", channel=self.code,
                    field=self._fields[name].get_description(self.env)["string"])
            result[role] = self[name]
        if not self.settlement_journal_id:
            raise SettlementUserError(
                "missing_account", channel=self.code,
                field=self._fields["settlement_journal_id"].get_description(
                    self.env)["string"])
        return result

    @api.multi
    def action_settlement_default_accounts(self):
        """Fill the empty settlement accounts and journal of these channels
        from the company's chart; the clearing account (one per channel),
        the suspense account and the journal are created when missing.
        Needs accounting manager rights (creates accounts)."""
        for channel in self:
            defaults = channel._settlement_default_accounts()
            values = {name: defaults[name].id for name in defaults
                      if not channel[name] and defaults[name]}
            if values:
                channel.write(values)
        return True

    @api.multi
    def _settlement_default_accounts(self):
        """{field name: record or empty} of the defaults of this channel."""
        self.ensure_one()
        company = self.company_id or self.env.user.company_id
        account_model = self.env["account.account"]
        if not account_model.search_count([("company_id", "=", company.id)]):
            return {}       # no chart installed yet
        in_company = [("company_id", "=", company.id)]
        receivable = self.env["ir.property"].with_context(
            force_company=company.id).get("property_account_receivable_id",
                                          "res.partner")
        expense = account_model.search(in_company + [
            ("code", "in", EXPENSE_CODES)], order="code", limit=1) or \
            account_model.search(in_company + [
                ("user_type_id", "=", self.env.ref(
                    "account.data_account_type_expenses").id)], order="code",
                limit=1)
        chinese = bool(account_model.search_count(in_company + [
            ("code", "=", "1012")]))
        clearing = self.settlement_clearing_account_id or self._settlement_new_account(
            company, "1012" if chinese else "1019",
            "%s %s" % (self.code, "平台结算往来" if chinese else "settlement clearing"),
            "account.data_account_type_current_assets")
        suspense = account_model.search(in_company + [
            ("name", "in", ("平台结算待处理", "Settlement suspense")),
            ("reconcile", "=", True)], limit=1) or self._settlement_new_account(
            company, "2241" if chinese else "1019",
            "平台结算待处理" if chinese else "Settlement suspense",
            "account.data_account_type_current_liabilities", last=True)
        return {
            "settlement_journal_id": self._settlement_journal(company),
            "settlement_clearing_account_id": clearing,
            "settlement_receivable_account_id": receivable or account_model,
            "settlement_fee_account_id": expense,
            "settlement_shipping_account_id": expense,
            "settlement_suspense_account_id": suspense,
        }

    @api.model
    def _settlement_new_account(self, company, prefix, name, user_type, last=False):
        """A reconcilable account ``<prefix>NN`` with the first free NN (the
        last free one from 99 down when ``last``)."""
        account_model = self.env["account.account"]
        taken = set(account_model.search([
            ("company_id", "=", company.id),
            ("code", "=like", prefix + "%")]).mapped("code"))
        numbers = range(99, 0, -1) if last else range(1, 100)
        code = next(prefix + "%02d" % n for n in numbers
                    if prefix + "%02d" % n not in taken)
        return account_model.create({
            "code": code, "name": name, "reconcile": True,
            "user_type_id": self.env.ref(user_type).id, "company_id": company.id})

    @api.model
    def _settlement_journal(self, company):
        journal_model = self.env["account.journal"]
        return journal_model.search([("code", "=", "ECST"),
                                     ("company_id", "=", company.id)], limit=1) or \
            journal_model.create({"name": "Channel Settlements", "code": "ECST",
                                  "type": "general", "company_id": company.id})

    @api.model
    def _settlement_configure_all(self):
        """Data hook: default accounts of every channel (install / demo)."""
        self.search([]).action_settlement_default_accounts()
