"""import_settlement: a batch with every line type, matching, re-import."""
from .common import SettlementCase


class TestImportSettlement(SettlementCase):
    RETURN_GOODS = True     # S-RET: return without refund

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

    def test_set_based_lines_as_orm_create(self):
        """Differential: the rows the set-based import stores equal what
        core's ``create`` stores from the same values."""
        settlement = self._import()
        names = ["settlement_id", "channel_id", "sequence", "order_ref", "order_id",
                 "type", "amount", "expected_amount", "difference", "variance"]
        stored = settlement.line_ids.read(names)
        twin = self.env["ecom.settlement"].create({
            "channel_id": self.channel.id, "batch_ref": "TWIN"})
        line_model = self.env["ecom.settlement.line"]
        for row in stored:
            vals = {name: (row[name][0] if isinstance(row[name], tuple)
                           else row[name]) for name in names}
            vals["settlement_id"] = twin.id
            created = line_model.create(vals).read(names)[0]
            created["settlement_id"] = row["settlement_id"]
            self.assertEqual({k: created[k] for k in names},
                             {k: row[k] for k in names})
