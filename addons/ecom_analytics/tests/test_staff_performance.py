"""Staff performance from scripted picking sessions, and who sees what:
each operator their own figures, the manager the team's, nobody any
customer data."""
import datetime

from odoo import fields
from odoo.exceptions import AccessError

from .common import AnalyticsCase

CANARIES = ("Analytics Canary Customer", "canary@analytics.test", "1111")


class TestStaffPerformance(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a team of these two operators: the steps the demo business recorded
        # (ecom_demo_cn validates its pickings today) are left out
        cls.env["ecom.staff.step"].search([]).unlink()
        cls.bin2 = cls.env["stock.location"].create({
            "name": "Bin 2", "location_id": cls.stock.id, "usage": "internal"})
        cls.product_a.ecom_abc_class = "a"
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product_a, cls.stock, 100)
        Quant._update_available_quantity(cls.product_b, cls.stock, 100)
        Quant._update_available_quantity(cls.product_b, cls.bin2, 100)
        # operator 1: 2 lines (A 3, B 2) from WH/Stock in 10 minutes
        cls.picking1 = cls._picking(cls.stock, [(cls.product_a, 3),
                                                (cls.product_b, 2)])
        cls._work(cls.picking1, cls.operator, minutes=10)
        # operator 2: 1 line (B 4) from Bin 2 in 20 minutes
        cls.picking2 = cls._picking(cls.bin2, [(cls.product_b, 4)])
        cls._work(cls.picking2, cls.operator2, minutes=20)
        # a cycle count finds A short in WH/Stock, where operator 1 picked last
        inventory = cls.env["stock.inventory"].create({
            "name": "Count A", "location_id": cls.stock.id, "filter": "product",
            "product_id": cls.product_a.id})
        inventory.action_start()
        inventory.line_ids.write({"product_qty": 96})
        inventory.action_done()
        cls.env["ecom.staff.kpi"]._refresh(cls._day(-1), cls._day(1))

    @classmethod
    def _picking(cls, location, lines):
        picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.warehouse.out_type_id.id,
            "location_id": location.id, "location_dest_id": cls.customers.id,
            "partner_id": cls.customer.id,
            "move_lines": [(0, 0, {
                "name": product.name, "product_id": product.id,
                "product_uom": product.uom_id.id, "product_uom_qty": qty,
                "location_id": location.id,
                "location_dest_id": cls.customers.id}) for product, qty in lines]})
        picking.action_confirm()
        picking.action_assign()
        return picking

    @classmethod
    def _work(cls, picking, user, minutes):
        """``user`` presses Start, works ``minutes``, validates."""
        as_user = picking.sudo(user)
        as_user.action_ecom_start_step()
        started = datetime.datetime.now() - datetime.timedelta(minutes=minutes)
        cls.env.cr.execute(
            "UPDATE stock_picking SET ecom_step_started_at = %s WHERE id = %s",
            (fields.Datetime.to_string(started), picking.id))
        picking.invalidate_cache()
        for line in as_user.move_line_ids:
            line.qty_done = line.product_uom_qty
        as_user.button_validate()

    def _steps(self, user=None):
        Step = self.env["ecom.staff.step"]
        if user:
            Step = Step.sudo(user)
        return Step.search([("picking_id", "in", (self.picking1 | self.picking2).ids)])

    def test_steps_recorded_at_validation(self):
        steps = self._steps()
        mine = steps.filtered(lambda s: s.user_id == self.operator)
        # a one-step delivery: its user picked and shipped it
        self.assertEqual(sorted(mine.mapped("role")), ["pick", "ship"])
        pick = mine.filtered(lambda s: s.role == "pick")
        self.assertTrue(pick.timed)
        self.assertAlmostEqual(pick.duration_hours, 10 / 60.0, delta=0.01)
        self.assertEqual((pick.lines, pick.units), (2, 5.0))
        # A line (class A) 30 s + B line (no class) 45 s + units beyond the
        # first of each line (2 + 1) x 2 s; same bin: no walking
        self.assertEqual(pick.expected_seconds, 30 + 45 + 3 * 2)
        ship = mine.filtered(lambda s: s.role == "ship")
        self.assertEqual((ship.orders, ship.timed), (1, False))
        self.assertFalse(self.picking1.ecom_step_started_at)

    def test_kpis_against_team(self):
        Kpi = self.env["ecom.staff.kpi"]
        first = Kpi.search([("user_id", "=", self.operator.id),
                            ("role", "=", "pick")])
        second = Kpi.search([("user_id", "=", self.operator2.id),
                             ("role", "=", "pick")])
        self.assertAlmostEqual(first.lines_per_hour, 12.0, delta=0.2)
        self.assertAlmostEqual(second.lines_per_hour, 3.0, delta=0.1)
        self.assertAlmostEqual(first.team_median_lph, 7.5, delta=0.1)
        self.assertAlmostEqual(first.vs_median_percent, 160.0, delta=2)
        # the count discrepancy in WH/Stock is operator 1's error
        self.assertEqual((first.errors, second.errors), (1, 0))
        self.assertEqual(first.errors_per_1000, 500.0)
        shipped = Kpi.search([("user_id", "=", self.operator.id),
                              ("role", "=", "ship")])
        self.assertEqual(shipped.orders_shipped, 1)

    def test_check_step(self):
        self.picking1.sudo(self.operator2).action_ecom_checked()
        check = self.env["ecom.staff.step"].search([
            ("picking_id", "=", self.picking1.id), ("role", "=", "check")])
        self.assertEqual(check.user_id, self.operator2)

    def test_operator_sees_only_own_rows(self):
        own = self._steps(self.operator)
        self.assertEqual(own.mapped("user_id"), self.operator)
        other = self._steps().filtered(lambda s: s.user_id == self.operator2)
        with self.assertRaises(AccessError):
            other.sudo(self.operator).read(["lines"])
        kpis = self.env["ecom.staff.kpi"].sudo(self.operator).search([])
        self.assertEqual(kpis.mapped("user_id"), self.operator)
        # the manager sees the team
        team = self._steps(self.manager)
        self.assertEqual(team.mapped("user_id"), self.operator | self.operator2)
        # no customer service access to warehouse figures
        with self.assertRaises(AccessError):
            self.env["ecom.staff.kpi"].sudo(self.agent).search([])

    def test_no_customer_data(self):
        for model in ("ecom.staff.step", "ecom.staff.kpi", "ecom.cs.kpi",
                      "ecom.sales.daily", "ecom.promotion.lift"):
            relations = [name for name, field in self.env[model]._fields.items()
                         if getattr(field, "comodel_name", None) == "res.partner"]
            self.assertEqual(relations, [], model)
        answer = repr(self._steps(self.operator).read()) + repr(
            self.env["ecom.staff.kpi"].sudo(self.operator).search([]).read())
        for canary in CANARIES:
            self.assertNotIn(canary, answer)


