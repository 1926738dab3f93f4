"""The buyer-matching plan of both intake paths, no database."""
import unittest

from odoo.addons.ecom_channel.services import buyers
from odoo.addons.ecom_channel.services.lookup import IntakeLookup, LookupChanges


def buyer(ext=False, email=False, phone=False, name="Li Lei"):
    return {"external_id": ext, "name": name, "email": email, "phone": phone}


def order(customer, street="1 Nanjing Road"):
    return {"customer": customer,
            "shipping": {"name": "Li Lei", "street": street, "country_code": "CN"}}


def delivery_vals(customer_id, shipping):
    vals = {"parent_id": customer_id, "name": shipping["name"], "phone": False,
            "street": shipping["street"], "street2": False, "city": "Shanghai",
            "zip": False, "country_id": 48}
    return buyers.address_key(customer_id, vals), vals


def known_lookup():
    """Stored customers of the channel: 7 (ref c-7, li@x.cn), 8 (no ref, phone)."""
    lookup = IntakeLookup()
    lookup.add_customer("by_external_id", "c-7", 7, "c-7")
    lookup.add_customer("by_email", "li@x.cn", 7, "c-7")
    lookup.add_customer("by_phone", "+8613800138000", 8, False)
    return lookup


class TestMatchCustomer(unittest.TestCase):
    def test_external_id_first(self):
        lookup = known_lookup()
        # the phone is customer 8's, the external id customer 7's: 7 wins
        self.assertEqual(buyers.match_customer(
            buyer("c-7", phone="+8613800138000"), lookup), 7)

    def test_email_then_phone(self):
        lookup = known_lookup()
        self.assertEqual(buyers.match_customer(buyer(email="li@x.cn"), lookup), 7)
        self.assertEqual(buyers.match_customer(
            buyer(phone="+8613800138000"), lookup), 8)
        self.assertIsNone(buyers.match_customer(buyer(email="new@x.cn"), lookup))

    def test_never_another_accounts_customer(self):
        lookup = known_lookup()
        # li@x.cn belongs to account c-7: buyer c-9 with that e-mail is new
        self.assertIsNone(buyers.match_customer(buyer("c-9", "li@x.cn"), lookup))
        # customer 8 has no account yet: buyer c-9 with its phone is customer 8
        self.assertEqual(buyers.match_customer(
            buyer("c-9", phone="+8613800138000"), lookup), 8)

    def test_pending_changes_are_seen_first(self):
        lookup, changes = known_lookup(), LookupChanges()
        changes.by_email["new@x.cn"] = -1
        self.assertEqual(buyers.match_customer(buyer(email="new@x.cn"), lookup,
                                               changes), -1)
        self.assertIsNone(buyers.match_customer(buyer(email="new@x.cn"), lookup))

    def test_choose_customer_stores_the_account_once(self):
        lookup = known_lookup()
        self.assertEqual(buyers.choose_customer(
            buyer("c-9", phone="+8613800138000"), lookup), (8, "c-9"))
        self.assertEqual(buyers.choose_customer(buyer("c-7"), lookup), (7, None))
        self.assertEqual(buyers.choose_customer(buyer(email="x@y.cn"), lookup),
                         (None, None))

    def test_remember_customer_keeps_first_owner(self):
        lookup, changes = known_lookup(), LookupChanges()
        buyers.remember_customer(12, "c-12", buyer("c-12", "li@x.cn", "+861"),
                                 lookup, changes)
        # li@x.cn stays customer 7's; the new account and phone point to 12
        self.assertEqual(changes.by_external_id, {"c-12": 12})
        self.assertEqual(changes.by_email, {})
        self.assertEqual(changes.by_phone, {"+861": 12})
        self.assertEqual(changes.partner_refs, {12: "c-12"})


class TestPlanBuyers(unittest.TestCase):
    def test_batch_plan(self):
        lookup = known_lookup()
        lookup.add_address(delivery_vals(7, {"name": "Li Lei",
                                             "street": "1 Nanjing Road"})[0], 70)
        orders = [
            order(buyer("c-7")),                                 # known + address
            order(buyer("c-7"), street="2 Huaihai Road"),        # known, new address
            order(buyer(email="wang@x.cn", name="Wang")),        # new buyer
            order(buyer("w-1", email="wang@x.cn", name="Wang")),  # same, gives ref
            order(buyer("c-9", phone="+8613800138000")),         # 8 takes ref c-9
        ]
        plan = buyers.plan_buyers(orders, lookup, delivery_vals)
        self.assertEqual(plan.customers, [[orders[2]["customer"], "w-1"]])
        self.assertEqual(plan.refs, {8: "c-9"})
        self.assertEqual([c["parent_id"] for c in plan.contacts], [7, -1, 8])
        self.assertEqual(plan.pairs, [(7, 70), (7, -1), (-1, -2), (-1, -2), (8, -3)])
        self.assertEqual(plan.real_pairs([101], [201, 202, 203]),
                         [(7, 70), (7, 201), (101, 202), (101, 202), (8, 203)])
        # nothing in the lookup before the plan is stored
        self.assertNotIn("wang@x.cn", lookup.by_email)
        lookup.apply(plan.changes, {-1: 101}, {-1: 201, -2: 202, -3: 203})
        self.assertEqual(lookup.by_email["wang@x.cn"], 101)
        self.assertEqual(lookup.by_external_id["w-1"], 101)
        self.assertEqual(lookup.partner_refs[8], "c-9")
        key = delivery_vals(101, orders[2]["shipping"])[0]
        self.assertEqual(lookup.addresses[key], 202)

    def test_one_order_path_makes_the_same_decisions(self):
        """Order by order (each merged after its write) = the batch plan."""
        orders = [order(buyer(email="wang@x.cn")), order(buyer("w-1", "wang@x.cn")),
                  order(buyer("c-7", phone="+8613800138000"))]
        batch = buyers.plan_buyers(orders, known_lookup(), delivery_vals)
        lookup, next_id, pairs = known_lookup(), [100], []
        for item in orders:
            changes = LookupChanges()
            partner_id, new_ref = buyers.choose_customer(item["customer"], lookup,
                                                         changes)
            if partner_id is None:
                next_id[0] += 1
                partner_id, ref = next_id[0], item["customer"]["external_id"]
            else:
                ref = new_ref or lookup.partner_refs.get(partner_id)
            buyers.remember_customer(partner_id, ref, item["customer"], lookup,
                                     changes)
            lookup.apply(changes)
            pairs.append(partner_id)
        self.assertEqual(pairs, [101, 101, 7])
        self.assertEqual([p for p, _c in batch.real_pairs([101], [1, 2])], pairs)

    def test_copy_first_address(self):
        customers = [{"name": "Wang"}, {"name": "Li", "street": "kept"}]
        contacts = [{"parent_id": -1, "street": "A", "city": "SH"},
                    {"parent_id": -1, "street": "B", "city": "BJ"},
                    {"parent_id": -2, "street": "C"}, {"parent_id": 7, "street": "D"}]
        buyers.copy_first_address(customers, contacts, ["street", "city", "zip"])
        self.assertEqual(customers, [{"name": "Wang", "street": "A", "city": "SH"},
                                     {"name": "Li", "street": "kept"}])

    def test_placeholder_ids(self):
        self.assertEqual(buyers.placeholder_ids(2, [10, 11]), {-1: 10, -2: 11})
