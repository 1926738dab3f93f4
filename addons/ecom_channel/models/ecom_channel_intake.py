# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import intake
from ..services.lookup import (IntakeLookup, LookupChanges, batch_results,
                               split_batch)
from odoo.addons.ecom_base.tools import bulk

_logger = logging.getLogger(__name__)

ORDER_REF_CONSTRAINT = "sale_order_ecom_channel_ref_uniq"
PARTNER_REF_INDEX = "res_partner_ecom_customer_ref_uniq"   # see res_partner.init


#: Modules whose ``create`` overrides the set-based intake knows, per model it
#: creates set-based: it gives what they add (sale: name, addresses and
#: pricelist of the order; sale_margin: the line's cost price
#: (_intake_bulk_line_vals); stock: picking names and move states; mail:
#: followers of the customer, written by _intake_subscribe_customers;
#: base/ecom_pii_guard: the protection flag, defaulted on and kept by the
#: order triggers) or does not need it (tracking, which the intake disables;
#: stock_account's valuation of move lines, which runs at validation). Any
#: other installed module overriding one of these sends batches through
#: core's path (logged once by the toolkit's registry check).
BULK_KNOWN_CREATE = {
    "sale.order": {"sale", "mail", "ecom_pii_guard"},
    "sale.order.line": {"sale", "sale_stock", "sale_margin"},
    "res.partner": {"base", "mail", "ecom_pii_guard"},
    "mail.followers": {"mail"},
    "procurement.group": set(),
    "stock.picking": {"stock", "mail"},
    "stock.move": {"stock"},
    "stock.move.line": {"stock", "stock_account"},
}


class BatchRetry(Exception):
    """A concurrent transaction changed what this batch read: redo the batch."""


