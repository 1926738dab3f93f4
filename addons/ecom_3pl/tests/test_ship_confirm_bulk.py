"""Shipment confirmations validated set-based (ecom_base.tools.bulk_done)
store what core's ``action_done`` stores for the same deliveries."""
from unittest import mock

from odoo.addons.ecom_base.tools import bulk_done

from .common import ThreePLCase

MOVE_FIELDS = ("state", "product_qty", "quantity_done", "value", "price_unit",
               "remaining_qty", "remaining_value", "location_dest_id")
LINE_FIELDS = ("qty_done", "product_uom_qty", "state", "location_id",
               "location_dest_id")


class TestShipConfirmBulk(ThreePLCase):
    def _rows(self, records, names):
        return [tuple(record[name] for name in names) for record in records]

    def _audit(self, picking):
        if "ecom.stock.audit.log" not in self.env:
            return []
        logs = self.env["ecom.stock.audit.log"].sudo().search(
            [("picking_id", "=", picking.id)], order="id")
        return [(log.product_id.id, log.quantity,
                 log.src_qty_before - log.src_qty_after,
                 log.dest_qty_after - log.dest_qty_before) for log in logs]

    def test_set_based_validation_equals_core(self):
        # the same three deliveries twice: tea 2 | tea 1 + cup 3 | cup 1
        specs = [[(self.product, 2)], [(self.product, 1), (self.product2, 3)],
                 [(self.product2, 1)]]
        fast = [self._delivery(spec) for spec in specs]
        core = [self._delivery(spec) for spec in specs]
        taken, original = [], bulk_done.action_done

        def spy(moves):
            taken.append(original(moves))
            return taken[-1]

        # the 3PL confirms the first three in one webhook: set-based
        with mock.patch.object(bulk_done, "action_done", side_effect=spy):
            rows = self.env["ecom.3pl.backend"].sudo(
                self.integration).confirm_shipment("T3PL", [
                    self.ship_msg("B%d" % n, n + 1, picking)
                    for n, picking in enumerate(fast)])
        self.assertEqual({row["status"] for row in rows}, {"applied"})
        self.assertEqual(len(taken), 1, "validated by bulk_done, not core")
        self.assertEqual(len(taken[0]), 4)
        # the same three by hand through core: done = reserved, action_done
        pickings = self.env["stock.picking"].concat(*core)
        for line in pickings.mapped("move_line_ids"):
            line.qty_done = line.product_uom_qty
        pickings.action_done()
        for one, other in zip(fast, core):
            self.assertEqual(one.state, "done")
            self.assertEqual(other.state, "done")
            self.assertTrue(one.date_done)
            self.assertEqual(self._rows(one.move_lines, MOVE_FIELDS),
                             self._rows(other.move_lines, MOVE_FIELDS))
            self.assertEqual(self._rows(one.move_line_ids, LINE_FIELDS),
                             self._rows(other.move_line_ids, LINE_FIELDS))
            self.assertEqual(self._audit(one), self._audit(other))
            self.assertFalse(self.env["stock.picking"].search(
                [("backorder_id", "in", [one.id, other.id])]))
        # 100 + 50 on hand, both sets shipped 3 tea and 4 cups
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 94)
        self.assertEqual(self.product2.with_context(
            location=self.stock.id).qty_available, 42)

    def test_one_webhook_equals_one_call_per_confirmation(self):
        # the same three deliveries twice: tea 2 | tea 1 + cup 3 | cup 1
        specs = [[(self.product, 2)], [(self.product, 1), (self.product2, 3)],
                 [(self.product2, 1)]]
        batch = [self._delivery(spec) for spec in specs]
        single = [self._delivery(spec) for spec in specs]
        backend = self.env["ecom.3pl.backend"].sudo(self.integration)
        rows = backend.confirm_shipment("T3PL", [
            self.ship_msg("W%d" % n, n + 1, picking, tracking="T%d" % n)
            for n, picking in enumerate(batch)])
        for n, picking in enumerate(single):
            rows += backend.confirm_shipment("T3PL", [self.ship_msg(
                "S%d" % n, n + 4, picking, tracking="T%d" % n)])
        self.assertEqual([row["status"] for row in rows], ["applied"] * 6)
        for one, other in zip(batch, single):
            self.assertEqual((one.state, one.carrier_tracking_ref,
                              one.carrier_id), (other.state,
                                                other.carrier_tracking_ref,
                                                other.carrier_id))
            self.assertEqual(self._rows(one.move_lines, MOVE_FIELDS),
                             self._rows(other.move_lines, MOVE_FIELDS))
            self.assertEqual(self._rows(one.move_line_ids, LINE_FIELDS),
                             self._rows(other.move_line_ids, LINE_FIELDS))
            self.assertEqual(self._audit(one), self._audit(other))
        # 100 + 50 on hand, both sets shipped 3 tea and 4 cups
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 94)
        self.assertEqual(self.product2.with_context(
            location=self.stock.id).qty_available, 42)
