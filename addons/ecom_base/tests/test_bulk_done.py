"""bulk_done.action_done against core's stock.move._action_done.

The same transfer (a move into another internal location onto an existing
quant, a move to scrap and one to the vendor that empty their quants, two
moves onto a location, two moves of one product out of the company) is
validated once by core and once set-based, each in a savepoint rolled back
afterwards; quants, move lines, moves (states and valuation fields), the
FIFO candidates' remaining quantity and value, the standard prices and their
history, the journal entries, the transfer's state and the stock audit rows
(ecom_pii_guard, when installed) must be the same.

Valuation cases (stock_account): BD-B at standard cost leaves with two
receipts to consume (the first fully, the second in part by one move and to
zero by the next); BD-C at standard cost has no receipt (negative stock:
valued at the standard price, remaining quantity negative); BD-E at average
cost consumes its one receipt and goes negative; BD-F at FIFO cost (core's
method, its standard price history is written per move).
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
        categories = {}
        if "property_cost_method" in env["product.category"]._fields:
            for method in ("standard", "average", "fifo"):
                categories[method] = env["product.category"].create({
                    "name": "BD %s" % method, "property_cost_method": method})
        for code, method in (("BD-A", "standard"), ("BD-B", "standard"),
                             ("BD-C", "standard"), ("BD-D", "standard"),
                             ("BD-E", "average"), ("BD-F", "fifo")):
            vals = {"name": code, "default_code": code, "type": "product",
                    "standard_price": 4.0}
            if categories:
                vals["categ_id"] = categories[method].id
            cls.products[code] = env["product.product"].create(vals)
        quants = env["stock.quant"].sudo()
        for code, location, qty, in_date in (
                ("BD-A", cls.src, 10.0, "2026-01-05 10:00:00"),
                ("BD-A", cls.dst, 1.0, "2026-02-01 10:00:00"),
                ("BD-B", cls.src, 4.0, "2026-01-06 10:00:00"),
                ("BD-C", cls.src, 3.0, None),
                ("BD-D", cls.src, 5.0, "2026-01-07 10:00:00"),
                ("BD-E", cls.src, 1.0, "2026-01-08 10:00:00"),
                ("BD-F", cls.src, 1.0, "2026-01-09 10:00:00")):
            quants.create({"product_id": cls.products[code].id,
                           "location_id": location.id, "quantity": qty,
                           "in_date": in_date})
        # receipts from the vendor onto the quants above: the FIFO
        # candidates of the moves out
        for code, qty, price in (("BD-B", 1.0, 3.0), ("BD-B", 5.0, 5.0),
                                 ("BD-E", 2.0, 6.0), ("BD-F", 2.0, 7.0)):
            cls._receive(cls.products[code], qty, price)

    @classmethod
    def _receive(cls, product, qty, price):
        """A done receipt of ``qty`` at ``price`` into the source location
        (by core)."""
        move = cls.env["stock.move"].create({
            "name": "BD receipt", "product_id": product.id, "product_uom_qty": qty,
            "product_uom": product.uom_id.id, "price_unit": price,
            "location_id": cls.vendor.id, "location_dest_id": cls.src.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.qty_done = qty
        move._action_done()

    def _transfer(self, plan, assign=True):
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
        if not assign:
            return picking
        picking.action_assign()
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        return picking

    def _plan(self):
        return [("BD-A", 2.0, self.dst), ("BD-B", 4.0, self.scrap),
                ("BD-C", 3.0, self.vendor), ("BD-D", 2.0, self.dst),
                ("BD-B", 2.0, self.vendor), ("BD-E", 3.0, self.scrap),
                ("BD-F", 1.0, self.vendor)]

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
        # the receipts (made once, same ids in both runs): FIFO candidates
        candidates = []
        if valuation:
            cr.execute("""SELECT id, product_id, remaining_qty, remaining_value,
                                 value, price_unit
                            FROM stock_move WHERE product_id = ANY(%s)
                             AND picking_id IS NULL ORDER BY id""", [ids])
            candidates = cr.fetchall()
        prices = self.env["product.product"].browse(ids).read(["standard_price"])
        cr.execute("""SELECT product_id, cost FROM product_price_history
                       WHERE product_id = ANY(%s) ORDER BY id""", [ids])
        history = cr.fetchall()
        entries = []
        if "stock_move_id" in self.env["account.move"]._fields:
            cr.execute("""SELECT sm.product_id, sm.location_dest_id, l.account_id,
                                 l.debit, l.credit, l.quantity, l.ref
                            FROM account_move_line l
                            JOIN account_move am ON am.id = l.move_id
                            JOIN stock_move sm ON sm.id = am.stock_move_id
                           WHERE sm.picking_id = %s""", [picking.id])
            entries = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
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
                "picking": cr.fetchone()[0], "candidates": candidates,
                "prices": prices, "history": history, "entries": entries}

    def _rolled_back(self, prepare, validate):
        """``validate`` of the moves of the transfer ``prepare()`` makes, in
        a savepoint rolled back afterwards: the number of moves done and
        :meth:`_state` as it was before the rollback."""
        result = {}
        try:
            with self.env.cr.savepoint():
                picking = prepare()
                done = validate(picking.move_lines)
                result["done"] = len(done)
                self.env["stock.move"].invalidate_cache()
                result.update(self._state(picking))
                raise _Rollback()
        except _Rollback:
            pass
        self.env["stock.move"].invalidate_cache()
        return result

    def _run(self, validate):
        return self._rolled_back(lambda: self._transfer(self._plan()), validate)

    def test_same_as_core(self):
        core = self._run(lambda moves: moves._action_done())
        fast = self._run(bulk_done.action_done)
        self.assertEqual(core["done"], 7)
        self.assertEqual(core["picking"], "done")
        # the emptied quants are gone, the others moved
        left = [q[0] for q in core["quants"] if q[1] == self.src.id]
        self.assertNotIn("BD-C", left)
        self.assertNotIn("BD-E", left)
        self.assertIn(("BD-B", self.scrap.id, 4.0), [q[:3] for q in core["quants"]])
        self.assertIn(("BD-C", self.vendor.id, 3.0), [q[:3] for q in core["quants"]])
        if "value" in self.env["stock.move"]._fields:
            # the scrapped units are valued out at the standard price
            self.assertIn(("BD-B", self.scrap.id, "done", 4.0, -16.0),
                          [m[:5] for m in core["moves"]])
            # BD-B's receipts consumed: 1 @ 3 then 3 + 2 of the 5 @ 5
            bd_b = self.products["BD-B"].id
            self.assertEqual([r[2:4] for r in core["candidates"] if r[1] == bd_b],
                             [(0.0, 0.0), (0.0, 0.0)])
            # BD-C and BD-E went below zero: a negative remaining quantity
            negative = {m[0]: m[6] for m in core["moves"] if m[6] and m[6] < 0}
            self.assertEqual(negative, {"BD-C": -3.0, "BD-E": -1.0})
        for key in ("quants", "lines", "moves", "audit", "picking", "done",
                    "candidates", "prices", "history", "entries"):
            self.assertEqual(fast[key], core[key], key)
        if "ecom.stock.audit.log" in self.env:
            self.assertEqual(len(fast["audit"]), 7)

    def _run_assign(self, assign):
        result = {}
        try:
            with self.env.cr.savepoint():
                picking = self._transfer(self._plan(), assign=False)
                self.assertEqual(set(picking.move_lines.mapped("state")),
                                 {"confirmed"})
                assign(picking.move_lines)
                self.env["stock.move"].invalidate_cache()
                cr = self.env.cr
                code = {p.id: c for c, p in self.products.items()}
                cr.execute("""SELECT product_id, location_id, quantity,
                                     reserved_quantity FROM stock_quant
                               WHERE product_id = ANY(%s)""", [list(code)])
                result["quants"] = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
                cr.execute("""SELECT product_id, product_uom_id, location_id,
                                     location_dest_id, product_uom_qty, product_qty,
                                     ordered_qty, qty_done, lot_id, package_id,
                                     owner_id, result_package_id, state, create_uid
                                FROM stock_move_line WHERE picking_id = %s""",
                           [picking.id])
                result["lines"] = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
                cr.execute("""SELECT product_id, location_dest_id, state,
                                     product_qty
                                FROM stock_move WHERE picking_id = %s""", [picking.id])
                result["moves"] = sorted((code[r[0]],) + r[1:] for r in cr.fetchall())
                cr.execute("SELECT state FROM stock_picking WHERE id = %s",
                           [picking.id])
                result["picking"] = cr.fetchone()[0]
                raise _Rollback()
        except _Rollback:
            pass
        self.env["stock.move"].invalidate_cache()
        return result

    def test_assign_same_as_core(self):
        core = self._run_assign(lambda moves: moves._action_assign())
        fast = self._run_assign(bulk_done.action_assign)
        self.assertEqual(core["picking"], "assigned")
        self.assertEqual(len(core["lines"]), 7)
        # BD-B's two moves reserve 6 of its 10 units in the one quant
        self.assertIn(("BD-B", self.src.id, 10.0, 6.0), core["quants"])
        for key in ("quants", "lines", "moves", "picking"):
            self.assertEqual(fast[key], core[key], key)

    def test_assign_short_is_left_to_core(self):
        picking = self._transfer([("BD-C", 4.0, self.dst)], assign=False)
        with self.assertRaises(bulk.BulkUnsupported):
            with self.env.cr.savepoint():
                bulk_done.action_assign(picking.move_lines)
        self.assertEqual(picking.move_lines.state, "confirmed")
        self.assertFalse(picking.move_line_ids)

    def test_partial_move_is_left_to_core(self):
        picking = self._transfer([("BD-A", 2.0, self.dst)])
        picking.move_line_ids.qty_done = 1.0
        with self.assertRaises(bulk.BulkUnsupported):
            with self.env.cr.savepoint():
                bulk_done.action_done(picking.move_lines)
        self.assertEqual(picking.move_lines.state, "assigned")

    def _receipt(self, plan, dest=None):
        """A receipt into ``dest`` (the target location) of moves from the
        vendor (at a price) or from the customer (a return), reserved (no
        quant needed there) and done in full."""
        customers = self.env.ref("stock.stock_location_customers")
        in_type = self.env.ref("stock.warehouse0").in_type_id
        dest = dest or self.dst
        picking = self.env["stock.picking"].create({
            "picking_type_id": in_type.id, "location_id": self.vendor.id,
            "location_dest_id": dest.id, "move_type": "direct"})
        for code, qty, origin, price in plan:
            self.env["stock.move"].create({
                "name": code, "product_id": self.products[code].id,
                "product_uom_qty": qty, "product_uom": self.products[code].uom_id.id,
                "location_id": (customers if origin == "customer" else self.vendor).id,
                "location_dest_id": dest.id, "price_unit": price,
                "picking_type_id": in_type.id, "picking_id": picking.id})
        picking.action_confirm()
        picking.action_assign()
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        return picking

    def _run_receipt(self, validate):
        customers = self.env.ref("stock.stock_location_customers")

        def prepare():
            # delivered earlier: the customer's quant the return empties
            self.env["stock.quant"].sudo().create({
                "product_id": self.products["BD-C"].id,
                "location_id": customers.id, "quantity": 2.0,
                "in_date": "2026-01-10 10:00:00"})
            picking = self._receipt([
                ("BD-A", 3.0, "vendor", 2.0),     # no vendor quant yet
                ("BD-B", 2.0, "vendor", 6.0),     # the vendor's quant: -6
                ("BD-E", 2.0, "vendor", 9.0),     # average cost repriced
                ("BD-F", 1.0, "vendor", 8.0),     # FIFO: core's valuation
                ("BD-C", 2.0, "customer", 0.0),   # a return, quant emptied
                ("BD-D", 1.0, "customer", 0.0),   # a return, no quant there
                ("BD-A", 1.0, "vendor", 2.5)])    # the quant made above
            self.assertEqual(set(picking.move_lines.mapped("state")), {"assigned"})
            return picking
        return self._rolled_back(prepare, validate)

    def test_receipt_same_as_core(self):
        """Receipts from the vendor and returns from the customer: the same
        quants (taken down or created negative at the vendor and the
        customer, emptied ones deleted), valuation, prices and audit rows as
        core's validation."""
        core = self._run_receipt(lambda moves: moves._action_done())
        fast = self._run_receipt(bulk_done.action_done)
        self.assertEqual(core["done"], 7)
        self.assertEqual(core["picking"], "done")
        at = {(q[0], q[1]): q[2] for q in core["quants"]}
        customers = self.env.ref("stock.stock_location_customers")
        self.assertEqual(at[("BD-A", self.vendor.id)], -4.0)
        self.assertEqual(at[("BD-B", self.vendor.id)], -8.0)
        self.assertEqual(at[("BD-D", customers.id)], -1.0)
        self.assertNotIn(("BD-C", customers.id), at)
        self.assertEqual(at[("BD-A", self.dst.id)], 5.0)
        if "value" in self.env["stock.move"]._fields:
            # standard cost: valued at the standard price, not the vendor's
            self.assertIn(("BD-A", self.dst.id, "done", 3.0, 12.0),
                          [m[:5] for m in core["moves"]])
            # average cost: 2 on hand... the price moved off 4.0
            price = {r["id"]: r["standard_price"] for r in core["prices"]}
            self.assertNotEqual(price[self.products["BD-E"].id], 4.0)
        for key in ("quants", "lines", "moves", "audit", "picking", "done",
                    "candidates", "prices", "history", "entries"):
            self.assertEqual(fast[key], core[key], key)
        if "ecom.stock.audit.log" in self.env:
            self.assertEqual(len(fast["audit"]), 7)

    def test_receipt_not_into_stock_is_left_to_core(self):
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._receipt([("BD-A", 2.0, "vendor", 2.0)], dest=customers)
        with self.assertRaises(bulk.BulkUnsupported):
            with self.env.cr.savepoint():
                bulk_done.action_done(picking.move_lines)
        self.assertEqual(picking.move_lines.state, "assigned")
