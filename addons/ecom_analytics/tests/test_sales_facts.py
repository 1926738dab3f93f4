"""Daily sales facts: the set-based rebuild and the incremental refresh give
what a direct recount of the order lines gives."""
from odoo.exceptions import AccessError

from .common import AnalyticsCase


class TestSalesFacts(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A has stock, B has none (its sales days end out of stock)
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.stock, 500)
        # day -3: Tmall A 2 + 3 (two orders), B 1; JD A 4
        cls._order(cls.channel, [(cls.product_a, 2, 10.0), (cls.product_b, 1, 7.5)],
                   cls._day(-3))
        cls._order(cls.channel, [(cls.product_a, 3, 9.0)], cls._day(-3))
        cls._order(cls.channel_jd, [(cls.product_a, 4, 11.0)], cls._day(-3))
        # day -2: Tmall B 5; a quotation never confirmed, an order cancelled
        cls._order(cls.channel, [(cls.product_b, 5, 8.0)], cls._day(-2))
        cls._order(cls.channel, [(cls.product_a, 50, 1.0)], cls._day(-2),
                   confirm=False)
        cls.cancelled = cls._order(cls.channel, [(cls.product_a, 70, 1.0)],
                                   cls._day(-2))
        cls.cancelled.action_cancel()
        cls.facts = cls.env["ecom.sales.daily"]

    def _schema(self):
        """Foreign keys and indexes of the facts table."""
        self.env.cr.execute("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = 'ecom_sales_daily'::regclass
            UNION ALL
            SELECT indexname, indexdef FROM pg_indexes
             WHERE tablename = 'ecom_sales_daily'""")
        return sorted(self.env.cr.fetchall())

    def test_rebuild_equals_recount(self):
        schema = self._schema()
        run = self.env["ecom.sales.rebuild"].create({})
        run._run(batch_days=1)
        # the keys and indexes dropped while filling are back, as they were
        self.assertEqual(self._schema(), schema)
        self.assertEqual(self._facts(), self._recount())
        self.assertEqual(len(self._facts()), 4)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertEqual(run.days_done, run.days_total)
        row = self.facts.search([("channel_id", "=", self.channel.id),
                                 ("product_id", "=", self.product_a.id)])
        self.assertEqual((row.units, row.revenue), (5.0, 47.0))
        self.assertEqual(row.categ_id, self.categ)
        self.assertEqual(row.warehouse_id, self.warehouse)
        if "ecom.margin.line" in self.env:
            # with ecom_margin: the facts' margin is its lines' margin
            self.env.cr.execute("""
                SELECT COALESCE(SUM(ml.margin), 0) FROM ecom_margin_line ml
                  JOIN sale_order so ON so.id = ml.order_id
                 WHERE so.state IN ('sale', 'done')
                   AND so.ecom_channel_id = ANY(%s)""",
                                ([self.channel.id, self.channel_jd.id],))
            expected = self.env.cr.fetchone()[0]
            got = sum(self.facts.search([("channel_id", "in", (
                self.channel | self.channel_jd).ids)]).mapped("margin"))
            self.assertAlmostEqual(got, expected, places=2)

    def test_xlsx_export_as_planner(self):
        import io
        import zipfile
        self.env["ecom.sales.rebuild"].create({})._run()
        rows = self.facts.sudo(self.planner).search(
            [("channel_id", "=", self.channel.id)])
        report = self.env.ref("ecom_analytics.ecom_sales_daily_xlsx")
        content, kind = report.sudo(self.planner).render_xlsx(rows.ids, {})
        self.assertEqual(kind, "xlsx")
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            text = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("Analytics A", text)
        self.assertNotIn("Canary", text)

    def test_incremental_refresh(self):
        self.env["ecom.sales.rebuild"].create({})._run()
        untouched = self.facts.search([("channel_id", "=", self.channel_jd.id)])
        # the fixtures were written before the rebuild (one transaction here)
        tables = ["sale_order", "sale_order_line"]
        if "ecom.margin.line" in self.env:
            tables.append("ecom_margin_line")
        for table in tables:
            self.env.cr.execute(  # pylint: disable=sql-injection
                "UPDATE %s SET write_date = write_date - interval '1 day'" % table)
        # a new Tmall order of A on day -3, an order of B cancelled on day -2
        self._order(self.channel, [(self.product_a, 1, 10.0)], self._day(-3))
        order_b = self.env["sale.order"].search([
            ("ecom_channel_id", "=", self.channel.id), ("state", "=", "sale"),
            ("order_line.product_id", "=", self.product_b.id),
            ("order_line.product_uom_qty", "=", 5)])
        order_b.action_cancel()
        self.facts._refresh_incremental()
        self.assertEqual(self._facts(), self._recount())
        self.assertFalse(self.facts.search([
            ("channel_id", "=", self.channel.id), ("date", "=", self._day(-2))]))
        # JD's key was not touched: its row is the same row
        self.assertTrue(untouched.exists())

    def test_stockout_and_promotion_flags(self):
        promo = self.env["ecom.promotion"].create({
            "name": "Flag test", "date_from": self._day(-3),
            "date_to": self._day(-3), "uplift_percent": 30,
            "categ_ids": [(6, 0, [self.categ.id])]})
        self.env["ecom.sales.rebuild"].create({})._run()
        rows = self.facts.search([("channel_id", "=", self.channel.id)])
        by_key = {(r.date, r.product_id): r for r in rows}
        day3, day2 = str(self._day(-3)), str(self._day(-2))
        self.assertEqual(by_key[(day3, self.product_a)].promotion_id, promo)
        self.assertFalse(by_key[(day2, self.product_b)].promotion_id)
        self.assertFalse(by_key[(day3, self.product_a)].stockout)
        self.assertTrue(by_key[(day2, self.product_b)].stockout)

    def test_roles(self):
        self.env["ecom.sales.rebuild"].create({})._run()
        planner_rows = self.facts.sudo(self.planner).search(
            [("channel_id", "=", self.channel.id)])
        self.assertEqual(len(planner_rows), 3)
        with self.assertRaises(AccessError):
            self.facts.sudo(self.operator).search([])
        with self.assertRaises(AccessError):
            self.facts.sudo(self.agent).search([])
