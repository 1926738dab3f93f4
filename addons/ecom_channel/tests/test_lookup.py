"""The state of one import batch (IntakeLookup), no database."""
import collections
import unittest

from odoo.addons.ecom_channel.services import intake
from odoo.addons.ecom_channel.services import lookup as lookup_service
from odoo.addons.ecom_channel.services.lookup import IntakeLookup, LookupChanges

Product = collections.namedtuple("Product", "id default_code")


def make_lookup():
    sku = Product(5, "SKU-1")
    return IntakeLookup(
        refs={"A", "B"}, products={"SKU-1": sku},
        product_data={5: {"name": "[SKU-1] Mug", "uom_id": 1}},
        countries={"CN": 48}, states={(48, "SH"): 9, (48, "shanghai"): 9},
        carriers={"sf express": 3}, existing={"A": (1, "TM/000001")})


def valid(ref):
    return ({"external_ref": ref}, {"external_ref": ref}, None)


class TestIntakeLookup(unittest.TestCase):
    def test_reference_data(self):
        lookup = make_lookup()
        self.assertEqual(lookup.product_values("SKU-1")[1]["uom_id"], 1)
        self.assertEqual(lookup.state_id(48, "sh"), 9)
        self.assertEqual(lookup.state_id(48, "Shanghai"), 9)
        self.assertIsNone(lookup.state_id(48, "Atlantis"))
        self.assertFalse(lookup.state_id(48, False))
        self.assertEqual(lookup.carrier_id("SF Express", 4), 3)
        self.assertEqual(lookup.carrier_id(False, 4), 4)

    def test_orders(self):
        lookup = make_lookup()
        self.assertEqual(lookup.existing_order("A"), (1, "TM/000001"))
        self.assertIsNone(lookup.existing_order("B"))
        lookup.remember_order("B", 2, "TM/000002")
        self.assertEqual(lookup.existing_order("B"), (2, "TM/000002"))

    def test_save_restore_around_a_rolled_back_attempt(self):
        lookup = make_lookup()
        saved = lookup.save()
        lookup.remember_order("B", 2, "TM/000002")
        lookup.add_customer("by_email", "li@x.cn", 7, "c-7")
        lookup.add_address((7, "Li"), 70)
        lookup.restore(saved)
        self.assertIsNone(lookup.existing_order("B"))
        self.assertEqual((lookup.by_email, lookup.partner_refs, lookup.addresses),
                         ({}, {}, {}))
        self.assertEqual(lookup.countries, {"CN": 48})  # reference data kept

    def test_add_customer_first_found_wins(self):
        lookup = make_lookup()
        lookup.add_customer("by_phone", "+861", 7, "c-7")
        lookup.add_customer("by_phone", "+861", 8, False)
        self.assertEqual(lookup.by_phone, {"+861": 7})
        self.assertEqual(lookup.partner_refs, {7: "c-7", 8: False})

    def test_apply_changes_with_placeholders(self):
        lookup, changes = make_lookup(), LookupChanges()
        self.assertFalse(changes)
        changes.by_email["li@x.cn"] = -1
        changes.partner_refs[-1] = "c-1"
        changes.addresses[(-1, "Li")] = -2
        changes.addresses[(7, "Li")] = 71
        self.assertTrue(changes)
        lookup.apply(changes, {-1: 10}, {-2: 20})
        self.assertEqual(lookup.by_email, {"li@x.cn": 10})
        self.assertEqual(lookup.partner_refs, {10: "c-1"})
        self.assertEqual(lookup.addresses, {(10, "Li"): 20, (7, "Li"): 71})

    def test_dict_style_access_of_the_former_lookup(self):
        lookup = make_lookup()
        self.assertIs(lookup["existing"], lookup.existing)
        self.assertIn("by_email", lookup)
        with self.assertRaises(KeyError):
            lookup.__getitem__("nothing")

    def test_split_batch_and_results(self):
        lookup = make_lookup()
        error = intake.IntakeError("missing_field", "currency")
        validated = [valid("A"), valid("B"), ({"external_ref": "C"}, None, error),
                     valid("B"), valid("D")]
        self.assertEqual(lookup_service.new_refs(validated, lookup), {"B", "D"})
        answers, todo = lookup_service.split_batch(validated, lookup)
        self.assertEqual([i for i, _o in todo], [1, 4])
        self.assertEqual(answers, [("exists", (1, "TM/000001")), None,
                                   ("rejected", error), ("repeat", "B"), None])
        lookup.remember_order("B", 2, "TM/000002")
        lookup.remember_order("D", 3, "TM/000003")
        answers[1], answers[4] = ("created", "B"), ("created", "D")
        rows = lookup_service.batch_results(validated, answers, lookup)
        self.assertEqual([(r["external_ref"], r["status"], r["order_id"])
                          for r in rows],
                         [("A", "exists", 1), ("B", "created", 2),
                          ("C", "rejected", False), ("B", "exists", 2),
                          ("D", "created", 3)])
        self.assertEqual(rows[2]["error_code"], "missing_field")
