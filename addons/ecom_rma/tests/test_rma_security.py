"""Who sees what of a case: the warehouse no customer, customer service its
channels, reveal for the after-sales purpose only."""
from odoo.exceptions import AccessError, UserError


class RmaSecurityTests(object):
    """Mixed into TestImportReturns (one fixture for both: setup is the
    expensive part). Needs ``cls.sec_order`` (S-100) and ``cls.rma`` (SEC-1)."""

    @classmethod
    def _security_fixture(cls):
        cls.sec_order = cls._order("S-100")
        cls.rma = cls.env["ecom.rma"].browse(cls.env["ecom.channel"].sudo(
            cls.integration).import_returns(cls.channel.code, [cls.ret(
                "SEC-1", "S-100", note="Canary note: call 13800138000")])[0]["rma_id"])

    def test_warehouse_reads_the_case_without_the_customer(self):
        rma = self.rma.sudo(self.operator)
        self.assertEqual(rma.name, self.rma.name)
        self.assertNotIn("partner_id", rma.fields_get())
        self.assertNotIn("note", rma.fields_get())
        with self.assertRaises(AccessError):
            rma.read(["partner_id"])
        with self.assertRaises(AccessError):
            rma.read(["note"])
        # the whole record as the form reads it: no canary anywhere
        text = str(rma.read()) + str(rma.line_ids.read()) + str(
            self.env["ecom.rma"].sudo(self.operator).fields_view_get(
                view_type="form"))
        self.assertNotIn("Canary", text)
        self.assertNotIn("13800138000", text)
        self.assertNotIn("9 Canary Street", text)
        # the receipt's partner is empty: nothing to mask
        self.assertFalse(rma.picking_ids.partner_id)

    def test_warehouse_finds_the_case_by_scanning(self):
        model = self.env["ecom.rma"].sudo(self.operator)
        self.assertEqual(model.ecom_rma_scan("SF-SEC-1"), self.rma.ids)
        self.assertEqual(model.ecom_rma_scan("S-100"), self.rma.ids)
        self.assertEqual(model.ecom_rma_scan("nothing"), [])

    def test_customer_service_sees_its_channels_only(self):
        self.assertEqual(self.env["ecom.rma"].sudo(self.cs_agent).search(
            [("id", "=", self.rma.id)]), self.rma)
        self.assertFalse(self.env["ecom.rma"].sudo(self.cs_other).search(
            [("id", "=", self.rma.id)]))
        with self.assertRaises(AccessError):
            self.rma.sudo(self.cs_other).read(["name"])

    def test_reveal_is_for_after_sales_and_logged(self):
        answer = self.rma.sudo(self.cs_agent).ecom_rma_reveal("phone")
        self.assertIn("13800138000", answer["value"])
        log = self.env["ecom.pii.access.log"].search(
            [("kind", "=", "reveal"), ("user_id", "=", self.cs_agent.id)])
        self.assertEqual((log.purpose, log.note), ("after_sales", self.rma.name))
        with self.assertRaises(AccessError):
            self.rma.sudo(self.cs_other).ecom_rma_reveal("phone")
        with self.assertRaises((AccessError, UserError)):
            self.rma.sudo(self.operator).ecom_rma_reveal("phone")

    def test_warehouse_opens_a_case_for_an_unexpected_parcel(self):
        model = self.env["ecom.rma"].sudo(self.operator)
        rma_id = model.ecom_rma_open_unexpected(
            "S-100", [{"sku": "R-SKU-B", "qty": 1}])
        rma = model.browse(rma_id)
        self.assertEqual((rma.state, rma.type, rma.reason),
                         ("awaiting_return", "return_refund", "other"))
        self.assertEqual(rma.sudo().partner_id, self.sec_order.partner_id)
        self.receive(rma, {"R-SKU-B": 1})
        self.assertEqual(rma.state, "received")
        with self.assertRaises(UserError):
            model.ecom_rma_open_unexpected("S-100", [{"sku": "NOPE", "qty": 1}])

    def test_integration_reads_no_case_and_no_customer(self):
        # the API answers refs, states and quantities; the records stay closed
        with self.assertRaises(AccessError):
            self.env["ecom.rma"].sudo(self.integration).search([])
        status = self.api().return_status(self.channel.code, ["SEC-1"])
        self.assertNotIn("Canary", str(status))
        self.assertNotIn("13800138000", str(status))

    def test_note_is_masked_for_customer_service(self):
        # the platform's note copies the buyer's phone: masked as in chatter
        note = self.rma.sudo(self.cs_agent).read(["note"])[0]["note"]
        self.assertIn("Canary note", note)
        self.assertNotIn("13800138000", note)
        self.assertIn("13800138000", self.rma.note)   # administrator: clear
