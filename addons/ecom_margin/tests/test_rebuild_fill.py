"""The rebuild's set-based fill: the same cost rows and margin lines as the
move-by-move and order-by-order path wrote, the schema back as it was (even
after an interrupted run), free text through COPY unchanged."""
from unittest.mock import patch

from odoo.addons.ecom_base.tools import bulk_fill

from .common import MarginCase

MARGIN_COLUMNS = ("sale_line_id", "order_id", "order_ref", "channel_id",
                  "warehouse_id", "product_id", "categ_id", "company_id", "date",
                  "qty", "unit_cost", "revenue", "cost", "fee", "shipping",
                  "packaging", "return_cost", "margin", "margin_percent", "state")
COST_COLUMNS = ("warehouse_id", "product_id", "date", "move_id", "landed_cost_id",
                "kind", "qty", "unit_cost", "qty_after", "avg_cost", "unabsorbed",
                "is_last", "company_id")


class TestRebuildFill(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mug = cls._create_product("FillMug")
        cls.tea = cls._create_product("FillTea", categ=cls.sub_categ)
        # mug 10 @ 5.00 then 10 @ 8.00 in WH1 (6.50), 6 @ 7.00 in WH2
        cls._receive(cls.wh1, cls.mug, 10, 5.0)
        cls._receive(cls.wh1, cls.mug, 10, 8.0)
        cls._receive(cls.wh2, cls.mug, 6, 7.0)
        cls._receive(cls.wh1, cls.tea, 30, 2.5)
        fee = cls.env["ecom.channel.fee.rule"]
        fee.create({"channel_id": cls.channel.id, "name": "Commission",
                    "kind": "percent", "value": 4.0})
        fee.create({"channel_id": cls.channel.id, "name": "Per order",
                    "kind": "fixed_order", "value": 1.5})
        fee.create({"channel_id": cls.channel2.id, "name": "Tea per unit",
                    "kind": "fixed_unit", "value": 0.3, "categ_id": cls.categ.id})
        cls.channel.write({"packaging_cost_order": 0.7, "packaging_cost_unit": 0.2})
        # shipped, estimated and partly different orders on both warehouses
        cls.orders = cls._order(cls.channel, [(cls.mug, 3, 19.99), (cls.tea, 2, 7.0)])
        cls._ship(cls.orders)
        cls.orders |= cls._order(cls.channel2, [(cls.mug, 1, 25.0),
                                                (cls.tea, 4, 6.5)])
        cls._ship(cls.orders[-1:])
        cls.orders |= cls._order(cls.channel, [(cls.mug, 2, 18.0)])
        cls.products = cls.mug | cls.tea

    def _margins(self):
        self.env.cr.execute(
            "SELECT %s FROM ecom_margin_line WHERE order_id = ANY(%%s) "
            "ORDER BY sale_line_id" % ", ".join(MARGIN_COLUMNS), (self.orders.ids,))
        return self.env.cr.fetchall()

    def _costs(self):
        self.env.cr.execute(
            "SELECT %s FROM ecom_warehouse_cost WHERE product_id = ANY(%%s) "
            "ORDER BY date, id" % ", ".join(COST_COLUMNS), (self.products.ids,))
        return self.env.cr.fetchall()

    def _schema(self):
        cr = self.env.cr
        cr.execute("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
              FROM pg_constraint
             WHERE conrelid IN ('ecom_margin_line'::regclass,
                                'ecom_warehouse_cost'::regclass)
          ORDER BY 1, 2""")
        constraints = cr.fetchall()
        cr.execute("""
            SELECT tablename, indexname, indexdef FROM pg_indexes
             WHERE tablename IN ('ecom_margin_line', 'ecom_warehouse_cost')
          ORDER BY 1, 2""")
        return constraints, cr.fetchall()

    def test_rebuild_writes_what_the_incremental_path_wrote(self):
        margins, costs, schema = self._margins(), self._costs(), self._schema()
        # the per-record path wrote shipped and estimated lines on both warehouses
        self.assertEqual(len(margins), 5)
        self.assertEqual({row[-1] for row in margins}, {"shipped", "estimated"})
        self.assertEqual({row[4] for row in margins}, {self.wh1.id, self.wh2.id})
        run = self.env["ecom.cost.rebuild"].create({})
        run._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(self._margins(), margins)
        self.assertEqual(self._costs(), costs)
        self.assertEqual(self._schema(), schema)

    def test_interrupted_rebuild_resumes_and_restores_the_schema(self):
        margins, schema = self._margins(), self._schema()
        line_model = self.env["ecom.margin.line"]
        # a run stopped in its margin phase: the margin lines without their
        # foreign keys and lookup indexes
        run = self.env["ecom.cost.rebuild"].create({})
        run._run()
        bulk_fill.drop_for_fill(line_model, keep_indexes=("order_id",))
        self.assertNotEqual(self._schema(), schema)
        run.write({"state": "margins", "last_order_id": 0, "orders_done": 0})
        run._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(self._schema(), schema)
        self.assertEqual(self._margins(), margins)

    def test_order_reference_with_copy_special_characters(self):
        order = self._order(self.channel, [(self.mug, 1, 30.0)], confirm=False)
        order.name = "FILL\tA\\B\nC"
        order.action_confirm()
        line = self._margin_of(order)
        self.assertEqual(line.order_ref, "FILL\tA\\B\nC")
        self.assertEqual(bulk_fill.copy_text(None), bulk_fill.NULL)

    def test_expected_return_cost_only_for_returned_pairs(self):
        if "ecom.rma" not in self.env:
            self.skipTest("ecom_rma is not installed")
        self.channel.return_handling_cost = 4.0
        sold = self.orders[:1]       # mug 3 + tea 2 on channel 1 (shipped)
        # 1 mug of the 5 sold on channel 1 (3 + 2) came back: rate 1/5
        rma = self.env["ecom.rma"].create({
            "sale_order_id": sold.id, "warehouse_id": self.wh1.id,
            "line_ids": [(0, 0, {"product_id": self.mug.id, "qty_requested": 1,
                                 "qty_received": 1})]})
        self.assertEqual(rma.channel_id, self.channel)
        rates = self.margin_model._return_rates(
            {self.channel.id, self.channel2.id}, {self.mug.id, self.tea.id})
        self.assertEqual(set(rates), {(self.channel.id, self.mug.id)})
        self.assertAlmostEqual(rates[(self.channel.id, self.mug.id)], 0.2)
        self.margin_model._refresh_orders(self.orders.ids)
        lines = {(ml.order_id, ml.product_id): ml for ml in self.margin_model.search(
            [("order_id", "in", self.orders.ids)])}
        # 3 units x 1/5 x 4.00, 2 units x 1/5 x 4.00; tea and the other
        # channel: none
        self.assertAlmostEqual(lines[(sold, self.mug)].return_cost, 2.4)
        self.assertAlmostEqual(lines[(self.orders[2], self.mug)].return_cost, 1.6)
        self.assertAlmostEqual(lines[(sold, self.tea)].return_cost, 0.0)
        self.assertAlmostEqual(lines[(self.orders[1], self.mug)].return_cost, 0.0)

    def test_delivery_during_the_margin_phase(self):
        pending = self.orders[2]
        self.assertEqual(self._margin_of(pending).state, "estimated")
        line_class = type(self.margin_model)
        prepare = line_class._prepare_rebuild_tables

        def prepare_then_deliver(model):
            # the scratch table is filled, then a delivery is validated while
            # the batches run (its own refresh writes the shipped cost)
            result = prepare(model)
            self._ship(pending)
            return result

        with patch.object(line_class, "_prepare_rebuild_tables",
                          prepare_then_deliver):
            run = self.env["ecom.cost.rebuild"].create({})
            run._run()
        line = self._margin_of(pending)
        line.invalidate_cache()
        # not left at the estimate the scratch table held
        self.assertEqual(line.state, "shipped")
        self.assertAlmostEqual(line.cost, 2 * 6.5)
