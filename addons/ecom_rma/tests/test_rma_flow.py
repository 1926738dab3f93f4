"""A case from the marketplace to the shelf (and the money), as the roles."""
from odoo.exceptions import UserError

from .common import RmaCase
from .test_demand_netting import DemandNettingTests


class TestRmaFlow(RmaCase, DemandNettingTests):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order("F-100")     # 3 A + 2 B shipped
        cls.returns_loc = cls.warehouse.ecom_rma_location_id
        cls.outlet_loc = cls.warehouse.ecom_outlet_location_id
        cls.scrap_loc = cls.env.ref("stock.stock_location_scrapped")
        cls.supplier_loc = cls.env.ref("stock.stock_location_suppliers")

    def _case(self, ref, lines, **extra):
        row = self.import_one(self.ret(ref, "F-100", lines=lines, **extra))
        self.assertEqual(row["status"], "created", row)
        return self.env["ecom.rma"].browse(row["rma_id"])

    def test_each_disposition_moves_the_goods(self):
        rma = self._case("FL-1", [{"sku": "R-SKU-A", "qty": 3},
                                  {"sku": "R-SKU-B", "qty": 2}])
        stock_a = self.qty_at(self.product_a, self.stock_location)
        # the parcel holds 3 A and 1 B (one B missing)
        self.receive(rma, {"R-SKU-A": 3, "R-SKU-B": 1})
        self.assertEqual(rma.state, "received")
        self.assertEqual(self.qty_at(self.product_a, self.returns_loc), 3)
        self.assertEqual(rma.picking_ids.state, "done")
        # receiving goods does not put them on sale: not in the channel export
        exported = dict((r["sku"], r["available_qty"]) for r in
                        self.api().export_stock(self.channel.code, ["R-SKU-A"]))
        self.assertLessEqual(exported["R-SKU-A"], stock_a)
        with self.assertRaises(UserError):
            rma.sudo(self.operator).action_validate()
        self.inspect(rma, {"R-SKU-A": ("A", False), "R-SKU-B": ("defect", False)})
        self.assertEqual(rma.line_ids.mapped("disposition"),
                         ["restock", "return_to_vendor"])
        rma.sudo(self.operator).action_validate()
        self.assertEqual(rma.state, "done")
        # restock: back in the warehouse stock (through the putaway)
        self.assertEqual(self.qty_at(self.product_a, self.stock_location),
                         stock_a + 3)
        self.assertEqual(self.qty_at(self.product_a, self.returns_loc), 0)
        # return to vendor: a done delivery to the vendor, a draft vendor
        # refund, a rejection in the vendor's quality
        to_vendor = rma.picking_ids.filtered(
            lambda p: p.ecom_rma_disposition == "return_to_vendor")
        self.assertEqual(to_vendor.state, "done")
        self.assertEqual(to_vendor.partner_id, self.vendor)
        self.assertEqual(to_vendor.location_dest_id, self.supplier_loc)
        vendor_refund = self.env["account.invoice"].search([
            ("type", "=", "in_refund"), ("origin", "=", to_vendor.name)])
        self.assertEqual(vendor_refund.state, "draft")
        self.assertEqual(vendor_refund.partner_id, self.vendor)
        self.assertAlmostEqual(vendor_refund.amount_untaxed, 4.5)
        rejection = self.env["ecom.receipt.rejection"].search([
            ("picking_id", "=", to_vendor.id)])
        self.assertEqual((rejection.product_id, rejection.quantity,
                          rejection.partner_id), (self.product_b, 1.0, self.vendor))
        # money: the order was never invoiced -> a refund record to pay
        refund = rma.refund_ids
        self.assertEqual((refund.amount, refund.state, refund.invoice_id.id),
                         (100.0, "draft", False))
        self.assertEqual(rma.line_ids.mapped("qty_refunded"), [3.0, 1.0])

    def test_outlet_and_scrap(self):
        rma = self._case("FL-2", [{"sku": "R-SKU-A", "qty": 2},
                                  {"sku": "R-SKU-B", "qty": 1}])
        self.receive(rma, {"R-SKU-A": 2, "R-SKU-B": 1})
        self.inspect(rma, {"R-SKU-A": ("B", "outlet"), "R-SKU-B": ("C", "scrap")})
        rma.sudo(self.operator).action_validate()
        self.assertEqual(self.qty_at(self.product_a, self.outlet_loc), 2)
        self.assertEqual(self.qty_at(self.product_b, self.scrap_loc), 1)
        scrap = rma.picking_ids.filtered(lambda p: p.ecom_rma_disposition == "scrap")
        self.assertTrue(all(scrap.move_lines.mapped("scrapped")))
        # the moves' quantity in the product's unit, stored with the moves
        # (given to the set-based create), is core's computation
        moves = rma.picking_ids.filtered("ecom_rma_disposition").mapped("move_lines")
        for move in moves:
            self.assertEqual(move.product_qty, move.product_uom._compute_quantity(
                move.product_uom_qty, move.product_id.uom_id))
        self.assertEqual(sorted(moves.mapped("product_qty")), [1.0, 2.0])

    def test_credit_note_on_the_invoice(self):
        # the order is invoiced and the invoice validated
        self.order.action_invoice_create()
        invoice = self.order.invoice_ids
        invoice.action_invoice_open()
        rma = self._case("FL-3", [{"sku": "R-SKU-A", "qty": 1}], refund_amount=0)
        self.receive(rma, {"R-SKU-A": 1})
        self.inspect(rma, {"R-SKU-A": ("A", "restock")})
        rma.sudo(self.operator).action_validate()
        credit = rma.refund_ids.invoice_id
        self.assertEqual((credit.type, credit.state), ("out_refund", "draft"))
        self.assertEqual(credit.refund_invoice_id, invoice)
        self.assertEqual(credit.invoice_line_ids.mapped("quantity"), [1.0])
        self.assertAlmostEqual(rma.amount_refunded, 100.0)

    def test_refund_only_needs_no_receipt(self):
        rma = self._case("FL-4", [{"sku": "R-SKU-B", "qty": 1}],
                         type="refund_only", refund_amount=50.0)
        self.assertEqual(rma.state, "approved")
        self.assertFalse(rma.picking_ids)
        rma.sudo(self.cs_agent).action_refund()
        self.assertEqual(rma.state, "done")
        self.assertEqual(rma.amount_refunded, 50.0)

    def test_exchange_and_reship_send_a_zero_priced_order(self):
        exchange = self._case("FL-5", [{"sku": "R-SKU-A", "qty": 1}],
                              type="exchange", refund_amount=0)
        self.receive(exchange, {"R-SKU-A": 1})
        self.inspect(exchange, {"R-SKU-A": ("A", "restock")})
        exchange.sudo(self.operator).action_validate()
        new = exchange.replacement_order_id
        self.assertEqual(new.state, "sale")
        self.assertEqual(new.amount_total, 0.0)
        self.assertEqual(new.ecom_channel_id, self.channel)
        self.assertEqual(new.order_line.product_uom_qty, 1.0)
        self.assertEqual(new.picking_ids.state, "assigned")
        self.assertFalse(exchange.refund_ids)
        reship = self._case("FL-6", [{"sku": "R-SKU-B", "qty": 2}], type="reship",
                            refund_amount=None)
        reship.sudo(self.cs_agent).action_replace()
        self.assertEqual(reship.replacement_order_id.order_line.product_uom_qty, 2.0)

    def test_ledger(self):
        """refund-only: refunded, not received; a received case not refunded
        yet; a completed case: balanced, not in the ledger."""
        refund_only = self._case("LG-1", [{"sku": "R-SKU-B", "qty": 1}],
                                 type="refund_only", refund_amount=50.0)
        refund_only.sudo(self.cs_agent).action_refund()
        received = self._case("LG-2", [{"sku": "R-SKU-A", "qty": 1}])
        self.receive(received, {"R-SKU-A": 1})
        completed = self._case("LG-3", [{"sku": "R-SKU-A", "qty": 1}])
        self.receive(completed, {"R-SKU-A": 1})
        self.inspect(completed, {"R-SKU-A": ("A", "restock")})
        completed.sudo(self.operator).action_validate()
        ledger = self.env["ecom.rma.ledger"].sudo(self.cs_agent).search(
            [("rma_id", "in", (refund_only | received | completed).ids)])
        by_rma = {row.rma_id: row for row in ledger}
        self.assertEqual(set(by_rma), {refund_only, received})
        self.assertEqual(by_rma[refund_only].kind, "refunded_not_received")
        self.assertEqual((by_rma[refund_only].qty_gap,
                          by_rma[refund_only].amount_gap), (1.0, 50.0))
        self.assertEqual(by_rma[received].kind, "received_not_refunded")
        self.assertEqual(by_rma[received].age_days, 0)
        # the return rates count every open and finished case of the month
        rates = self.env["ecom.rma.return.rate"].search([
            ("channel_id", "=", self.channel.id),
            ("product_id", "=", self.product_a.id)])
        self.assertEqual(sum(rates.mapped("qty_returned")), 2.0)
        self.assertTrue(all(rates.mapped("alert")))   # 2 of 3 shipped > 10 %
