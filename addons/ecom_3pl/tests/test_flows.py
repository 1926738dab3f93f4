"""Receipts (ASN), product sync and a channel order shipped by the 3PL."""
import json

from .common import ThreePLCase


class TestFlows(ThreePLCase):
    def test_receipt_announced_then_confirmed(self):
        suppliers = self.env.ref("stock.stock_location_suppliers")
        receipt = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": suppliers.id, "location_dest_id": self.stock.id,
            "move_lines": [(0, 0, {
                "name": "in", "product_id": self.product.id, "product_uom_qty": 30,
                "product_uom": self.product.uom_id.id, "location_id": suppliers.id,
                "location_dest_id": self.stock.id})]})
        receipt.action_confirm()
        receipt.action_assign()
        asn = self.messages(msg_type="asn")
        self.assertEqual(asn.key, "ASN-%d" % receipt.id)
        self.assertEqual(json.loads(asn.payload)["lines"],
                         [{"sku": "T3PL-TEA", "qty": 30.0}])
        # the 3PL received 28 of the 30
        rows = self.env["ecom.3pl.backend"].sudo(self.integration).confirm_receipt(
            "T3PL", [{"message_id": "RC1", "sequence": 1, "payload": {
                "asn_code": receipt.name, "lines": [{"sku": "T3PL-TEA", "qty": 28}]}}])
        self.assertEqual(rows[0]["status"], "applied")
        self.assertEqual(receipt.state, "done")
        self.assertEqual(sum(receipt.move_lines.mapped("quantity_done")), 28)
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 128)

    def test_product_sync_once_per_version(self):
        self.backend.action_sync_products()
        synced = self.messages(msg_type="item_sync")
        mine = synced.filtered(lambda m: "T3PL-TEA" in m.payload)
        self.assertEqual(len(mine), 1)
        self.backend.action_sync_products()   # nothing changed: nothing new
        self.assertEqual(len(self.messages(msg_type="item_sync")), len(synced))
        self.product.weight = 0.25            # a new version is synced again
        self.backend.action_sync_products()
        self.assertEqual(len(self.messages(msg_type="item_sync").filtered(
            lambda m: "T3PL-TEA" in m.payload)), 2)

    def test_channel_order_shipped_by_the_3pl(self):
        channel = self.env["ecom.channel"].search([], limit=1)
        if not channel:
            self.skipTest("no channel in this database")
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id, "warehouse_id": self.warehouse.id,
            "ecom_channel_id": channel.id, "ecom_external_ref": "T3PL-SO-1",
            "order_line": [(0, 0, {"product_id": self.product.id,
                                   "product_uom_qty": 2})]})
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.assertTrue(self.messages(msg_type="outbound", picking_id=picking.id))
        self.env["ecom.3pl.backend"].sudo(self.integration).confirm_shipment(
            "T3PL", [self.ship_msg("SO1", 1, picking, tracking="SF777")])
        status = self.env["ecom.channel"].sudo(self.integration).order_status(
            channel.code, ["T3PL-SO-1"])[0]
        self.assertEqual(status["state"], "shipped")
        self.assertEqual(status["tracking_ref"], "SF777")

    def test_channel_batch_imported_is_queued(self):
        # the intake stores a batch of two or more orders set-based
        channel = self.env["ecom.channel"].create({
            "name": "3PL test shop", "code": "T3PLSHOP", "platform": "tmall",
            "warehouse_id": self.warehouse.id,
            "pricelist_id": self.env["product.pricelist"].search([], limit=1).id})
        integration = self.env["res.users"].browse(self.integration.id)

        def order(ref):
            return {
                "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
                "currency": channel.pricelist_id.currency_id.name, "paid": True,
                "customer": {"external_id": "buyer-%s" % ref, "name": "Buyer",
                             "email": "buyer-%s@example.com" % ref.lower(),
                             "phone": False},
                "shipping": {"name": "Zhao Canary", "phone": "13800138000",
                             "street": "1 Nanjing Road", "city": "Shanghai",
                             "zip": "200000", "country_code": "CN"},
                "lines": [{"sku": "T3PL-TEA", "qty": 2, "price_unit": 9.0}]}

        rows = self.env["ecom.channel"].sudo(integration).import_orders(
            "T3PLSHOP", [order("T3PL-B1"), order("T3PL-B2")])
        self.assertEqual([row["status"] for row in rows], ["created", "created"])
        pickings = self.env["sale.order"].search([
            ("ecom_channel_id", "=", channel.id)]).mapped("picking_ids")
        self.assertEqual(pickings.mapped("state"), ["assigned", "assigned"])
        queued = self.messages(msg_type="outbound").filtered(
            lambda m: m.picking_id in pickings)
        self.assertEqual(sorted(queued.mapped("key")),
                         sorted("OUT-%d" % p.id for p in pickings))
