"""import_settlement: a batch with every line type, matching, re-import."""
from odoo.addons.ecom_margin.tests.common import MarginCase


class TestImportSettlement(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("SettleTea")
        cls.product.taxes_id = [(5, 0, 0)]      # totals without sales tax
        cls._receive(cls.wh1, cls.product, 50, 10.0)
        cls.env["ecom.channel.fee.rule"].create({
            "channel_id": cls.channel.id, "name": "Commission", "kind": "percent",
            "value": 5.0})
        cls.currency = cls.channel.currency_id.name
        cls.orders = {}
        for ref, qty in (("S-OK", 2), ("S-LOW", 1), ("S-FEE", 1), ("S-REF", 1),
                         ("S-RET", 1)):
            order = cls._order(cls.channel, [(cls.product, qty, 50.0)], confirm=False)
            order.ecom_external_ref = ref
            order.action_confirm()
            cls.orders[ref] = order
        # goods of S-RET come back (no refund in the batch)
        cls._ship(cls.orders["S-RET"])
        delivery = cls.orders["S-RET"].picking_ids
        wizard = cls.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_ids=delivery.ids).create({})
        return_id, _type = wizard._create_returns()
        cls._validate(cls.env["stock.picking"].browse(return_id))

    def _batch(self, **extra):
        lines = [
            {"order_ref": "S-OK", "type": "sale", "amount": 100.0},
            {"order_ref": "S-OK", "type": "commission", "amount": -5.0},
            {"order_ref": "S-LOW", "type": "sale", "amount": 45.0},
            {"order_ref": "S-FEE", "type": "sale", "amount": 50.0},
            {"order_ref": "S-FEE", "type": "commission", "amount": -4.0},
            {"order_ref": "S-REF", "type": "sale", "amount": 50.0},
            {"order_ref": "S-REF", "type": "refund", "amount": -50.0},
            {"order_ref": "S-RET", "type": "sale", "amount": 50.0},
            {"order_ref": "S-NONE", "type": "sale", "amount": 20.0},
            {"order_ref": "S-OK", "type": "shipping", "amount": -6.0},
            {"type": "ads", "amount": -12.0},
            {"type": "subsidy", "amount": 3.0},
            {"type": "adjustment", "amount": 1.5},
            {"type": "other", "amount": -0.5},
        ]
        batch = {"batch_ref": "TM-2026-01", "period_start": "2026-01-01",
                 "period_end": "2026-01-31", "currency": self.currency,
                 "payout_date": "2026-02-05", "lines": lines}
        batch.update(extra)
        return batch

    def test_every_type_and_variance(self):
        result = self.env["ecom.channel"].import_settlement("MTEST", self._batch())
        self.assertEqual(result["status"], "created", result)
        settlement = self.env["ecom.settlement"].browse(result["settlement_id"])
        self.assertEqual(settlement.state, "discrepancy")
        self.assertEqual(settlement.line_count, 14)
        self.assertEqual(settlement.gross, 100 + 45 + 50 + 50 + 50 + 20)
        self.assertEqual(settlement.returns_without_refund, 1)
        variance = {(ln.order_ref, ln.type): ln.variance for ln in settlement.line_ids}
        self.assertEqual(variance[("S-OK", "sale")], False)
        self.assertEqual(variance[("S-OK", "commission")], False)
        self.assertEqual(variance[("S-LOW", "sale")], "under_settled")
        self.assertEqual(variance[("S-FEE", "commission")], "fee_above_contract")
        self.assertEqual(variance[("S-REF", "refund")], "refund_without_return")
        self.assertEqual(variance[("S-NONE", "sale")], "unknown_order")
        low = settlement.line_ids.filtered(lambda ln: ln.order_ref == "S-LOW")
        self.assertEqual((low.expected_amount, low.difference), (50.0, -5.0))
        self.assertEqual(low.order_id, self.orders["S-LOW"])
        fee = settlement.line_ids.filtered(
            lambda ln: ln.order_ref == "S-FEE" and ln.type == "commission")
        self.assertEqual((fee.expected_amount, fee.difference), (-2.5, -1.5))

    def test_reimport_is_idempotent(self):
        channel = self.env["ecom.channel"]
        first = channel.import_settlement("MTEST", self._batch())
        again = channel.import_settlement("MTEST", self._batch())
        self.assertEqual((again["status"], again["settlement_id"]),
                         ("unchanged", first["settlement_id"]))
        changed = self._batch(lines=[{"order_ref": "S-OK", "type": "sale",
                                      "amount": 100.0}])
        updated = channel.import_settlement("MTEST", changed)
        self.assertEqual(updated["status"], "updated")
        settlement = self.env["ecom.settlement"].browse(first["settlement_id"])
        self.assertEqual((settlement.line_count, settlement.state), (1, "matched"))
        self.assertEqual(len(settlement.line_ids), 1)
        self.assertEqual(self.env["ecom.settlement"].search_count(
            [("batch_ref", "=", "TM-2026-01")]), 1)

    def test_rejections_store_nothing(self):
        channel = self.env["ecom.channel"]
        bad = channel.import_settlement("MTEST", self._batch(currency="XXX"))
        self.assertEqual((bad["status"], bad["error_code"]),
                         ("rejected", "unknown_currency"))
        unknown = channel.import_settlement("NOPE", self._batch())
        self.assertEqual(unknown["error_code"], "unknown_channel")
        line = channel.import_settlement("MTEST", self._batch(
            lines=[{"order_ref": "S-OK", "type": "sale", "amount": "100"}]))
        self.assertEqual(line["error_code"], "invalid_amount")
        self.assertIn("lines[0].amount", line["message"])
        self.assertFalse(self.env["ecom.settlement"].search(
            [("channel_id", "=", self.channel.id)]))

    def test_not_settled(self):
        order = self.orders["S-OK"]
        self._ship(order)
        order.picking_ids.write({"date_done": "2020-01-01 00:00:00"})
        self.assertIn(order.id, self.channel._not_settled_order_ids())
        self.env["ecom.channel"].import_settlement("MTEST", self._batch())
        self.assertNotIn(order.id, self.channel._not_settled_order_ids())
