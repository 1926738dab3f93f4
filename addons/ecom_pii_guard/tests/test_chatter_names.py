"""Free-text chatter on records of customers masks their name for hidden roles.

Phones and e-mails in bodies were masked already; a note such as "Called
Zhang San about delivery" kept the name. Run as the roles.
"""
from .common import PiiCase, canaries_in

NOTE = ("<p>Called Canaryname Zhangxiaosan about delivery; Mr Zhangxiaosan asks "
        "to ring 138 7731 0001 at Canarystreet 7731</p>")


class TestChatterNames(PiiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin_partner = cls.env.ref("base.partner_root")
        cls.note = cls.delivery.message_post(
            body=NOTE, subject="Zhangxiaosan parcel", author_id=admin_partner.id,
            message_type="comment", subtype="mail.mt_note")
        receipt_type = cls.env.ref("stock.warehouse0").in_type_id
        cls.receipt = cls.env["stock.picking"].create({
            "picking_type_id": receipt_type.id, "partner_id": cls.vendor.id,
            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": cls.stock.id})
        cls.vendor_note = cls.receipt.message_post(
            body="<p>Vendor Steel Co confirmed, call sales@vendor.example.com</p>",
            author_id=admin_partner.id, message_type="comment",
            subtype="mail.mt_note")

    def messages(self, role, record):
        return self.as_role(role, "mail.message").search(
            [("model", "=", record._name), ("res_id", "=", record.id)])

    def test_note_on_a_delivery_masks_the_customer_name(self):
        for role in ("warehouse_operator", "warehouse_manager", "purchase_planner"):
            messages = self.messages(role, self.delivery)
            self.assertIn(self.note, messages.sudo(), role)
            rows = messages.read(["body", "subject", "record_name"])
            formatted = messages.message_format()
            for answer in (rows, formatted):
                self.assertEqual(canaries_in(answer), [], role)
            row = [r for r in rows if r["id"] == self.note.id][0]
            self.assertIn("Called C********* Z*********** about delivery", row["body"])
            self.assertIn("Mr Z*********** asks", row["body"])
            self.assertEqual(row["subject"], "Z*********** parcel")

    def test_search_read_masks_too(self):
        rows = self.as_role("warehouse_operator", "mail.message").search_read(
            [("id", "=", self.note.id)], ["body", "subject"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(canaries_in(rows), [])

    def test_vendor_notes_stay_readable(self):
        row = self.messages("warehouse_operator", self.receipt).read(["body"])[0]
        self.assertIn("Vendor Steel Co confirmed", row["body"])

    def test_masking_is_set_based(self):
        """Reading the chatter of 2 or 8 deliveries costs the same queries."""
        pickings = self.env["stock.picking"]
        for i in range(8):
            picking = self.delivery.copy({"origin": "SO-CANARY-%s" % (i + 2)})
            picking.message_post(body=NOTE, message_type="comment",
                                 subtype="mail.mt_note")
            pickings |= picking
        Message = self.as_role("warehouse_operator", "mail.message")

        def queries(records):
            ids = Message.search([("model", "=", "stock.picking"),
                                  ("res_id", "in", records.ids)]).ids
            Message.invalidate_cache()
            before = self.env.cr.sql_log_count
            rows = Message.browse(ids).read(["body", "subject", "record_name"])
            self.assertEqual(canaries_in(rows), [])
            return self.env.cr.sql_log_count - before
        queries(pickings)  # warm caches (protection flags, ACLs)
        self.assertEqual(queries(pickings[:2]), queries(pickings))
