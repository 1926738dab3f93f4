"""Posting a batch: one journal entry, idempotent, refusals, the payout
reconciled with the bank, margins settled with the actual fees; the reports
of finance; settlements and reports unreadable by the other roles (one
fixture: the ORM set-up dominates the time of these tests)."""
from odoo.exceptions import AccessError

from ..exceptions import SettlementUserError
from .common import SettlementCase

MODELS = ("ecom.settlement", "ecom.settlement.line", "ecom.settlement.mapping",
          "ecom.settlement.unsettled.report", "ecom.settlement.fee.report")


class TestSettlementPosting(SettlementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._user("st_finance", "ecom_base.group_finance")
        cls.others = [
            cls._user("st_acc_wh", "ecom_base.group_warehouse_operator"),
            cls._user("st_acc_int", "ecom_base.group_integration"),
            cls._user("st_acc_cs", "ecom_base.group_customer_service"),
            cls._user("st_acc_csm", "ecom_base.group_customer_service_manager"),
        ]

    def _post(self, settlement):
        settlement.sudo(self.finance).action_post()
        settlement.invalidate_cache()
        return settlement.move_id

    def test_post_one_entry_on_channel_accounts(self):
        settlement = self._import()
        # sales 315 - refund 50 = 265 cleared; commission 9, shipping 6,
        # ads/subsidy/adjustment/other -8 to suspense; net 242 to clearing
        self.assertEqual(settlement.net, 242.0)
        move = self._post(settlement)
        self.assertEqual((settlement.state, move.state), ("posted", "posted"))
        channel = self.channel
        balance = {}
        for line in move.line_ids:
            balance[line.account_id] = balance.get(line.account_id, 0.0) + \
                line.debit - line.credit
        self.assertEqual(balance[channel.settlement_receivable_account_id], -265.0)
        self.assertEqual(balance[channel.settlement_clearing_account_id], 242.0)
        self.assertEqual(balance[channel.settlement_suspense_account_id], 8.0)
        if channel.settlement_fee_account_id == channel.settlement_shipping_account_id:
            self.assertEqual(balance[channel.settlement_fee_account_id], 15.0)
        else:
            self.assertEqual(balance[channel.settlement_fee_account_id], 9.0)
        self.assertTrue(channel.settlement_clearing_account_id.reconcile)
        self.assertEqual(move.journal_id, channel.settlement_journal_id)
        # posting again changes nothing (idempotent)
        self._post(settlement)
        self.assertEqual(settlement.move_id, move)
        self.assertEqual(self.env["account.move"].search_count(
            [("ref", "=", "MTEST TM-2026-01")]), 1)
        # a posted batch cannot be replaced by a different re-import
        changed = self.env["ecom.channel"].import_settlement(
            "MTEST", self._batch(lines=[{"order_ref": "S-OK", "type": "sale",
                                         "amount": 100.0}]))
        self.assertEqual(changed["error_code"], "already_posted")

    def test_refusals_write_nothing(self):
        settlement = self._import()
        settlement.state = "imported"
        with self.assertRaises(SettlementUserError) as caught:
            settlement.sudo(self.finance).action_post()
        self.assertEqual(caught.exception.error_code, "not_postable")
        self.assertIn("state", caught.exception.name)
        settlement.state = "discrepancy"
        self.channel.settlement_suspense_account_id = False
        with self.assertRaises(SettlementUserError) as caught:
            settlement.sudo(self.finance).action_post()
        self.assertEqual(caught.exception.error_code, "missing_account")
        settlement.invalidate_cache()
        self.assertEqual((settlement.state, settlement.move_id.id),
                         ("discrepancy", False))
        margins = self.margin_model.search(
            [("order_id", "in", [o.id for o in self.orders.values()])])
        self.assertNotIn("settled", margins.mapped("state"))

    def test_bank_reconciliation(self):
        settlement = self._import()
        self._post(settlement)
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1)
        statement = self.env["account.bank.statement"].create({
            "journal_id": journal.id, "name": "Payout TM-2026-01",
            "line_ids": [(0, 0, {"name": "ALIPAY TM-2026-01", "amount": 242.0,
                                 "date": "2026-02-05"})]})
        line = statement.line_ids
        wrong = self.env["account.bank.statement.line"].create({
            "statement_id": statement.id, "name": "other", "amount": 10.0,
            "date": "2026-02-05"})
        with self.assertRaises(SettlementUserError) as caught:
            settlement.reconcile_payout(wrong)
        self.assertEqual(caught.exception.error_code, "payout_mismatch")
        self.assertFalse(settlement.payout_reconciled)
        # core's reconciliation (what the bank reconciliation widget calls)
        settlement.reconcile_payout(line)
        clearing = settlement._payout_move_line()
        self.assertTrue(clearing.reconciled)
        self.assertTrue(clearing.full_reconcile_id)
        self.assertEqual(clearing.amount_residual, 0.0)
        self.assertTrue(line.journal_entry_ids)
        self.assertTrue(settlement.payout_reconciled)

    def test_reconcile_payout_finds_the_statement_line(self):
        settlement = self._import()
        self._post(settlement)
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1)
        statement = self.env["account.bank.statement"].create({
            "journal_id": journal.id, "name": "Payouts"})
        with self.assertRaises(SettlementUserError) as caught:
            settlement.action_reconcile_payout()
        self.assertEqual(caught.exception.error_code, "no_statement_line")
        lines = self.env["account.bank.statement.line"]
        for label in ("ALIPAY 2026-02-04", "ALIPAY 2026-02-05"):
            lines |= lines.create({"statement_id": statement.id, "name": label,
                                   "amount": 242.0, "date": "2026-02-05"})
        with self.assertRaises(SettlementUserError) as caught:
            settlement.action_reconcile_payout()
        self.assertEqual(caught.exception.error_code, "ambiguous_statement_line")
        lines[1].name = "ALIPAY TM-2026-01"       # the batch named in the label
        settlement.action_reconcile_payout()
        self.assertTrue(settlement.payout_reconciled)
        self.assertTrue(lines[1].journal_entry_ids)
        self.assertFalse(lines[0].journal_entry_ids)
        settlement.action_reconcile_payout()       # nothing left to do

    def test_post_in_another_currency(self):
        """A channel paid in a foreign currency: the entry in company
        currency at the payout date's rate, the batch currency on each line."""
        company_currency = self.company.currency_id
        foreign = self.env.ref("base.USD") if company_currency.name != "USD" \
            else self.env.ref("base.EUR")
        foreign.active = True
        self.env["res.currency.rate"].search(
            [("currency_id", "in", (foreign | company_currency).ids)]).unlink()
        # 1 company unit = 0.15 foreign units: 1 foreign unit = 6.6667
        self.env["res.currency.rate"].create({
            "currency_id": foreign.id, "rate": 0.15, "name": "2026-01-01",
            "company_id": self.company.id})
        pricelist = self.env["product.pricelist"].create({
            "name": "Foreign", "currency_id": foreign.id})
        self.channel2.pricelist_id = pricelist
        self.channel2.action_settlement_default_accounts()
        result = self.env["ecom.channel"].import_settlement("MTEST2", {
            "batch_ref": "FX-1", "period_start": "2026-01-01",
            "period_end": "2026-01-31", "payout_date": "2026-02-05",
            "currency": foreign.name,
            "lines": [{"type": "subsidy", "amount": 10.0},
                      {"type": "ads", "amount": -3.33}]})
        settlement = self.env["ecom.settlement"].browse(result["settlement_id"])
        move = self._post(settlement)
        self.assertEqual(sum(move.line_ids.mapped("debit")),
                         sum(move.line_ids.mapped("credit")))
        clearing = settlement._payout_move_line()
        self.assertEqual(clearing.currency_id, foreign)
        self.assertAlmostEqual(clearing.amount_currency, 6.67, places=2)
        self.assertAlmostEqual(clearing.debit, round(10.0 / 0.15, 2) -
                               round(3.33 / 0.15, 2), places=2)

    def test_margins_settled_with_actual_fees(self):
        orders = self.orders
        margins = self.margin_model.search(
            [("order_id", "in", [orders["S-OK"].id, orders["S-FEE"].id])])
        fee_before = {m.order_id.id: m.fee
                      for m in margins}
        self.assertEqual(fee_before[orders["S-FEE"].id], 2.5)   # contract 5 %
        self.assertNotIn("settled", margins.mapped("state"))
        margin_before = {m.order_id.id: m.margin for m in margins}
        self._post(self._import())
        margins.invalidate_cache()
        self.assertEqual(set(margins.mapped("state")), {"settled"})
        by_order = {m.order_id.id: m for m in margins}
        self.assertEqual(by_order[orders["S-OK"].id].fee, 5.0)
        # S-FEE: the platform took 4.00, 1.50 more than estimated
        fee_line = by_order[orders["S-FEE"].id]
        self.assertEqual(fee_line.fee, 4.0)
        self.assertAlmostEqual(fee_line.margin,
                               margin_before[orders["S-FEE"].id] - 1.5, places=2)
        # orders without commission in the batch: actual fee 0
        low = self.margin_model.search([("order_id", "=", orders["S-LOW"].id)])
        self.assertEqual((low.state, low.fee), ("settled", 0.0))

    def test_other_roles_read_nothing(self):
        self._import()
        for user in self.others:
            for model in MODELS:
                with self.assertRaises(AccessError,
                                       msg="%s %s" % (user.login, model)):
                    self.env[model].sudo(user).search_read([], limit=1)

    def test_finance_reports_without_customer_data(self):
        # S-OK shipped 100 days ago and never settled; S-LOW settled
        self._ship(self.orders["S-OK"])
        self.orders["S-OK"].picking_ids.write({"date_done": "2020-01-01 00:00:00"})
        self._ship(self.orders["S-LOW"])
        self._import(self._batch(lines=[
            {"order_ref": "S-LOW", "type": "sale", "amount": 50.0},
            {"order_ref": "S-LOW", "type": "commission", "amount": -5.0}]))
        unsettled = self.env["ecom.settlement.unsettled.report"].sudo(self.finance)
        rows = unsettled.search([("channel_id", "=", self.channel.id)])
        by_ref = {row.external_ref: row for row in rows}
        self.assertIn("S-OK", by_ref)
        self.assertNotIn("S-LOW", by_ref)
        self.assertEqual((by_ref["S-OK"].age_bucket, by_ref["S-OK"].overdue),
                         ("90_plus", True))
        fees = self.env["ecom.settlement.fee.report"].sudo(self.finance).search(
            [("channel_id", "=", self.channel.id)])
        self.assertEqual(len(fees), 1)
        # 5.00 on 50.00 sales against a 5 % contract (2.50)
        self.assertEqual((fees.effective_rate, fees.contract_rate, fees.excess),
                         (10.0, 5.0, 2.5))
        for model in MODELS:
            for name, field in self.env[model]._fields.items():
                self.assertNotEqual(field.comodel_name, "res.partner",
                                    "%s.%s" % (model, name))
                self.assertNotIn(name, ("email", "phone", "street"))
        # variance list: pivot data for finance
        groups = self.env["ecom.settlement.line"].sudo(self.finance).read_group(
            [("channel_id", "=", self.channel.id)], ["difference", "variance"],
            ["variance"])
        self.assertTrue(groups)
