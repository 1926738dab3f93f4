"""import_orders / export_stock / order_status in the ORM, as the integration user."""
from odoo import _
from odoo.exceptions import AccessError

from .common import ChannelCase


class TestImportOrders(ChannelCase):
    def test_paid_order_is_confirmed_and_reserved(self):
        result = self.api().import_orders("TTM", [self.order("R1")])
        self.assertEqual(result[0]["status"], "created")
        self.assertFalse(result[0]["error_code"])
        sale = self.env["sale.order"].browse(result[0]["order_id"])
        self.assertEqual(sale.name, result[0]["order_name"])
        self.assertTrue(sale.name.startswith("TTM/"))
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.ecom_channel_id, self.channel)
        self.assertEqual(sale.ecom_external_ref, "R1")
        self.assertEqual(sale.currency_id.name, "CNY")
        self.assertEqual(sale.order_line.price_unit, 99.0)   # the platform's price
        self.assertEqual(sale.amount_untaxed, 198.0)
        self.assertEqual(sale.date_order, "2026-11-20 08:30:00")
        picking = sale.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id.warehouse_id, self.warehouse)
        self.assertEqual(picking.state, "assigned")          # stock reserved
        self.assertEqual(picking.ecom_channel_id, self.channel)
        # shipping address = delivery contact of the customer
        self.assertEqual(sale.partner_shipping_id.parent_id, sale.partner_id)
        self.assertEqual(sale.partner_shipping_id.type, "delivery")
        self.assertEqual(sale.partner_shipping_id.country_id.code, "CN")
        self.assertEqual(sale.partner_id.ecom_channel_id, self.channel)
        self.assertEqual(sale.partner_shipping_id.ecom_channel_id, self.channel)
        self.assertEqual(sale.partner_shipping_id.phone, "+8613800138000")

    def test_unpaid_order_stays_quotation(self):
        result = self.api().import_orders("TTM", [self.order("R2", paid=False)])
        sale = self.env["sale.order"].browse(result[0]["order_id"])
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.picking_ids)

    def test_resend_answers_exists_with_same_order(self):
        first = self.api().import_orders("TTM", [self.order("R3")])
        again = self.api().import_orders("TTM", [self.order("R3"), self.order("R3")])
        self.assertEqual([r["status"] for r in again], ["exists", "exists"])
        self.assertEqual({r["order_id"] for r in again}, {first[0]["order_id"]})
        count = self.env["sale.order"].search_count([
            ("ecom_channel_id", "=", self.channel.id),
            ("ecom_external_ref", "=", "R3")])
        self.assertEqual(count, 1)
        # same ref on another channel is another order
        other = self.api().import_orders("TJD", [self.order("R3")])
        self.assertEqual(other[0]["status"], "created")

    def test_rejected_order_leaves_nothing_and_others_import(self):
        partners_before = self.env["res.partner"].search_count([])
        orders_before = self.env["sale.order"].search_count([])
        bad_late = self.order("R5", lines=[
            {"sku": "T-SKU-A", "qty": 1, "price_unit": 5.0},
            {"sku": "NO-SUCH", "qty": 1, "price_unit": 5.0}])
        result = self.api().import_orders("TTM", [
            self.order("R4"), bad_late, self.order("R6", currency="USD"),
            self.order("R7")])
        self.assertEqual([r["status"] for r in result],
                         ["created", "rejected", "rejected", "created"])
        self.assertEqual(result[1]["error_code"], "unknown_sku")
        self.assertIn("lines[1].sku", result[1]["message"])
        self.assertEqual(result[2]["error_code"], "unknown_currency")
        # 2 orders, each with one customer + one delivery contact
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before + 2)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 4)

    def test_hook_failure_rolls_back_the_order(self):
        """A rejection raised after creation (hook) leaves no partner/order/line."""
        from odoo.exceptions import UserError
        channel_class = type(self.env["ecom.channel"])
        original = channel_class._intake_after_order

        def failing_hook(self, order, payload):
            if payload["external_ref"] == "R9":
                raise UserError(_("consent missing"))
            return original(self, order, payload)
        partners_before = self.env["res.partner"].search_count([])
        lines_before = self.env["sale.order.line"].search_count([])
        channel_class._intake_after_order = failing_hook
        try:
            result = self.api().import_orders("TTM", [self.order("R9"),
                                                      self.order("R10")])
        finally:
            channel_class._intake_after_order = original
        self.assertEqual(result[0]["status"], "rejected")
        self.assertEqual(result[0]["error_code"], "rejected_by_rule")
        self.assertEqual(result[1]["status"], "created")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 2)
        self.assertEqual(self.env["sale.order.line"].search_count([]), lines_before + 1)
        self.assertFalse(self.env["sale.order"].search(
            [("ecom_external_ref", "=", "R9")]))
        self.assertFalse(self.env["stock.move"].search([("origin", "like", "R9")]))

    def test_repeat_buyer_is_matched(self):
        first = self.order("R11")
        # same buyer account again, other order, other address
        second = self.order("R12", customer=dict(first["customer"], name="Renamed"))
        second["shipping"] = dict(first["shipping"], street="9 Other Road")
        # no external id, same e-mail in other case -> same customer
        third = self.order("R13", customer={
            "name": "Buyer", "email": first["customer"]["email"].upper()})
        third["shipping"] = dict(first["shipping"])    # same address: same contact
        # no external id, no e-mail, same phone -> matched by phone
        fourth = self.order("R14", customer={"name": "Buyer",
                                             "phone": "+86 13911112222"})
        fifth = self.order("R15", customer={"name": "Buyer", "phone": "139 1111 2222"})
        result = self.api().import_orders("TTM", [first, second, third, fourth])
        result += self.api().import_orders("TTM", [fifth, self.order("R16")])
        sales = self.env["sale.order"].browse([r["order_id"] for r in result])
        self.assertEqual(len(sales[:3].mapped("partner_id")), 1)
        self.assertEqual(sales[3].partner_id, sales[4].partner_id)
        self.assertEqual(len(sales.mapped("partner_id")), 3)
        self.assertEqual(sales[0].partner_shipping_id, sales[2].partner_shipping_id)
        self.assertNotEqual(sales[0].partner_shipping_id, sales[1].partner_shipping_id)
        # another account with the same e-mail is not merged into this customer
        other_account = self.order("R17", customer=dict(
            first["customer"], external_id="someone-else"))
        result = self.api().import_orders("TTM", [other_account])
        sale17 = self.env["sale.order"].browse(result[0]["order_id"])
        self.assertNotEqual(sale17.partner_id, sales[0].partner_id)
        # another channel's buyer with the same account id is another customer
        other = self.api().import_orders("TJD", [self.order("R11")])
        other_sale = self.env["sale.order"].browse(other[0]["order_id"])
        self.assertNotEqual(other_sale.partner_id, sales[0].partner_id)

    def test_batch_level_errors(self):
        result = self.api().import_orders("NOPE", [self.order("R20")])
        self.assertEqual(result[0]["error_code"], "unknown_channel")
        self.assertIn("channel_code", result[0]["message"])
        too_many = [self.order("B%d" % i) for i in range(501)]
        result = self.api().import_orders("TTM", too_many)
        self.assertEqual({r["error_code"] for r in result}, {"too_large"})
        self.assertFalse(self.env["sale.order"].search(
            [("ecom_external_ref", "=", "B1")]))

    def test_import_log(self):
        self.api().import_orders("TTM", [self.order("R30"), self.order("R31", lines=[
            {"sku": "T-SKU-A", "qty": 0, "price_unit": 1}])])
        log = self.env["ecom.import.log"].search([("channel_id", "=", self.channel.id)],
                                                 limit=1)
        self.assertEqual((log.count_total, log.count_created, log.count_rejected),
                         (2, 1, 1))
        self.assertEqual(log.rejected_detail, "R31: invalid_qty")
        self.assertEqual(log.user_id, self.integration)
        self.assertNotIn("buyer", (log.rejected_detail or "").lower())

    def test_only_integration_and_sales_managers_may_call(self):
        with self.assertRaises(AccessError):
            self.api(self.cs_agent).import_orders("TTM", [self.order("R40")])
        with self.assertRaises(AccessError):
            self.api(self.cs_agent).export_stock("TTM")
        manager = self._create_user("t_sale_manager", [
            "base.group_user", "sales_team.group_sale_manager"])
        result = self.api(manager).import_orders("TTM", [self.order("R41")])
        self.assertEqual(result[0]["status"], "created")

    def test_integration_user_cannot_read_partners(self):
        self.api().import_orders("TTM", [self.order("R50")])
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo(self.integration).search_read(
                [], ["name", "email"])
        with self.assertRaises(AccessError):
            self.env["sale.order"].sudo(self.integration).search_read([], ["name"])
        # but it reads channels
        self.assertTrue(self.env["ecom.channel"].sudo(self.integration).search([]))

    def test_customer_service_reads_its_channels_only(self):
        visible = self.env["ecom.channel"].sudo(self.cs_agent).search([])
        self.assertIn(self.channel, visible)
        self.assertNotIn(self.other_channel, visible)


