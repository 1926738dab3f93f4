"""Disposition moves reserved set-based leave the ORM cache true.

The reservation inserts the move lines with SQL (``bulk_done.action_assign``,
else ecom_channel's ``_ecom_bulk_reserve``): the transfer's ``move_line_ids``
read before it (empty, cached) must show the new lines after it, as core's
``_action_assign`` would; each path is run.
"""
from unittest import mock

from odoo import fields

from odoo.addons.ecom_base.tools import bulk, bulk_done

from .common import RmaCase


class TestDispositionReserve(RmaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order("DR-100")     # 3 A + 2 B shipped
        row = cls.env["ecom.channel"].sudo(cls.integration).import_returns(
            cls.channel.code, [cls.ret("DR-1", "DR-100", lines=[
                {"sku": "R-SKU-A", "qty": 3}, {"sku": "R-SKU-B", "qty": 2}])])[0]
        cls.rma = cls.env["ecom.rma"].browse(row["rma_id"])

    def _moves(self):
        """A restock transfer out of the returns location with its moves
        confirmed, created as ecom_rma_line._move_out creates them."""
        self.receive(self.rma, {"R-SKU-A": 3, "R-SKU-B": 2})
        warehouse = self.warehouse
        picking_type = warehouse.int_type_id
        source, dest = warehouse.ecom_rma_location_id, warehouse.lot_stock_id
        stock = self.env["stock.picking"].sudo()
        picking = stock.create({
            "picking_type_id": picking_type.id, "location_id": source.id,
            "location_dest_id": dest.id, "move_type": "direct"})
        now = fields.Datetime.now()
        moves = bulk.create(self.env["stock.move"].sudo(), [{
            "name": line.product_id.default_code, "product_id": line.product_id.id,
            "product_uom_qty": line.qty_received, "ordered_qty": line.qty_received,
            "product_uom": line.product_id.uom_id.id, "location_id": source.id,
            "location_dest_id": dest.id, "picking_type_id": picking_type.id,
            "picking_id": picking.id, "procure_method": "make_to_stock",
            "state": "confirmed", "date": now, "date_expected": now,
        } for line in self.rma.line_ids])
        bulk.recompute(self.env, [moves, picking])
        return picking, moves

    def _check(self, picking, moves):
        # read before the reservation: empty, now in the cache
        self.assertFalse(picking.move_line_ids)
        self.assertFalse(moves.mapped("move_line_ids"))
        moves._ecom_rma_reserve()
        lines = self.env["stock.move.line"].search([("picking_id", "=", picking.id)])
        self.assertEqual(len(lines), 2)
        self.assertEqual(picking.move_line_ids, lines)
        self.assertEqual(moves.mapped("move_line_ids"), lines)
        self.assertEqual(set(moves.mapped("state")), {"assigned"})
        self.assertEqual(picking.state, "assigned")

    def test_set_based_reservation(self):
        picking, moves = self._moves()
        # the received units, one quant per product: no other path is taken
        # (ecom_channel's comes next, core's after it)
        with mock.patch.object(type(moves), "_ecom_bulk_reserve",
                               side_effect=AssertionError("not set-based")):
            self._check(picking, moves)

    def test_channel_reservation(self):
        """bulk_done declines (e.g. an unknown override): ecom_channel's
        set-based reservation."""
        picking, moves = self._moves()
        with mock.patch.object(bulk_done, "action_assign",
                               side_effect=bulk.BulkUnsupported("test")):
            self._check(picking, moves)
