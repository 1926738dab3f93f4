# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..services import buyers
from odoo.addons.ecom_base.tools import bulk


class EcomChannelBuyer(models.Model):
    """Buyers and delivery contacts of the intake: matching and creating.

    A buyer is the channel's customer with the same external id, else the
    same e-mail, else the same phone (never another account's); a delivery
    address already stored for that customer is reused.
    """

    _inherit = "ecom.channel"

    @api.multi
    def _intake_prefetch_customers(self, orders, lookup):
        """Known customers of the channel for the batch: 3 searches + 1 for addresses.

        '=' / 'in' domains only: with ecom_partner_encryption the e-mail and phone
        columns hold ciphertext and only exact matches (blind index) work.
        """
        ext_ids, emails, phones = set(), set(), set()
        for order in orders:
            customer = order["customer"]
            if customer["external_id"]:
                ext_ids.add(customer["external_id"])
            if customer["email"]:
                emails.add(customer["email"])
            if customer["phone"]:
                phones.add(customer["phone"])
        partner_model = self.env["res.partner"].with_context(active_test=False)
        base = [("ecom_channel_id", "=", self.id), ("parent_id", "=", False)]
        partners = partner_model.browse()
        for field, values, key in (("ecom_customer_ref", ext_ids, "by_external_id"),
                                   ("email", emails, "by_email"),
                                   ("phone", phones, "by_phone")):
            if not values:
                continue
            found = partner_model.search(base + [(field, "in", list(values))],
                                         order="id")
            for partner in found:
                lookup.add_customer(key, partner[field], partner.id,
                                    partner.ecom_customer_ref)
            partners |= found
        if partners:
            contacts = partner_model.search([
                ("parent_id", "in", partners.ids), ("type", "=", "delivery")])
            for contact in contacts:
                lookup.add_address(self._address_key_of(contact), contact.id)

    # -- matching and creating buyers (the plan: services/buyers.py) --------
    @api.model
    def _address_key_of(self, partner):
        return buyers.address_key(partner.parent_id.id, {
            "name": partner.name or False, "phone": partner.phone or False,
            "street": partner.street or False, "street2": partner.street2 or False,
            "city": partner.city or False, "zip": partner.zip or False,
            "country_id": partner.country_id.id})

    @api.multi
    def _intake_match_customer(self, customer, lookup):
        """External id first, else e-mail, else phone; never another account's."""
        return self.env["res.partner"].browse(
            buyers.match_customer(customer, lookup) or [])

    @api.multi
    def _intake_customer(self, customer, lookup, pending):
        """The buyer's customer, created if new (order-by-order path)."""
        partner_id, new_ref = buyers.choose_customer(customer, lookup, pending)
        if partner_id:
            partner = self.env["res.partner"].browse(partner_id)
            if new_ref:
                partner.ecom_customer_ref = new_ref
        else:
            partner = self.env["res.partner"].create(
                self._intake_customer_vals(customer))
        self._intake_remember_customer(
            partner.id, partner.ecom_customer_ref, customer, lookup, pending)
        return partner

    @api.multi
    def _intake_customer_vals(self, customer):
        return {
            "name": customer["name"],
            "email": customer["email"],
            "phone": customer["phone"],
            "customer": True,
            "is_company": False,
            "ecom_channel_id": self.id,
            "ecom_customer_ref": customer["external_id"],
            "company_id": self.company_id.id,
        }

    @api.model
    def _intake_remember_customer(self, partner_id, ref, customer, lookup, pending):
        """Later orders of the batch by the same buyer find ``partner_id``."""
        buyers.remember_customer(partner_id, ref, customer, lookup, pending)

    @api.multi
    def _intake_delivery_contact(self, customer, shipping, lookup, pending):
        key, vals = self._intake_delivery_vals(customer.id, shipping, lookup)
        contact_id = buyers.choose_address(key, lookup, pending)
        if contact_id:
            return self.env["res.partner"].browse(contact_id)
        contact = self.env["res.partner"].create(vals)
        pending.addresses[key] = contact.id
        return contact

    @api.multi
    def _intake_delivery_vals(self, customer_id, shipping, lookup):
        """(address key, values) of the delivery contact of ``shipping``."""
        country_id = lookup.countries[shipping["country_code"]]
        vals = {
            "parent_id": customer_id,
            "type": "delivery",
            "name": shipping["name"],
            "phone": shipping["phone"],
            "street": shipping["street"],
            "street2": shipping["street2"],
            "city": shipping["city"],
            "zip": shipping["zip"],
            "country_id": country_id,
            "state_id": lookup.state_id(country_id, shipping["state"]),
            "ecom_channel_id": self.id,
            "customer": False,
        }
        return buyers.address_key(customer_id, vals), vals

    @api.multi
    def _intake_bulk_partners(self, orders, lookup, prefetch=None):
        """[(customer, delivery contact)] of ``orders``; new ones set-based.

        Buyers and addresses are matched by the same plan as order by order
        (``services/buyers.py``; a new buyer of the batch has a negative
        placeholder id until the partners are stored). What core's
        ``res.partner.create`` adds for a first delivery contact is done here:
        a new customer gets the address of its first contact
        (``_handle_first_contact_creation``); a contact of a customer that
        existed before the batch goes through core's sync afterwards.
        """
        partner_model = self.env["res.partner"]
        plan = buyers.plan_buyers(
            orders, lookup,
            lambda customer_id, shipping: self._intake_delivery_vals(
                customer_id, shipping, lookup))
        for partner_id, ref in plan.refs.items():
            partner_model.browse(partner_id).ecom_customer_ref = ref
        customers = []
        for buyer, ref in plan.customers:
            vals = self._intake_customer_vals(buyer)
            if ref and not vals.get("ecom_customer_ref"):
                vals["ecom_customer_ref"] = ref
            customers.append(vals)
        contacts = plan.contacts
        buyers.copy_first_address(customers, contacts,
                                  partner_model._address_fields())
        new_customers = bulk.create(partner_model, customers, prefetch)
        real = buyers.placeholder_ids(len(customers), new_customers.ids)
        for vals in contacts:
            vals["parent_id"] = real.get(vals["parent_id"], vals["parent_id"])
        new_contacts = bulk.create(partner_model, contacts, prefetch)
        created = set(new_customers.ids)
        for contact, vals in zip(new_contacts, contacts):
            if vals["parent_id"] not in created:
                # a repeat buyer's new address: core's create hooks as they are
                contact._fields_sync(vals)
                contact._handle_first_contact_creation()
        lookup.apply(plan.changes, real, buyers.placeholder_ids(
            len(contacts), new_contacts.ids))
        return [(partner_model.browse(customer_id), partner_model.browse(contact_id))
                for customer_id, contact_id in plan.real_pairs(
                    new_customers.ids, new_contacts.ids)], [new_customers, new_contacts]