class EcomChannelIntake(models.Model):
    """Creating the orders of a validated batch: set-based or order by order.

    ``_intake_bulk`` stores the whole batch in a few statements; when the
    batch needs core's path, ``_intake_one`` creates each order in its own
    savepoint. Both match buyers the same way (``ecom_channel_buyer.py``).
    """

    _inherit = "ecom.channel"

    @api.multi
    def _intake_bulk(self, validated, lookup):
        """The whole batch at once: result rows, or an exception (no partial write).

        Customers and delivery contacts go through the ORM (new buyers only);
        the orders, their lines and, for paid orders, procurement groups,
        deliveries, moves, move lines and reservations are stored set-based
        (ecom_base/tools/bulk.py, ``sale.order._ecom_bulk_confirm``): a few statements
        per batch instead of a few hundred per order. Runs in the caller's
        savepoint; any error rolls the batch back for the order-by-order path.
        """
        self._intake_check_fast_path()
        answers, todo = split_batch(validated, lookup)
        prefetch = defaultdict(set)   # shared by all records of the batch
        sale_vals, line_vals, created = self._intake_bulk_vals(
            [o for _i, o in todo], lookup, prefetch)
        sales = bulk.create(self.env["sale.order"], sale_vals, prefetch)
        created += [sales, bulk.create(self.env["sale.order.line"], [
            self._intake_bulk_line_vals(dict(vals, order_id=sale.id), sale)
            for sale, lines in zip(sales, line_vals) for vals in lines],
            prefetch)]
        paid = sales.browse([sale.id for sale, (_i, order) in zip(sales, todo)
                             if order["paid"]], prefetch=prefetch)
        if paid:
            self._intake_subscribe_customers(paid)
            created += paid._ecom_bulk_confirm()
        bulk.recompute(self.env, created)
        for sale, (_index, order) in zip(sales, todo):
            self._intake_after_order(sale, order)
        self.recompute()
        for sale_id, vals, (index, order) in zip(sales.ids, sale_vals, todo):
            lookup.remember_order(order["external_ref"], sale_id, vals["name"])
            answers[index] = ("created", order["external_ref"])
        return batch_results(validated, answers, lookup)

    @api.model
    def _intake_bulk_line_vals(self, vals, sale):
        """What sale_margin's ``create`` adds to a line (its cost price in
        the order's currency), when sale_margin is installed."""
        Line = self.env["sale.order.line"]
        if "purchase_price" in Line._fields and "purchase_price" not in vals:
            vals["purchase_price"] = Line._compute_margin(
                sale, self.env["product.product"].browse(vals["product_id"]),
                self.env["product.uom"].browse(vals["product_uom"]))
        return vals

    @api.model
    def _intake_check_fast_path(self):
        """Raise :class:`bulk.BulkUnsupported` (the batch goes order by order)
        when an installed module the set-based path does not know overrides
        ``create`` of a model it writes (``BULK_KNOWN_CREATE``)."""
        for model, known in BULK_KNOWN_CREATE.items():
            if not bulk.fast_path(self.env[model], ("create",), known):
                raise bulk.BulkUnsupported("%s.create overridden" % model)

    @api.multi
    def _intake_bulk_vals(self, orders, lookup, prefetch=None):
        """(sale.order values, [[sale.order.line values]], new partners).

        Paid orders are stored confirmed, as ``action_confirm`` leaves them
        (state, confirmation date; delivery's ``invoice_shipping_on_delivery``:
        the intake adds no delivery line).
        """
        now = fields.Datetime.now()
        sale_vals, line_vals = [], []
        partners, created = self._intake_bulk_partners(orders, lookup, prefetch)
        for order, (customer, delivery) in zip(orders, partners):
            vals = self._intake_order_vals(order, customer, delivery, lookup)
            line_vals.append([command[2] for command in vals.pop("order_line")])
            if order["paid"]:
                vals.update(state="sale", confirmation_date=now)
                if "invoice_shipping_on_delivery" in self.env["sale.order"]._fields:
                    vals["invoice_shipping_on_delivery"] = True
            sale_vals.append(vals)
        return sale_vals, line_vals, created

    @api.multi
    def _intake_one(self, order, lookup):
        """Create one validated order in its own savepoint; its result row."""
        ref = order["external_ref"]
        if lookup.existing_order(ref):
            return intake.result_row(ref, "exists", *lookup.existing_order(ref))
        cr = self.env.cr
        self.recompute()
        pending = LookupChanges()
        try:
            with cr.savepoint():
                sale = self._intake_create_order(order, lookup, pending)
                self._intake_after_order(sale, order)
                self.recompute()
                # flush to the database inside the savepoint: an error is this
                # order's, not the next one's
                sale.order_line.read(["price_subtotal"])
        except psycopg2.IntegrityError as error:
            self.env.clear()
            constraint = error.diag.constraint_name
            if constraint == ORDER_REF_CONSTRAINT:
                found = self._intake_committed_orders(lookup)
                if ref in found:
                    return intake.result_row(ref, "exists", *found[ref])
                raise BatchRetry() from error
            if constraint == PARTNER_REF_INDEX:
                # a parallel batch just created this buyer: redo with its data
                raise BatchRetry() from error
            rejected = intake.IntakeError(
                "rejected_by_rule", "order",
                detail="violates the database rule %s" % constraint)
            return intake.result_row(ref, "rejected", error=rejected)
        except intake.IntakeError as error:
            self.env.clear()
            return intake.result_row(ref, "rejected", error=error)
        except (UserError, ValidationError) as error:
            self.env.clear()
            rejected = intake.IntakeError("rejected_by_rule", "order",
                                          detail=error.name)
            return intake.result_row(ref, "rejected", error=rejected)
        # the order is in: remember what later orders of the batch may reuse
        lookup.apply(pending)
        lookup.remember_order(ref, sale.id, sale.name)
        return intake.result_row(ref, "created", sale.id, sale.name)

    @api.multi
    def _intake_committed_orders(self, lookup):
        """The batch's refs committed by other transactions since this one began.

        Read through a new cursor: this transaction's snapshot (repeatable read)
        does not show orders committed after it started.
        """
        refs = list(lookup.refs)
        with self.pool.cursor() as cr:
            cr.execute(
                "SELECT ecom_external_ref, id, name FROM sale_order "
                "WHERE ecom_channel_id = %s AND ecom_external_ref = ANY(%s)",
                (self.id, refs))
            found = {ref: (oid, name) for ref, oid, name in cr.fetchall()}
        lookup.existing.update(found)
        return found

    @api.model
    def _intake_after_order(self, order, payload):
        """Hook called in the order's savepoint after it was created (no-op).

        ``order`` is the new sale.order (sudo), ``payload`` the validated order
        dict. Raise to reject the order: its savepoint is rolled back.
        """
        return True

    # -- gathering the batch's reference data (set-based) -------------------
    @api.multi
    def _intake_prefetch(self, orders):
        keys = intake.collect_keys(orders)
        products = self.env["product.product"].search([
            ("default_code", "in", list(keys["skus"])),
            ("type", "in", ("product", "consu")),
            ("sale_ok", "=", True),
            "|", ("company_id", "=", False), ("company_id", "=", self.company_id.id),
        ])
        by_sku = {}
        for product in products:
            by_sku.setdefault(product.default_code, product)
        countries = self.env["res.country"].search([
            ("code", "in", list(keys["countries"]))])
        states = self.env["res.country.state"].search([
            ("country_id", "in", countries.ids)])
        state_map = {}
        for state in states:
            state_map[(state.country_id.id, state.code.upper())] = state.id
            state_map[(state.country_id.id, state.name.lower())] = state.id
        carriers = self.env["delivery.carrier"].search([])
        existing = self.env["sale.order"].with_context(active_test=False).search_read(
            [("ecom_channel_id", "=", self.id),
             ("ecom_external_ref", "in", list(keys["refs"]))],
            ["ecom_external_ref", "name"])
        currency = self.pricelist_id.currency_id or self.company_id.currency_id
        catalog = intake.Catalog(
            skus=by_sku, countries=countries.mapped("code"),
            currency=currency.name, carriers=carriers.mapped("name"),
            # national phone numbers: the company's country (the blind index
            # of ecom_partner_encryption normalises with the same region)
            region=self.company_id.country_id.code or None)
        lookup = IntakeLookup(
            refs=keys["refs"],
            products=by_sku,
            product_data=self._intake_product_data(products),
            countries={c.code.upper(): c.id for c in countries},
            states=state_map,
            carriers={c.name.strip().lower(): c.id for c in carriers},
            existing={r["ecom_external_ref"]: (r["id"], r["name"]) for r in existing},
        )
        return catalog, lookup

    @api.multi
    def _intake_product_data(self, products):
        """What the order lines need of the batch's products, read once.

        Kept in plain dicts: the stock operations of the batch invalidate the
        record cache, the lines of later orders must not read products again.
        """
        rows = products.read(["display_name", "uom_id", "sale_delay", "taxes_id"],
                             load="")
        taxes = self.env["account.tax"].browse(
            {tax_id for row in rows for tax_id in row["taxes_id"]})
        own_taxes = set(taxes.filtered(
            lambda tax: tax.company_id == self.company_id).ids)
        return {row["id"]: {
            "name": row["display_name"],
            "uom_id": row["uom_id"],
            "sale_delay": row["sale_delay"],
            "tax_ids": [t for t in row["taxes_id"] if t in own_taxes],
        } for row in rows}

    # -- the orders' values and confirmation ---------------------------------
    @api.multi
    def _intake_order_vals(self, order, customer, delivery, lookup):
        lines = []
        for line in order["lines"]:
            product, data = lookup.product_values(line["sku"])
            lines.append((0, 0, {
                "product_id": product.id,
                "name": data["name"],
                "product_uom_qty": line["qty"],
                "product_uom": data["uom_id"],
                "price_unit": line["price_unit"],
                "tax_id": [(6, 0, data["tax_ids"])],
                "customer_lead": data["sale_delay"],
            }))
        carrier_id = lookup.carrier_id(order["shipping_method"], self.carrier_id.id)
        return {
            "name": self._intake_order_name(),
            "ecom_channel_id": self.id,
            "ecom_external_ref": order["external_ref"],
            "client_order_ref": order["external_ref"],
            "partner_id": customer.id,
            "partner_invoice_id": customer.id,
            "partner_shipping_id": delivery.id,
            "pricelist_id": self.pricelist_id.id,
            "company_id": self.company_id.id,
            "warehouse_id": self.warehouse_id.id,
            "team_id": self.team_id.id,
            "user_id": False,
            "carrier_id": carrier_id,
            "date_order": order["ordered_at"],
            "note": order["note"] or False,
            "order_line": lines,
        }

    @api.multi
    def _intake_order_name(self):
        """The channel's next order number; without a channel sequence, the
        number ``sale.order.create`` gives (the set-based path inserts orders
        without calling it, so the name is always set here)."""
        if self.sequence_id:
            return self.sequence_id.next_by_id()
        return self.env["ir.sequence"].with_context(
            force_company=self.company_id.id).next_by_code("sale.order") or _("New")

    @api.multi
    def _intake_create_order(self, order, lookup, pending):
        customer = self._intake_customer(order["customer"], lookup, pending)
        delivery = self._intake_delivery_contact(
            customer, order["shipping"], lookup, pending)
        sale = self.env["sale.order"].create(
            self._intake_order_vals(order, customer, delivery, lookup))
        if order["paid"]:
            self._intake_confirm(sale)
        return sale

    @api.model
    def _intake_confirm(self, sale):
        """Paid: confirm (delivery from the channel warehouse) and reserve stock."""
        self._intake_subscribe_customers(sale)
        sale.action_confirm()
        pickings = sale.picking_ids.filtered(
            lambda p: p.state in ("confirmed", "waiting"))
        if pickings:
            pickings.action_assign()

    @api.model
    def _intake_subscribe_customers(self, sales):
        """Each customer follows its new orders, as core's action_confirm does.

        Core subscribes order by order (a search, an unlink, a write and a
        cache drop each); for new orders, which have no follower yet, the
        follower rows of the batch are inserted together, with the subtypes
        core gives (external ones to customers, default ones to employees).
        """
        followers = self.env["mail.followers"].sudo()
        known = {(f.res_id, f.partner_id.id) for f in followers.search([
            ("res_model", "=", "sale.order"), ("res_id", "in", sales.ids),
            ("partner_id", "!=", False)])}
        partners = sales.mapped("partner_id")
        employees = set(self.env["res.users"].sudo().search([
            ("partner_id", "in", partners.ids), ("share", "=", False)]
        ).mapped("partner_id").ids)
        default, _internal, external = \
            self.env["mail.message.subtype"].default_subtypes("sale.order")
        bulk.create(followers, [{
            "res_model": "sale.order",
            "res_id": sale.id,
            "partner_id": sale.partner_id.id,
            "subtype_ids": [(6, 0, (default if sale.partner_id.id in employees
                                    else external).ids)],
        } for sale in sales if (sale.id, sale.partner_id.id) not in known])
        sales.invalidate_cache(ids=sales.ids)