class TestCustomerService(AnalyticsCase):
    def test_first_response_per_agent_and_channel(self):
        order = self._order(self.channel, [(self.product_a, 1, 10.0)], self._day(0))
        t0 = datetime.datetime.now().replace(microsecond=0) - \
            datetime.timedelta(hours=2)
        comment = self.env.ref("mail.mt_comment")
        note = self.env.ref("mail.mt_note")
        for minutes, author, subtype in ((0, self.customer, comment),
                                         (5, self.agent.partner_id, note),
                                         (30, self.agent.partner_id, comment)):
            self.env["mail.message"].create({
                "model": "sale.order", "res_id": order.id, "body": "hello",
                "message_type": "comment", "subtype_id": subtype.id,
                "author_id": author.id,
                "date": fields.Datetime.to_string(
                    t0 + datetime.timedelta(minutes=minutes))})
        Kpi = self.env["ecom.cs.kpi"]
        Kpi._refresh(t0.date() - datetime.timedelta(days=1))
        row = Kpi.sudo(self.agent).search([("channel_id", "=", self.channel.id)])
        self.assertEqual(row.user_id, self.agent)
        # the internal note at +5 min answers nobody
        self.assertAlmostEqual(row.first_response_minutes, 30.0)
        self.assertEqual((row.threads, row.resolved), (1, 1))
        self.assertAlmostEqual(row.resolution_hours, 0.5)
        self.assertNotIn("Canary", repr(row.read()))
        with self.assertRaises(AccessError):
            Kpi.sudo(self.operator).search([])
