"""Settlements and their reports are finance's: other roles read nothing;
the reports carry no customer data."""
from odoo.exceptions import AccessError

from .common import SettlementCase

MODELS = ("ecom.settlement", "ecom.settlement.line", "ecom.settlement.mapping",
          "ecom.settlement.unsettled.report", "ecom.settlement.fee.report")


class TestSettlementAccess(SettlementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._user("st_acc_finance", "ecom_base.group_finance")
        cls.others = [
            cls._user("st_acc_wh", "ecom_base.group_warehouse_operator"),
            cls._user("st_acc_int", "ecom_base.group_integration"),
            cls._user("st_acc_cs", "ecom_base.group_customer_service"),
            cls._user("st_acc_csm", "ecom_base.group_customer_service_manager"),
        ]

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
