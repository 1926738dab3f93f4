"""Who an imported order belongs to: the intake's one buyer-matching plan.

Plain Python, no ORM; the same decisions for both intake paths (the set-based
batch and the order-by-order fallback, ``ecom_channel_buyer.py``):

1. **Existing customer by external id**: the channel's customer with the
   buyer's ``external_id``.
2. **Existing customer by blind index**: else the one with the same e-mail,
   else the same phone (exact matches: with ecom_partner_encryption the
   columns hold ciphertext and the lookup was filled through the blind
   index), never a customer that already belongs to another external id.
3. **New customer**: else a new customer; a later order of the batch by the
   same buyer finds it (a negative placeholder id until it is stored).

A matched customer without an external id takes the buyer's. The delivery
contact with the same address (customer, name, phone, street, street2, city,
zip, country) is reused, else a new one is created.
"""
from .lookup import CUSTOMER_KEYS, LookupChanges

ADDRESS_KEY_FIELDS = ("name", "phone", "street", "street2", "city", "zip",
                      "country_id")


def match_customer(customer, lookup, changes=None):
    """The partner id (or placeholder) of a validated buyer, None when new."""
    ext_id = customer["external_id"]
    if ext_id:
        partner_id = lookup.known("by_external_id", ext_id, changes)
        if partner_id:
            return partner_id
    for key, value in (("by_email", customer["email"]),
                       ("by_phone", customer["phone"])):
        partner_id = value and lookup.known(key, value, changes)
        other_ref = partner_id and lookup.known("partner_refs", partner_id, changes)
        if partner_id and not (ext_id and other_ref and other_ref != ext_id):
            return partner_id
    return None


def ref_to_store(customer, current_ref):
    """The external id a matched customer takes: the buyer's, if it has none."""
    if customer["external_id"] and not current_ref:
        return customer["external_id"]
    return None


def choose_customer(customer, lookup, changes=None):
    """(partner id or None, external id to store on it or None)."""
    partner_id = match_customer(customer, lookup, changes)
    if partner_id is None:
        return None, None
    current = lookup.known("partner_refs", partner_id, changes)
    return partner_id, ref_to_store(customer, current)


def remember_customer(partner_id, ref, customer, lookup, changes):
    """Later orders of the batch by the same buyer find ``partner_id``."""
    changes.partner_refs[partner_id] = ref or customer["external_id"]
    for key, value in zip(CUSTOMER_KEYS, (customer["external_id"],
                                          customer["email"], customer["phone"])):
        if value and lookup.known(key, value, changes) is None:
            getattr(changes, key)[value] = partner_id


def address_key(customer_id, values):
    """The key two delivery contacts of one customer are the same address by."""
    return (customer_id,) + tuple(values[name] for name in ADDRESS_KEY_FIELDS)


def choose_address(key, lookup, changes=None):
    """The delivery contact id (or placeholder) stored for ``key``, or None."""
    return lookup.known("addresses", key, changes) or None


def placeholder_ids(placeholders_count, real_ids):
    """{placeholder: real id} of records created in placeholder order."""
    return dict(zip(range(-1, -placeholders_count - 1, -1), real_ids))


class BuyerPlan(object):
    """Customers and delivery contacts of a batch, decided before any write.

    - ``customers``: [[buyer, external id]] of the new customers; the i-th is
      placeholder ``-(i + 1)``
    - ``refs``: {existing partner id: external id to store}
    - ``contacts``: [delivery contact values] of the new contacts (their
      ``parent_id`` may be a customer placeholder); the i-th is ``-(i + 1)``
    - ``pairs``: [(customer id or placeholder, contact id or placeholder)],
      one per order
    - ``changes``: what the batch adds to the lookup once stored
    """

    def __init__(self):
        self.customers = []
        self.refs = {}
        self.contacts = []
        self.pairs = []
        self.changes = LookupChanges()

    def real_pairs(self, customer_ids, contact_ids):
        """``pairs`` with the ids the new customers and contacts got."""
        customers = placeholder_ids(len(self.customers), customer_ids)
        contacts = placeholder_ids(len(self.contacts), contact_ids)
        return [(customers.get(c, c), contacts.get(d, d)) for c, d in self.pairs]


def plan_buyers(orders, lookup, delivery_vals):
    """The :class:`BuyerPlan` of validated ``orders``.

    ``delivery_vals(customer_id, shipping)`` gives (address key, values) of an
    order's delivery contact (the model's ``_intake_delivery_vals``).
    """
    plan = BuyerPlan()
    changes = plan.changes
    for order in orders:
        buyer = order["customer"]
        partner_id, new_ref = choose_customer(buyer, lookup, changes)
        if partner_id is None:
            plan.customers.append([buyer, buyer["external_id"]])
            partner_id, ref = -len(plan.customers), buyer["external_id"]
        elif partner_id > 0:
            if new_ref:
                plan.refs[partner_id] = new_ref
            ref = new_ref or lookup.known("partner_refs", partner_id, changes)
        else:
            entry = plan.customers[-partner_id - 1]
            if new_ref:
                entry[1] = new_ref
            ref = entry[1]
        remember_customer(partner_id, ref, buyer, lookup, changes)
        key, vals = delivery_vals(partner_id, order["shipping"])
        contact_id = choose_address(key, lookup, changes)
        if contact_id is None:
            plan.contacts.append(vals)
            contact_id = changes.addresses[key] = -len(plan.contacts)
        plan.pairs.append((partner_id, contact_id))
    return plan


def copy_first_address(customers, contacts, fields):
    """A new customer gets the address of its first new delivery contact.

    What core's ``res.partner.create`` does for a first contact
    (``_handle_first_contact_creation``), for values not stored yet:
    ``customers`` / ``contacts`` are values lists, a contact's ``parent_id`` a
    placeholder ``-(i + 1)`` for ``customers[i]``.
    """
    for vals in contacts:
        if vals["parent_id"] < 0:
            parent = customers[-vals["parent_id"] - 1]
            if not any(parent.get(name) for name in fields):
                parent.update({name: vals[name] for name in fields if name in vals})
