"""CSV upload: the platform's file through its mapping, into the same import
as the API; rows that cannot be read are listed and nothing is imported."""
import base64

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import new_user

HEADER = "订单编号,费用项,金额\n"


class TestSettlementCsvWizard(SavepointCase):
    """A channel without orders (the matching is tested with orders in
    test_import_settlement): every sale line is an unknown order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.user.company_id
        pricelist = cls.env["product.pricelist"].create({
            "name": "CSV test", "currency_id": cls.company.currency_id.id})
        cls.channel = cls.env["ecom.channel"].create({
            "name": "CSV Test Shop", "code": "MCSV", "platform": "jd",
            "warehouse_id": cls.env.ref("stock.warehouse0").id,
            "pricelist_id": pricelist.id})
        cls.finance = new_user(cls.env, "st_csv_finance", "ecom_base.group_finance")
        cls.mapping = cls.env["ecom.settlement.mapping"].create({
            "name": "JD-like", "channel_id": cls.channel.id,
            "column_order_ref": "订单编号", "column_type": "费用项",
            "column_amount": "金额", "negative_types": "commission,refund",
            "type_values": "货款 = sale\n平台使用费 = commission\n售后退款 = refund"})

    def _wizard(self, text, user=None, ref="CSV-2026-01"):
        return self.env["ecom.settlement.import.wizard"].sudo(
            user or self.finance).create({
                "channel_id": self.channel.id, "mapping_id": self.mapping.id,
                "file": base64.b64encode(text.encode("gb18030")),
                "batch_ref": ref, "period_start": "2026-01-01",
                "period_end": "2026-01-31", "payout_date": "2026-02-05"})

    def test_upload_imports_and_matches(self):
        wizard = self._wizard(HEADER + "S-OK,货款,100.00\nS-OK,平台使用费,5\n"
                                       "S-FEE,货款,50\nS-FEE,平台使用费,4\n")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        settlement = wizard.settlement_id
        self.assertEqual((settlement.line_count, settlement.net), (4, 141.0))
        self.assertEqual((settlement.channel_id, settlement.state),
                         (self.channel, "partial"))     # unknown orders only
        fee = settlement.line_ids.filtered(
            lambda ln: ln.order_ref == "S-FEE" and ln.type == "commission")
        self.assertEqual((fee.amount, fee.variance), (-4.0, "unknown_order"))
        # the same file again: unchanged (the API's idempotence)
        again = self._wizard(HEADER + "S-OK,货款,100.00\nS-OK,平台使用费,5\n"
                                      "S-FEE,货款,50\nS-FEE,平台使用费,4\n")
        again.action_import()
        self.assertEqual(again.settlement_id, settlement)
        self.assertTrue(again.result.startswith("unchanged"), again.result)

    def test_row_errors_import_nothing(self):
        wizard = self._wizard(HEADER + "S-OK,货款,abc\nS-OK,神秘费用,1\n"
                                       "S-LOW,货款,45\n", ref="CSV-BAD")
        wizard.action_import()
        self.assertEqual(wizard.state, "error")
        self.assertIn("row 2: [invalid_amount]", wizard.result)
        self.assertIn("row 3: [unknown_type]", wizard.result)
        self.assertFalse(self.env["ecom.settlement"].search(
            [("batch_ref", "=", "CSV-BAD")]))
        header = self._wizard("a,b,c\n1,2,3\n", ref="CSV-HDR")
        header.action_import()
        self.assertEqual(header.state, "error")
        self.assertIn("订单编号", header.result)

    def test_only_finance_uploads(self):
        operator = new_user(self.env, "st_csv_wh",
                            "ecom_base.group_warehouse_operator")
        wizard = self._wizard(HEADER + "S-OK,货款,100\n", user=operator,
                              ref="CSV-WH")
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertFalse(self.env["ecom.settlement"].search(
            [("batch_ref", "=", "CSV-WH")]))
