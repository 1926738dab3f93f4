"""import_returns / return_status as the integration user."""
from odoo.exceptions import AccessError, ValidationError

from .common import RmaCase
from .test_rma_security import RmaSecurityTests


class TestImportReturns(RmaCase, RmaSecurityTests):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # T-100: 3 A + 2 B shipped; T-101: not shipped yet
        cls.order = cls._order("T-100")
        cls.unshipped = cls._order("T-101", ship=False)
        cls._security_fixture()

    def test_created_then_exists(self):
        first = self.import_one(self.ret("RET-1", "T-100"))
        self.assertEqual(first["status"], "created")
        self.assertTrue(first["rma_name"].startswith("RTM/R"))
        rma = self.env["ecom.rma"].browse(first["rma_id"])
        self.assertEqual(rma.state, "awaiting_return")
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.partner_id, self.order.partner_id)
        receipt = rma.picking_ids
        self.assertEqual(receipt.picking_type_id, self.warehouse.ecom_rma_type_id)
        self.assertEqual(receipt.state, "assigned")
        self.assertEqual(receipt.location_dest_id, self.warehouse.ecom_rma_location_id)
        again = self.import_one(self.ret("RET-1", "T-100", reason="other"))
        self.assertEqual((again["status"], again["rma_id"]),
                         ("exists", first["rma_id"]))
        self.assertEqual(self.env["ecom.rma"].search_count(
            [("external_ref", "=", "RET-1")]), 1)

    def test_every_error_code_writes_nothing(self):
        before = self.env["ecom.rma"].search_count([])
        pickings = self.env["stock.picking"].search_count([])
        cases = [
            (self.ret("E-1", "T-404"), "unknown_order"),
            (self.ret("E-2", "T-100", lines=[{"sku": "NOPE", "qty": 1}]),
             "unknown_sku"),
            (self.ret("E-3", "T-100", lines=[{"sku": "R-SKU-A", "qty": 4}]),
             "qty_exceeds_delivered"),
            (self.ret("E-4", "T-101"), "qty_exceeds_delivered"),
            (self.ret("E-5", "T-100", type="swap"), "invalid_type"),
            (self.ret("E-6", "T-100", reason=None), "missing_field"),
            (self.ret("E-7", "T-100", lines=[{"sku": "R-SKU-A", "qty": -1}]),
             "invalid_qty"),
            (self.ret("E-8", "T-100", refund_amount="lots"), "invalid_amount"),
            (self.ret("E-9" * 40, "T-100"), "too_large"),
        ]
        results = self.api().import_returns(self.channel.code,
                                            [raw for raw, _c in cases])
        for (raw, code), row in zip(cases, results):
            self.assertEqual((row["status"], row["error_code"]), ("rejected", code),
                             row)
            self.assertFalse(row["rma_id"])
            self.assertTrue(row["message"])
        self.assertEqual(self.env["ecom.rma"].search_count([]), before)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        too_many = self.api().import_returns(self.channel.code,
                                             [self.ret("X", "T-100")] * 501)
        self.assertEqual({r["error_code"] for r in too_many}, {"too_large"})
        unknown = self.api().import_returns("NOPE", [self.ret("X", "T-100")])
        self.assertEqual(unknown[0]["error_code"], "unknown_channel")
        with self.assertRaises(ValidationError):
            self.api().import_returns(self.channel.code, {"not": "a list"})
        self.assertEqual(self.env["ecom.rma"].search_count([]), before)

    def test_batch_counts_earlier_returns_of_the_same_order(self):
        # 3 A shipped: 2 + 1 fit, the third return of 1 more does not
        results = self.api().import_returns(self.channel.code, [
            self.ret("B-1", "T-100", lines=[{"sku": "R-SKU-A", "qty": 2}]),
            self.ret("B-2", "T-100", lines=[{"sku": "R-SKU-A", "qty": 1}]),
            self.ret("B-3", "T-100", lines=[{"sku": "R-SKU-A", "qty": 1}]),
            self.ret("B-1", "T-100", lines=[{"sku": "R-SKU-A", "qty": 2}]),
        ])
        self.assertEqual([r["status"] for r in results],
                         ["created", "created", "rejected", "exists"])
        self.assertEqual(results[2]["error_code"], "qty_exceeds_delivered")
        self.assertEqual(results[3]["rma_id"], results[0]["rma_id"])

    def test_bulk_and_orm_paths_store_the_same(self):
        """Differential: the set-based batch against one-by-one ORM creation."""
        orders = [self._order("D-%d" % i) for i in range(4)]
        payloads = [self.ret("DB-%d" % i, order.ecom_external_ref, lines=[
            {"sku": "R-SKU-A", "qty": 2}, {"sku": "R-SKU-B", "qty": 1}],
            type="exchange" if i % 2 else "return_refund")
            for i, order in enumerate(orders)]
        bulk_rows = self.api().import_returns(self.channel.code, payloads[:2])
        # one per call: the ORM path
        orm_rows = [self.import_one(p) for p in payloads[2:]]
        rmas = self.env["ecom.rma"].browse(
            [r["rma_id"] for r in bulk_rows + orm_rows])
        self.assertEqual(len(rmas), 4)
        fields = ["state", "type", "reason", "channel_id", "company_id",
                  "warehouse_id", "amount_requested", "amount_refunded",
                  "requested_at", "return_tracking_ref", "order_ref"]
        line_fields = ["product_id", "qty_requested", "qty_received",
                       "price_unit", "channel_id"]
        picking_fields = ["state", "picking_type_id", "location_id",
                          "location_dest_id", "company_id", "move_type",
                          "ecom_rma_id"]
        move_fields = ["state", "product_id", "product_uom_qty", "product_qty",
                       "location_id", "location_dest_id", "picking_type_id",
                       "warehouse_id", "reserved_availability", "ecom_rma_line_id"]

        def shape(rma):
            rows = rma.read(fields, load="")[0]
            rows.pop("id")
            rows.pop("return_tracking_ref")
            rows.pop("order_ref")
            picking = rma.picking_ids.read(picking_fields, load="")[0]
            picking.pop("id")
            picking.pop("ecom_rma_id")
            moves = [dict(m, ecom_rma_line_id=bool(m["ecom_rma_line_id"]))
                     for m in rma.picking_ids.move_lines.read(move_fields, load="")]
            for move in moves:
                move.pop("id")
            lines = rma.line_ids.read(line_fields, load="")
            for line in lines:
                line.pop("id")
            mls = [(ml.product_id.id, ml.product_uom_qty, ml.location_id.id,
                    ml.location_dest_id.id)
                   for ml in rma.picking_ids.move_line_ids]
            return rows, picking, sorted(moves, key=str), lines, sorted(mls)

        self.assertEqual(shape(rmas[0]), shape(rmas[2]))
        self.assertEqual(shape(rmas[1]), shape(rmas[3]))

    def test_return_status(self):
        created = self.import_one(self.ret("S-1", "T-100", lines=[
            {"sku": "R-SKU-A", "qty": 2}]))
        rows = self.api().return_status(self.channel.code, ["S-1", "S-404"])
        self.assertEqual(rows[0]["rma_id"], created["rma_id"])
        self.assertEqual(rows[0]["state"], "awaiting_return")
        self.assertEqual(rows[0]["qty_requested"], 2.0)
        self.assertEqual(rows[0]["lines"][0]["sku"], "R-SKU-A")
        self.assertEqual(rows[1]["state"], "unknown")
        with self.assertRaises(ValidationError):
            self.api().return_status(self.channel.code, "S-1")

    def test_only_integration_and_managers_call_the_api(self):
        with self.assertRaises(AccessError):
            self.api(self.operator).import_returns(
                self.channel.code, [self.ret("A-1", "T-100")])
        with self.assertRaises(AccessError):
            self.api(self.cs_agent).return_status(self.channel.code, ["A-1"])
