"""Full stock flow as warehouse roles, audited; labels; vendor documents."""
from odoo.exceptions import AccessError, UserError

from .common import CANARY, PiiCase, canaries_in


class TestStockFlow(PiiCase):
    def _validate(self, picking):
        picking.action_confirm()
        picking.action_assign()
        for line in picking.move_lines:
            line.move_line_ids.write({"qty_done": line.product_uom_qty}) \
                if line.move_line_ids else line.write({"quantity_done":
                                                       line.product_uom_qty})
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_receive_move_ship_count_scrap_as_warehouse(self):
        env = self.env
        operator = self.users["warehouse_operator"]
        manager = self.users["warehouse_manager"]
        warehouse = env.ref("stock.warehouse0")
        bin_a = env["stock.location"].create(
            {"name": "PII-BIN-A", "location_id": self.stock.id, "usage": "internal"})
        Log = env["ecom.stock.audit.log"].sudo(manager)
        start = Log.search([], limit=1).id or 0

        # receive 10 from the vendor (vendor name visible on the receipt)
        receipt = env["stock.picking"].sudo(operator).create({
            "picking_type_id": warehouse.in_type_id.id,
            "partner_id": self.vendor.id,
            "location_id": env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": self.stock.id,
            "move_lines": [(0, 0, {
                "name": "in", "product_id": self.product.id,
                "product_uom": self.product.uom_id.id, "product_uom_qty": 10,
                "location_id": env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id})]})
        self.assertEqual(receipt.read(["partner_id"])[0]["partner_id"][1],
                         "Vendor Steel Co")
        self._validate(receipt)

        # put away 4 into a bin
        internal = env["stock.picking"].sudo(operator).create({
            "picking_type_id": warehouse.int_type_id.id,
            "location_id": self.stock.id, "location_dest_id": bin_a.id,
            "move_lines": [(0, 0, {
                "name": "put away", "product_id": self.product.id,
                "product_uom": self.product.uom_id.id, "product_uom_qty": 4,
                "location_id": self.stock.id, "location_dest_id": bin_a.id})]})
        self._validate(internal)

        # pick, pack, ship the customer's delivery
        delivery = self.delivery.sudo(operator)
        self._validate(delivery)
        self.assertEqual(canaries_in(delivery.read(["partner_id"])), [])

        # scrap one
        scrap = env["stock.scrap"].sudo(operator).create({
            "product_id": self.product.id, "product_uom_id": self.product.uom_id.id,
            "scrap_qty": 1, "location_id": self.stock.id})
        scrap.do_scrap()

        # count the bin: 4 -> 6 (manager adjusts)
        inventory = env["stock.inventory"].sudo(manager).create({
            "name": "PII count", "location_id": bin_a.id, "filter": "product",
            "product_id": self.product.id})
        inventory.action_start()
        inventory.line_ids.write({"product_qty": 6})
        inventory.action_done()

        rows = Log.search([("id", ">", start), ("product_id", "=", self.product.id)],
                          order="id")
        self.assertEqual(
            [r.operation for r in rows],
            ["picking", "picking", "picking", "scrap", "inventory"])
        by_ref = {r.reference: r for r in rows}
        put_away = by_ref[internal.name]
        self.assertEqual((put_away.src_qty_before, put_away.src_qty_after), (60, 56))
        self.assertEqual((put_away.dest_qty_before, put_away.dest_qty_after), (0, 4))
        count = rows[-1]
        self.assertEqual((count.dest_qty_before, count.dest_qty_after), (4, 6))
        self.assertEqual(rows[2].quantity, 3)  # the delivery
        self.assertTrue(all(r.user_id == operator for r in rows[:4]))
        self.assertTrue(env["ecom.stock.audit.log"].verify_chain()["ok"])
        for actor in (Log, Log.sudo()):
            with self.assertRaises(UserError):
                actor.browse(rows[0].id).write({"quantity": 1})
            with self.assertRaises(UserError):
                actor.browse(rows[0].id).unlink()
        with self.assertRaises(AccessError):
            env["ecom.stock.audit.log"].sudo(operator).search([])

    def test_tampering_is_reported_at_the_row(self):
        env = self.env
        Log = env["ecom.pii.access.log"].sudo()
        first = Log.create({"kind": "label", "picking_id": self.delivery.id})
        second = Log.create({"kind": "label", "picking_id": self.delivery.id})
        Log.create({"kind": "label", "picking_id": self.delivery.id})
        self.assertTrue(Log.verify_chain()["ok"])
        env.cr.execute("UPDATE ecom_pii_access_log SET field_names = 'x' "
                       "WHERE id = %s", (second.id,))
        env["ecom.pii.access.log"].invalidate_cache()
        result = Log.verify_chain()
        self.assertEqual((result["ok"], result["broken_id"], result["reason"]),
                         (False, second.id, "hash"))
        env.cr.execute("DELETE FROM ecom_pii_access_log WHERE id = %s", (second.id,))
        env["ecom.pii.access.log"].invalidate_cache()
        self.assertEqual(Log.verify_chain()["broken_id"], second.id + 1)
        self.assertTrue(first.exists())

    def test_shipping_label_full_address_logged_and_limited(self):
        env = self.env
        operator = self.users["warehouse_operator"]
        picking = self.delivery.sudo(operator)
        action = picking.action_print_shipping_label()
        self.assertEqual(action["report_name"], "ecom_pii_guard.report_shipping_label")
        report = env.ref("ecom_pii_guard.action_report_shipping_label").sudo(operator)
        html = report.render_qweb_pdf([picking.id])[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("Canaryname Delivery", html)  # the delivery contact
        for field in ("street", "city", "zip", "mobile"):
            self.assertIn(CANARY[field], html, field)
        logs = env["ecom.pii.access.log"].search(
            [("kind", "=", "label"), ("picking_id", "=", picking.id)])
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.user_id, operator)
        # the log names fields, never their values
        self.assertEqual(canaries_in(logs.read(["field_names", "note"])), [])
        # the picking itself still shows the masked label only
        self.assertEqual(canaries_in(picking.read(["partner_id"])), [])
        # HTML route refused: PDF only
        with self.assertRaises(UserError):
            report.render_qweb_html([picking.id])
        # daily limit
        env["ir.config_parameter"].set_param("ecom_pii_guard.label_daily_limit", "1")
        with self.assertRaises(UserError):
            report.render_qweb_pdf([picking.id])
        # customer service cannot print labels
        with self.assertRaises((AccessError, UserError)):
            env.ref("ecom_pii_guard.action_report_shipping_label").sudo(
                self.users["customer_service"]).render_qweb_pdf([picking.id])

    def test_vendor_documents_carry_no_customer_data(self):
        env = self.env
        order = env["purchase.order"].create({
            "partner_id": self.vendor.id, "dest_address_id": self.customer.id,
            "order_line": [(0, 0, {
                "name": "widget", "product_id": self.product.id, "product_qty": 2,
                "product_uom": self.product.uom_id.id, "price_unit": 5,
                "date_planned": "2026-12-01 00:00:00"})]})
        for xmlid in ("purchase.report_purchase_quotation",
                      "purchase.action_report_purchase_order"):
            html = env.ref(xmlid).render_qweb_html([order.id])[0].decode()
            self.assertEqual(canaries_in(html), [], xmlid)
            self.assertIn("Vendor Steel Co", html)
            self.assertIn("Drop-ship order", html)
