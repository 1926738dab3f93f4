"""The generated demo business (the small slice of the test database)."""
from odoo.tests.common import SavepointCase


class TestDemoBusiness(SavepointCase):
    def test_company_is_a_chinese_merchant(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.currency_id.name, "CNY")
        langs = [code for code, _n in self.env["res.lang"].get_installed()]
        self.assertIn("zh_CN", langs)
        agent = self.env.ref("ecom_demo_cn.user_cs_agent_zh_demo")
        self.assertEqual(agent.lang, "zh_CN")

    def test_history_through_the_real_paths(self):
        Order = self.env["sale.order"]
        for code in ("WEB", "TMALL", "JD"):
            self.assertTrue(Order.search_count([("ecom_channel_id.code", "=", code)]),
                            code)
        # shipped deliveries in the past, dated back
        done = self.env["stock.picking"].search([
            ("picking_type_code", "=", "outgoing"), ("state", "=", "done"),
            ("ecom_channel_id", "!=", False)])
        self.assertTrue(done)
        # receipts put away into bins
        lines = self.env["stock.move.line"].search([
            ("picking_id.picking_type_code", "=", "incoming"), ("state", "=", "done"),
            ("product_id.categ_id.parent_id.name", "=", "电商商品")])
        self.assertTrue(lines)
        self.assertTrue(all(ln.location_dest_id.ecom_kind == "bin"
                            for ln in lines
                            if ln.picking_id.picking_type_id.warehouse_id
                            == self.env.ref("stock.warehouse0")))

    def test_open_work_today(self):
        Picking = self.env["stock.picking"]
        self.assertTrue(Picking.search_count([
            ("picking_type_code", "=", "outgoing"), ("state", "=", "assigned")]))
        self.assertTrue(Picking.search_count([
            ("picking_type_code", "=", "incoming"), ("state", "=", "assigned")]))
        rules = self.env["stock.warehouse.orderpoint"].search([
            ("reorder_policy", "=", "demand"), ("demand_explanation", "!=", False)])
        self.assertTrue(rules)
        plans = self.env["ecom.bin.count.plan"].search([])
        self.assertTrue(any(plan.due_classes for plan in plans))
        self.assertTrue(self.env["ecom.vendor.scorecard"].search_count(
            [("receipt_count", ">", 0)]))

    def test_star_buyer_found_by_mobile_forms(self):
        Partner = self.env["res.partner"]
        found = {form: Partner.search([("phone", "=", form)]).ids
                 for form in ("13800138000", "138 0013 8000", "+86 138 0013 8000",
                              "0086 13800138000", "86 13800138000")}
        ids = set(sum(found.values(), []))
        self.assertTrue(ids, found)
        self.assertTrue(all(found.values()), found)
