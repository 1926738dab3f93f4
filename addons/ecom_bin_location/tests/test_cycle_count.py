"""ABC classes, zone-limited cycle counts and the discrepancy report."""
from odoo.exceptions import AccessError

from .common import BinCase


class TestCycleCount(BinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zone = cls._generate("C", bins=3).zone_id
        cls.bins = cls._bins(cls.zone)
        cls.other_bins = cls._bins(cls._generate("E", bins=1).zone_id)
        # moved value in the period: p_a 800, p_b 150, p_c 50, p_idle 0
        cls.p_a = cls._create_product("ABC_A", price=10.0)
        cls.p_b = cls._create_product("ABC_B", price=5.0)
        cls.p_c = cls._create_product("ABC_C", price=1.0)
        cls.p_idle = cls._create_product("ABC_IDLE", price=100.0)
        cls.all = cls.p_a | cls.p_b | cls.p_c | cls.p_idle
        for product, location, qty in [(cls.p_a, cls.bins[0], 100),
                                       (cls.p_b, cls.bins[1], 100),
                                       (cls.p_c, cls.bins[2], 100),
                                       (cls.p_idle, cls.bins[2], 4),
                                       (cls.p_a, cls.other_bins, 7)]:
            cls._put_stock(product, location, qty)

    def _sell(self, product, qty):
        picking = self._deliver([(product, qty)])
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        picking.action_done()

    def test_abc_classes_by_moved_value(self):
        self._sell(self.p_a, 80)
        self._sell(self.p_b, 30)
        self._sell(self.p_c, 50)
        # Only products of the test: other storable products did not move.
        policy = self.env.ref("ecom_bin_location.abc_policy_main")
        policy.sudo(self.manager).write({"a_share": 0.7, "b_share": 0.9})
        policy.sudo(self.manager).action_classify()
        self.assertEqual(
            [p.ecom_abc_class for p in (self.p_a, self.p_b, self.p_c, self.p_idle)],
            ["a", "b", "c", "c"])
        with self.assertRaises(AccessError):
            policy.sudo(self.operator).write({"a_share": 0.5})

    def test_zone_limited_count_and_discrepancies(self):
        self.all.write({"ecom_abc_class": "c"})
        (self.p_a | self.p_b).write({"ecom_abc_class": "a"})
        plan = self.manager_env["ecom.bin.count.plan"].create({
            "zone_id": self.zone.id})
        self.assertEqual(plan.due_classes, "A, B, C")
        action = plan.sudo(self.operator).action_count_class("a")
        inventory = self.env["stock.inventory"].search(action["domain"])
        self.assertEqual(inventory.location_id, self.zone)
        self.assertEqual(inventory.state, "confirm")
        lines = inventory.line_ids
        # only class A products, only in the zone's bins (not the 7 in zone E)
        self.assertEqual(set(lines.mapped("product_id")), {self.p_a, self.p_b})
        self.assertTrue(all(line.location_id in self.bins for line in lines))
        self.assertEqual(sum(lines.mapped("theoretical_qty")), 200)
        # counted: p_a 97 (3 short), p_b 101 (1 over)
        lines.filtered(lambda line: line.product_id == self.p_a).product_qty = 97
        lines.filtered(lambda line: line.product_id == self.p_b).product_qty = 101
        inventory.sudo(self.manager).action_done()
        self.assertEqual(inventory.ecom_discrepancy_count, 2)
        # -3 x 10 + 1 x 5
        self.assertAlmostEqual(inventory.ecom_discrepancy_value, -25.0)
        line_a = lines.filtered(lambda line: line.product_id == self.p_a)
        self.assertEqual((line_a.ecom_book_qty, line_a.ecom_counted_qty,
                          line_a.ecom_difference_qty), (100, 97, -3))
        self.assertTrue(plan.last_a_date)
        self.assertEqual(plan.due_classes, "B, C")
        report = self.env.ref("ecom_bin_location.discrepancy_report").sudo(
            self.operator)
        html = report.render_qweb_html(inventory.ids)[0].decode()
        self.assertIn(self.bins[0].ecom_code, html)
        self.assertIn("-25.00", html)

    def test_due_counts_skip_busy_classes(self):
        plan = self.manager_env["ecom.bin.count.plan"].create({
            "zone_id": self.zone.id, "b_interval_days": 0, "c_interval_days": 0})
        first = plan.action_create_due_counts()
        self.assertEqual(len(self.env["stock.inventory"].search(first["domain"])), 1)
        again = plan.action_create_due_counts()
        self.assertFalse(self.env["stock.inventory"].search(again["domain"]))
