"""Replenishment run: RFQ grouping and merging, MOQ, price breaks, vendor
choice and equivalence with Odoo's scheduler on fixed rules; as a planner."""

from .common import ReorderCase


class TestReplenishment(ReorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # p1, p2 from vendor A; p3 from vendor B; all fixed min 5 / max 20
        cls.p1 = cls._create_product("P1", [(cls.vendor_a, 4.0, 0, 5)], qty=2)
        cls.p2 = cls._create_product("P2", [(cls.vendor_a, 6.0, 0, 5)])
        cls.p3 = cls._create_product("P3", [(cls.vendor_b, 9.0, 0, 3)], qty=30)
        cls.r1 = cls._rule(cls.p1, 5, 20)
        cls.r2 = cls._rule(cls.p2, 5, 20, qty_multiple=12)
        cls.r3 = cls._rule(cls.p3, 5, 20)

    def _run(self):
        run = self.env["ecom.replenishment.run"].sudo(self.planner).create(
            {"warehouse_ids": [(6, 0, self.warehouse.ids)]})
        return run._run()

    def _lines(self, product):
        return self.env["purchase.order.line"].search(
            [("product_id", "=", product.id), ("state", "=", "draft")])

    def test_groups_per_vendor_and_warehouse(self):
        summary = self._run()
        self.assertEqual(summary["rules_checked"], 3)
        self.assertEqual(summary["rfq_created"], 1)  # p3 has 30: nothing to order
        self.assertEqual(summary["lines"], 2)
        self.assertGreater(summary["seconds"], 0)
        order = self._lines(self.p1).order_id
        self.assertEqual(order, self._lines(self.p2).order_id)
        self.assertEqual(order.partner_id, self.vendor_a)
        self.assertEqual(order.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(self._lines(self.p1).product_qty, 18)   # 20 - 2
        self.assertEqual(self._lines(self.p2).product_qty, 24)   # 20 -> 24 (x12)
        self.assertEqual(self._lines(self.p1).price_unit, 4.0)
        self.assertIn("score", self._lines(self.p1).ecom_vendor_reason)
        self.assertEqual(self._lines(self.p1).orderpoint_id, self.r1)
        self.assertFalse(self._lines(self.p3))

    def test_second_run_orders_nothing_more(self):
        self._run()
        summary = self._run()
        # draft RFQ lines of the rules count as in progress, as in Odoo
        self.assertEqual(summary["lines"], 0)
        self.assertEqual(self._lines(self.p1).product_qty, 18)

    def test_merges_into_existing_draft_rfq(self):
        draft = self.env["purchase.order"].create({
            "partner_id": self.vendor_a.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "order_line": [(0, 0, {
                "product_id": self.p1.id, "name": "P1", "product_qty": 3,
                "product_uom": self.p1.uom_po_id.id, "price_unit": 4.0,
                "date_planned": "2030-01-01 00:00:00"})],
        })
        summary = self._run()
        self.assertEqual((summary["rfq_created"], summary["rfq_updated"]), (0, 1))
        self.assertEqual(len(draft.order_line), 2)
        # the hand-typed line (no rule) is completed: 3 + 18
        self.assertEqual(draft.order_line.filtered(
            lambda l: l.product_id == self.p1).product_qty, 21)
        self.assertIn("REPL/", draft.origin)
        # the new line (p2) was inserted: the order's totals and date follow
        draft.invalidate_cache()
        lines = draft.order_line
        self.assertEqual(draft.amount_untaxed, draft.currency_id.round(
            sum(lines.mapped("price_subtotal"))))
        self.assertEqual(draft.amount_tax, draft.currency_id.round(
            sum(lines.mapped("price_tax"))))
        self.assertAlmostEqual(draft.amount_total,
                               draft.amount_untaxed + draft.amount_tax)
        self.assertEqual(draft.date_planned, min(lines.mapped("date_planned")))
        self.assertGreater(draft.amount_untaxed, 3 * 4.0 + 18 * 4.0)

    def test_demand_rule_raised_to_vendor_minimum_and_price_break(self):
        product = self._create_product("Bulk", [
            (self.vendor_a, 10.0, 50, 5), (self.vendor_a, 8.0, 100, 5)])
        self._rule(product, 5, 20, reorder_policy="demand")
        self._run()
        line = self._lines(product)
        self.assertEqual(line.product_qty, 50)
        self.assertEqual(line.price_unit, 10.0)
        self.assertIn("vendor minimum 50", line.ecom_vendor_reason)
        # a rule needing 120 gets the 100+ price
        product2 = self._create_product("Bulk2", [
            (self.vendor_a, 10.0, 0, 5), (self.vendor_a, 8.0, 100, 5)])
        self._rule(product2, 5, 120)
        self._run()
        self.assertEqual(self._lines(product2).price_unit, 8.0)

    def test_vendor_choice_prefers_reliable_vendor(self):
        product = self._create_product("Choice", [
            (self.vendor_b, 9.5, 0, 5), (self.vendor_a, 10.0, 0, 5)])
        self._rule(product, 5, 10)
        # vendor B delivered late twice; vendor A on time
        history = {self.vendor_b: "2000-01-01 00:00:00",
                   self.vendor_a: "2100-01-01 00:00:00"}
        for vendor, promised in history.items():
            order = self.env["purchase.order"].create({
                "partner_id": vendor.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [(0, 0, {
                    "product_id": self.p3.id, "name": "x", "product_qty": 1,
                    "product_uom": self.p3.uom_po_id.id, "price_unit": 1,
                    "date_planned": promised})]})
            order.button_confirm()
            picking = order.picking_ids
            picking.move_lines.write({"quantity_done": 1})
            picking.action_done()
        self._run()
        line = self._lines(product)
        self.assertEqual(line.order_id.partner_id, self.vendor_a)
        self.assertIn("on time 100%", line.ecom_vendor_reason)

    def test_no_vendor_is_counted_not_fatal(self):
        self._rule(self._create_product("Orphan"), 5, 10)
        summary = self._run()
        self.assertEqual(summary["skipped_no_vendor"], 1)
        self.assertEqual(summary["lines"], 2)

    def test_paused_rules_are_skipped(self):
        self.r1.reorder_paused = True
        summary = self._run()
        self.assertEqual(summary["rules_checked"], 2)
        self.assertFalse(self._lines(self.p1))

    def test_same_quantities_as_native_scheduler(self):
        """Fixed rules: identical quantities to procurement.group's run."""
        # more shapes: backorders, incoming receipts, max below min, multiples
        extra = [(-4, 3, 10, 1), (0, 0, 0, 1), (7, 10, 4, 1), (1, 2, 11, 5)]
        for index, (stock, mn, mx, multiple) in enumerate(extra):
            product = self._create_product(
                "Eq %s" % index, [(self.vendor_b, 3.0, 0, 2)],
                qty=max(stock, 0))
            if stock < 0:
                self._move(product, self.stock, self.customers, -stock, self.today,
                           done=False)
            self._rule(product, mn, mx, qty_multiple=multiple)
        self._move(self.p2, self.suppliers, self.stock, 4, self.today, done=False)
        rules = self.env["stock.warehouse.orderpoint"].search(
            [("warehouse_id", "=", self.warehouse.id)])

        def ordered():
            lines = self.env["purchase.order.line"].search(
                [("orderpoint_id", "in", rules.ids), ("state", "=", "draft")])
            result = {}
            for line in lines:
                result[line.orderpoint_id.id] = result.get(
                    line.orderpoint_id.id, 0) + line.product_qty
            return result

        self.env["procurement.group"].with_context(
            tracking_disable=True)._procure_orderpoint_confirm(
            company_id=self.env.user.company_id.id)
        native = ordered()
        self.assertTrue(native)
        # cancelled RFQs no longer count as in progress: same starting point
        self.env["purchase.order.line"].search(
            [("orderpoint_id", "in", rules.ids)]).mapped("order_id").button_cancel()
        self.assertFalse(ordered())
        self._run()
        self.assertEqual(ordered(), native)


LINE_FIELDS = ["product_id", "name", "product_qty", "product_uom", "price_unit",
               "taxes_id", "price_subtotal", "price_total", "price_tax",
               "date_planned", "company_id", "state", "partner_id", "currency_id",
               "qty_invoiced", "qty_received", "orderpoint_id"]
ORDER_FIELDS = ["amount_untaxed", "amount_tax", "amount_total", "date_planned",
                "currency_id", "fiscal_position_id", "payment_term_id", "state",
                "invoice_status", "invoice_count", "picking_count"]


class TestReplenishmentLinesAsOrm(ReorderCase):
    """The run inserts RFQ lines in SQL: they must hold what the ORM stores
    for the same line typed in an RFQ (product onchange, quantity onchange,
    create): description, unit, price, taxes, amounts, related columns, and
    the order's totals and date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        cls.tax = Tax.create({"name": "Purchase 15%", "amount": 15.0,
                              "amount_type": "percent", "type_tax_use": "purchase"})
        cls.tax_incl = Tax.create({
            "name": "Purchase 10% incl.", "amount": 10.0, "amount_type": "percent",
            "type_tax_use": "purchase", "price_include": True})
        fpos = cls.env["account.fiscal.position"].create({
            "name": "Import", "tax_ids": [(0, 0, {
                "tax_src_id": cls.tax_incl.id, "tax_dest_id": cls.tax.id})]})
        cls.vendor = cls.env["res.partner"].create({
            "name": "Vendor C", "supplier": True,
            "property_account_position_id": fpos.id})
        buy = cls.env.ref("purchase.route_warehouse0_buy")
        dozen = cls.env.ref("product.product_uom_dozen")

        def product(name, sellers, **values):
            vals = {"name": name, "type": "product",
                    "route_ids": [(6, 0, buy.ids)],
                    "supplier_taxes_id": [(6, 0, [])],
                    "seller_ids": [(0, 0, dict(seller, name=cls.vendor.id))
                                   for seller in sellers]}
            vals.update(values)
            record = cls.env["product.product"].create(vals)
            cls._rule(record, 5, 33)
            return record

        cls.products = [
            product("Taxed", [{"price": 7.33, "delay": 4}],
                    supplier_taxes_id=[(6, 0, cls.tax.ids)],
                    description_purchase="Blue, 10 cm", default_code="TX-1"),
            # price includes a tax the vendor's fiscal position maps away
            product("Included", [{"price": 11.0, "delay": 2}],
                    supplier_taxes_id=[(6, 0, cls.tax_incl.ids)]),
            # the vendor's own code and name
            product("Coded", [{"price": 3.0, "product_code": "VC-9",
                               "product_name": "Vendor's widget"}],
                    default_code="OWN-1"),
            # bought by the dozen, stocked by the unit
            product("Dozen", [{"price": 30.0, "delay": 6}], uom_po_id=dozen.id),
            # price break reached by the quantity
            product("Break", [{"price": 5.0}, {"price": 4.5, "min_qty": 30}]),
        ]

    def _orm_twin(self, order):
        """The same RFQ typed through the ORM (as the planner)."""
        Purchase = self.env["purchase.order"].sudo(self.planner)
        Line = self.env["purchase.order.line"].sudo(self.planner)
        header = Purchase.new({"partner_id": order.partner_id.id,
                               "picking_type_id": order.picking_type_id.id})
        header.onchange_partner_id()
        twin = Purchase.create({
            "partner_id": order.partner_id.id,
            "picking_type_id": order.picking_type_id.id,
            "fiscal_position_id": header.fiscal_position_id.id,
            "payment_term_id": header.payment_term_id.id,
            "currency_id": header.currency_id.id,
        })
        for line in order.order_line:
            # the vendor as the RFQ form sends it (and as the scheduler's
            # _prepare_purchase_order_line names the product)
            new = Line.new({"order_id": twin.id, "product_id": line.product_id.id,
                            "partner_id": twin.partner_id.id})
            new.onchange_product_id()
            new.product_qty = line.product_qty
            new._onchange_quantity()
            Line.create({
                "order_id": twin.id, "product_id": line.product_id.id,
                "name": new.name, "product_qty": new.product_qty,
                "product_uom": new.product_uom.id, "price_unit": new.price_unit,
                "taxes_id": [(6, 0, new.taxes_id.ids)],
                # ours adds the rule's lead days; the rest must not differ
                "date_planned": line.date_planned,
                "orderpoint_id": line.orderpoint_id.id,
            })
        return twin

    def _assert_same_as_orm(self):
        run = self.env["ecom.replenishment.run"].sudo(self.planner).create(
            {"warehouse_ids": [(6, 0, self.warehouse.ids)]})
        summary = run._run()
        self.assertEqual(summary["lines"], len(self.products))
        order = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id), ("state", "=", "draft")])
        self.assertEqual(len(order), 1)
        twin = self._orm_twin(order)
        (order | twin).invalidate_cache()
        (order.order_line | twin.order_line).invalidate_cache()

        def by_product(rfq):
            rows = rfq.order_line.read(LINE_FIELDS)
            for row in rows:
                del row["id"]
            return {row["product_id"][0]: row for row in rows}

        ours, theirs = by_product(order), by_product(twin)
        self.assertEqual(set(ours), {p.id for p in self.products})
        for product_id, row in ours.items():
            self.assertEqual(row, theirs[product_id])
        ours_order, twin_order = order.read(ORDER_FIELDS) + twin.read(ORDER_FIELDS)
        del ours_order["id"], twin_order["id"]
        self.assertEqual(ours_order, twin_order)
        # what the cases are about
        lines = {p.name: order.order_line.filtered(lambda l, p=p: l.product_id == p)
                 for p in self.products}
        self.assertEqual(lines["Taxed"].name, "[TX-1] Taxed\nBlue, 10 cm")
        self.assertEqual(lines["Taxed"].price_tax, round(7.33 * 33 * 0.15, 2))
        self.assertEqual(lines["Included"].price_unit, 10.0)
        self.assertEqual(lines["Included"].taxes_id, self.tax)
        self.assertEqual(lines["Coded"].name, "[VC-9] Vendor's widget")
        self.assertEqual(lines["Dozen"].product_qty, 2.75)
        self.assertEqual(lines["Break"].price_unit, 4.5)
        self.assertTrue(order.fiscal_position_id)
        self.assertGreater(order.amount_total, order.amount_untaxed)

    def test_inserted_lines_equal_orm_lines(self):
        self._assert_same_as_orm()
