"""Masking after decryption is declared, not an accident of module depth."""
from odoo.addons.ecom_pii_guard.tests.common import CANARY, PiiCase, canaries_in


def _owner(cls):
    return cls.__module__.split(".")[2] if cls.__module__.startswith(
        "odoo.addons.") else cls.__module__


class TestLoadOrder(PiiCase):
    def test_bridge_reads_outermost(self):
        # the classes defining _read_from_database on res.partner, outermost first
        owners = [_owner(cls) for cls in type(self.env["res.partner"]).__mro__
                  if "_read_from_database" in vars(cls)]
        self.assertEqual(owners[0], "ecom_pii_guard_encryption", owners)
        self.assertIn("ecom_partner_encryption", owners)
        self.assertIn("ecom_pii_guard", owners)
        self.assertFalse(self.env["res.partner"]._ecom_pii_mask_on_read())

    def test_encrypted_fields_masked_once_for_every_restricted_role(self):
        for role in ("warehouse_operator", "purchase_planner", "customer_service"):
            partner = self.as_role(role, "res.partner").browse(self.customer.id)
            row = partner.read(["email", "phone", "mobile", "street", "vat"])[0]
            self.assertEqual(canaries_in(row), [], role)
            # masked from the plaintext (not ciphertext, not masked twice)
            self.assertEqual(row["phone"], "138****0001", role)
            self.assertEqual(row["mobile"], "139****0002", role)
        clear = self.env["res.partner"].browse(self.customer.id).read(["email"])[0]
        self.assertEqual(clear["email"], CANARY["email"])