class TestExportStockAndStatus(ChannelCase):
    def test_export_stock_formula(self):
        # A: 20 on hand; an order reserves 4 -> (20 - 4 - 2 buffer) x 50% = 7
        self.api().import_orders("TTM", [self.order("S1", lines=[
            {"sku": "T-SKU-A", "qty": 4, "price_unit": 1}])])
        rows = self.api().export_stock("TTM", skus=["T-SKU-A", "T-SKU-B", "T-SKU-C",
                                                    "UNKNOWN"])
        got = {row["sku"]: row["available_qty"] for row in rows}
        self.assertEqual(got, {"T-SKU-A": 7, "T-SKU-B": 1, "T-SKU-C": 0, "UNKNOWN": 0})
        self.channel.stock_cap_qty = 3
        rows = self.api().export_stock("TTM", skus=["T-SKU-A"])
        self.assertEqual(rows, [{"sku": "T-SKU-A", "available_qty": 3}])
        everything = {r["sku"] for r in self.api().export_stock("TTM")}
        self.assertTrue({"T-SKU-A", "T-SKU-B", "T-SKU-C"} <= everything)

    def test_order_status_lifecycle(self):
        self.api().import_orders(
            "TTM", [self.order("S2"), self.order("S3", paid=False)])
        status = {r["external_ref"]: r for r in self.api().order_status(
            "TTM", ["S2", "S3", "S-NONE"])}
        self.assertEqual(status["S2"]["state"], "confirmed")
        self.assertEqual(status["S3"]["state"], "quotation")
        self.assertEqual(status["S-NONE"]["state"], "unknown")
        sale = self.env["sale.order"].browse(status["S2"]["order_id"])
        picking = sale.picking_ids
        carrier = self.env["delivery.carrier"].search([], limit=1)
        picking.write({"carrier_id": carrier.id, "carrier_tracking_ref": "SF123"})
        for move in picking.move_lines:
            move.move_line_ids.write({"qty_done": move.product_uom_qty})
        self.assertEqual(self.api().order_status("TTM", ["S2"])[0]["state"], "picking")
        picking.action_done()
        row = self.api().order_status("TTM", ["S2"])[0]
        self.assertEqual(row["state"], "shipped")
        self.assertEqual(row["tracking_ref"], "SF123")
        self.assertEqual(row["carrier"], carrier.name)
        self.assertTrue(row["shipped_at"])
        picking.action_ecom_mark_delivered()
        row = self.api().order_status("TTM", ["S2"])[0]
        self.assertEqual(row["state"], "delivered")
        sale_quote = self.env["sale.order"].browse(status["S3"]["order_id"])
        sale_quote.action_cancel()
        row = self.api().order_status("TTM", ["S3"])[0]
        self.assertEqual(row["state"], "cancelled")

    def test_dashboard_counters(self):
        self.api().import_orders(
            "TTM", [self.order("S4"), self.order("S5", paid=False)])
        self.channel.invalidate_cache()
        self.assertEqual(self.channel.order_count, 2)
        self.assertEqual(self.channel.to_ship_count, 1)
        # C has no stock: a stock-out
        self.assertGreaterEqual(self.channel.stockout_count, 1)
        # warehouse staff see the counters without access to sales orders
        operator = self._create_user("t_wh", [
            "base.group_user", "ecom_base.group_warehouse_operator"])
        card = self.channel.sudo(operator)
        self.assertEqual(card.to_ship_count, 1)
        self.assertEqual(card.order_count, 2)
