"""bulk_done.action_done against core's stock.move._action_done.

The same transfer (a move into another internal location onto an existing
quant, a move to scrap and one to the vendor that empty their quants, two
moves onto a location) is validated once by core and once set-based, each in
a savepoint rolled back afterwards; quants, move lines, moves (states and
valuation fields), the transfer's state and the stock audit rows
(ecom_pii_guard, when installed) must be the same.
"""
from odoo.tests.common import SavepointCase

from odoo.addons.ecom_base.tools import bulk, bulk_done


class _Rollback(Exception):
    pass


class TestBulkDone(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        warehouse = env.ref("stock.warehouse0")
        locations = env["stock.location"]
        cls.src = locations.create({"name": "BD source", "usage": "internal",
                                    "location_id": warehouse.view_location_id.id})
        cls.dst = locations.create({"name": "BD target", "usage": "internal",
                                    "location_id": warehouse.view_location_id.id})
        cls.scrap = env.ref("stock.stock_location_scrapped")
        cls.vendor = env.ref("stock.stock_location_suppliers")
        cls.picking_type = warehouse.int_type_id
        cls.products = {}
        for code in ("BD-A", "BD-B", "BD-C", "BD-D"):
            cls.products[code] = env["product.product"].create({
                "name": code, "default_code": code, "type": "product",
                "standard_price": 4.0})
        quants = env["stock.quant"].sudo()
        for code, location, qty, in_date in (
                ("BD-A", cls.src, 10.0, "2026-01-05 10:00:00"),
                ("BD-A", cls.dst, 1.0, "2026-02-01 10:00:00"),
                ("BD-B", cls.src, 4.0, "2026-01-06 10:00:00"),
                ("BD-C", cls.src, 3.0, None),
                ("BD-D", cls.src, 5.0, "2026-01-07 10:00:00")):
            quants.create({"product_id": cls.products[code].id,
                           "location_id": location.id, "quantity": qty,
                           "in_date": in_date})

    def _transfer(self, plan):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.picking_type.id,
            "location_id": self.src.id, "location_dest_id": self.dst.id,
            "move_type": "direct"})
        for code, qty, dest in plan:
            # created on their own: the transfer's create would give them its
            # destination
            self.env["stock.move"].create({
                "name": code, "product_id": self.products[code].id,
                "product_uom_qty": qty, "product_uom": self.products[code].uom_id.id,
                "location_id": self.src.id, "location_dest_id": dest.id,
                "picking_type_id": self.picking_type.id, "picking_id": picking.id})
        picking.action_confirm()
        picking.action_assign()
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        return picking

    def _plan(self):
        return [("BD-A", 2.0, self.dst), ("BD-B", 4.0, self.scrap),
                ("BD-C", 3.0, self.vendor), ("BD-D", 2.0, self.dst)]

    def _state(self, picking):
        cr = self.env.cr
        ids = [p.id for p in self.products.values()]
        code = {p.id: c for c, p in self.products.items()}
        cr.execute("""SELECT product_id, location_id, quantity, reserved_quantity,
                             in_date FROM stock_quant
                       WHERE product_id = ANY(%s)""", [ids])
        # a quant without incoming date gets "now" (the two runs' clocks differ)
        quants = sorted((code[r[0]],) + r[1:4] + (
            r[4] if r[4] and r[4] < "2026-03" else "now",) for r in cr.fetchall())
        cr.execute("""SELECT product_id, location_id, location_dest_id,
                             product_uom_qty, product_qty, qty_done, state
                        FROM stock_move_line WHERE picking_id = %s""", [picking.id])
        lines = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
        valuation = [c for c in ("value", "price_unit", "remaining_qty",
                                 "remaining_value") if c in picking.move_lines._fields]
        cr.execute("""SELECT product_id, location_dest_id, state, product_qty %s
                        FROM stock_move WHERE picking_id = %s""" % (
            "".join(", " + c for c in valuation), picking.id))
        moves = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
        audit = []
        if "ecom.stock.audit.log" in self.env:
            cr.execute("""SELECT product_id, operation, location_id, location_dest_id,
                                 quantity, src_qty_before, src_qty_after,
                                 dest_qty_before, dest_qty_after
                            FROM ecom_stock_audit_log WHERE picking_id = %s
                           ORDER BY id""", [picking.id])
            audit = [(code[r[0]],) + r[1:] for r in cr.fetchall()]
        cr.execute("SELECT state FROM stock_picking WHERE id = %s", [picking.id])
        return {"quants": quants, "lines": lines, "moves": moves, "audit": audit,
                "picking": cr.fetchone()[0]}

    def _run(self, validate):
        result = {}
        try:
            with self.env.cr.savepoint():
                picking = self._transfer(self._plan())
                done = validate(picking.move_lines)
                result["done"] = len(done)
                self.env["stock.move"].invalidate_cache()
                result.update(self._state(picking))
                raise _Rollback()
        except _Rollback:
            pass
        self.env["stock.move"].invalidate_cache()
        return result

    def test_same_as_core(self):
        core = self._run(lambda moves: moves._action_done())
        fast = self._run(bulk_done.action_done)
        self.assertEqual(core["done"], 4)
        self.assertEqual(core["picking"], "done")
        # the emptied quants are gone, the others moved
        self.assertNotIn("BD-B", [q[0] for q in core["quants"] if q[1] == self.src.id])
        self.assertIn(("BD-B", self.scrap.id, 4.0), [q[:3] for q in core["quants"]])
        self.assertIn(("BD-C", self.vendor.id, 3.0), [q[:3] for q in core["quants"]])
        if "value" in self.env["stock.move"]._fields:
            # the scrapped units are valued out at the standard price
            self.assertIn(("BD-B", self.scrap.id, "done", 4.0, -16.0),
                          [m[:5] for m in core["moves"]])
        for key in ("quants", "lines", "moves", "audit", "picking", "done"):
            self.assertEqual(fast[key], core[key], key)
        if "ecom.stock.audit.log" in self.env:
            self.assertEqual(len(fast["audit"]), 4)

    def test_partial_move_is_left_to_core(self):
        picking = self._transfer([("BD-A", 2.0, self.dst)])
        picking.move_line_ids.qty_done = 1.0
        with self.assertRaises(bulk.BulkUnsupported):
            with self.env.cr.savepoint():
                bulk_done.action_done(picking.move_lines)
        self.assertEqual(picking.move_lines.state, "assigned")

    def test_source_must_keep_reservations(self):
        picking = self._transfer([("BD-A", 2.0, self.dst)])
        picking.move_lines.write({"location_id": self.vendor.id})
        picking.move_line_ids.write({"location_id": self.vendor.id})
        with self.assertRaises(bulk.BulkUnsupported):
            bulk_done.action_done(picking.move_lines)
