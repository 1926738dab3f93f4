# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random
import time
from collections import defaultdict

import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import intake
from ..services.stock_policy import available_qty
from odoo.addons.ecom_base.tools import bulk

_logger = logging.getLogger(__name__)

ORDER_REF_CONSTRAINT = "sale_order_ecom_channel_ref_uniq"
PARTNER_REF_INDEX = "res_partner_ecom_customer_ref_uniq"   # see res_partner.init
CONCURRENCY_ERRORS = (
    errorcodes.LOCK_NOT_AVAILABLE,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.DEADLOCK_DETECTED,
)
MAX_TRIES = 6
# what sends a batch from the set-based path to the order-by-order one
BULK_FALLBACK_ERRORS = (bulk.BulkUnsupported, UserError, ValidationError, intake.IntakeError,
                        psycopg2.IntegrityError)
PLATFORMS = [
    ("own_web", "Own web shop"),
    ("tmall", "Tmall"),
    ("taobao", "Taobao"),
    ("jd", "JD.com"),
    ("pinduoduo", "Pinduoduo"),
    ("douyin", "Douyin"),
    ("shopify", "Shopify"),
    ("amazon", "Amazon"),
    ("other", "Other"),
]
INTAKE_CONTEXT = {
    "ecom_intake": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}


class BatchRetry(Exception):
    """A concurrent transaction changed what this batch read: redo the batch."""


class EcomChannel(models.Model):
    """A shop or marketplace the business sells through.

    Shops push orders in batches with :meth:`import_orders`, read the stock they
    may advertise with :meth:`export_stock` and follow their orders with
    :meth:`order_status` (all over XML-RPC, see README).
    """

    _name = "ecom.channel"
    _description = "Sales channel (shop or marketplace)"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=False)
    code = fields.Char(
        required=True, help="Short unique code the shop sends with its API calls."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    platform = fields.Selection(PLATFORMS, required=True, default="own_web")
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="restrict",
        help="Paid orders are delivered from this warehouse; its stock is exported.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist", required=True, ondelete="restrict",
        help="Its currency is the channel currency; the prices come from the shop.",
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team")
    sequence_id = fields.Many2one(
        "ir.sequence", string="Order Sequence", copy=False, ondelete="restrict",
        help="Numbers the channel's orders (created with the channel, prefix = code).",
    )
    carrier_id = fields.Many2one("delivery.carrier", string="Default Carrier")
    customer_service_user_ids = fields.Many2many(
        "res.users", "ecom_channel_cs_user_rel", "channel_id", "user_id",
        string="Customer Service",
        help="Customer-service users in charge of this channel's orders and customers.",
    )
    stock_share_percent = fields.Float(
        "Stock Share (%)", default=100.0,
        help="Share of the free stock of the warehouse offered on this channel.",
    )
    stock_buffer_qty = fields.Float(
        "Safety Buffer", default=0.0,
        help="Units per product kept back before the share is applied.",
    )
    stock_cap_qty = fields.Float(
        "Cap", default=0.0, help="Most units advertised per product; 0 = no cap."
    )
    order_count = fields.Integer(compute="_compute_dashboard")
    orders_today_count = fields.Integer(compute="_compute_dashboard")
    to_ship_count = fields.Integer(compute="_compute_dashboard")
    late_count = fields.Integer(compute="_compute_dashboard")
    stockout_count = fields.Integer(compute="_compute_dashboard")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The channel code must be unique."),
        ("share_range",
         "CHECK(stock_share_percent >= 0 AND stock_share_percent <= 100)",
         "The stock share must be between 0 and 100 %."),
        ("buffer_positive", "CHECK(stock_buffer_qty >= 0 AND stock_cap_qty >= 0)",
         "Buffer and cap cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.multi
    def _compute_dashboard(self):
        """Counters of the dashboard cards, a few grouped queries for all cards."""
        if not self.ids:
            return
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        # sudo: counts only (no record, no customer data) of the channels this
        # user may read; warehouse staff have no access to sales orders.
        order_model = self.env["sale.order"].sudo()
        picking_model = self.env["stock.picking"].sudo()
        domain = [("ecom_channel_id", "in", self.ids)]

        def counts(model, extra):
            rows = model.read_group(domain + extra, ["ecom_channel_id"],
                                    ["ecom_channel_id"])
            return {r["ecom_channel_id"][0]: r["ecom_channel_id_count"] for r in rows}
        orders = counts(order_model, [])
        today_orders = counts(order_model, [("date_order", ">=", today + " 00:00:00")])
        open_pickings = [("picking_type_code", "=", "outgoing"),
                         ("state", "in", ("confirmed", "waiting", "assigned"))]
        to_ship = counts(picking_model, open_pickings)
        late = counts(picking_model, open_pickings + [("scheduled_date", "<", now)])
        stockouts = self._stockout_counts()
        for channel in self:
            channel.order_count = orders.get(channel.id, 0)
            channel.orders_today_count = today_orders.get(channel.id, 0)
            channel.to_ship_count = to_ship.get(channel.id, 0)
            channel.late_count = late.get(channel.id, 0)
            channel.stockout_count = stockouts.get(channel.id, 0)

    def _stockout_counts(self):
        """Storable products with nothing to offer on the channel (one query each)."""
        result = {}
        for channel in self:
            rows = channel._stock_rows(None)
            result[channel.id] = sum(
                1 for row in rows if channel._available_from_row(row) <= 0
            )
        return result

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        if not vals.get("sequence_id") and vals.get("code"):
            vals["sequence_id"] = self.env["ir.sequence"].sudo().create(
                self._prepare_sequence_vals(vals)
            ).id
        return super().create(vals)

    @api.model
    def _prepare_sequence_vals(self, vals):
        code = vals["code"].strip().upper()
        return {
            "name": _("Channel %s orders") % code,
            "code": "ecom.channel.%s" % code.lower(),
            "prefix": "%s/" % code,
            "padding": 6,
            # 'standard' = PostgreSQL sequence: no row lock, parallel imports never
            # wait on each other for a number.
            "implementation": "standard",
            "company_id": vals.get("company_id") or False,
        }

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    @api.multi
    def action_view_orders(self):
        self.ensure_one()
        action = self.env.ref("sale.action_orders").read()[0]
        action["domain"] = [("ecom_channel_id", "=", self.id)]
        action["context"] = {"default_ecom_channel_id": self.id}
        return action

    @api.multi
    def action_view_to_ship(self):
        self.ensure_one()
        action = self.env.ref("stock.action_picking_tree_all").read()[0]
        action["domain"] = [("ecom_channel_id", "=", self.id),
                            ("picking_type_code", "=", "outgoing"),
                            ("state", "in", ("confirmed", "waiting", "assigned"))]
        action["context"] = {}
        return action

    @api.multi
    def action_view_late(self):
        action = self.action_view_to_ship()
        action["domain"].append(("scheduled_date", "<", fields.Datetime.now()))
        return action

    @api.multi
    def action_view_import_logs(self):
        self.ensure_one()
        action = self.env.ref("ecom_channel.ecom_import_log_action").read()[0]
        action["domain"] = [("channel_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # API: access
    # ------------------------------------------------------------------
    @api.model
    def _check_api_access(self):
        user = self.env.user
        if not (user.has_group("ecom_base.group_integration")
                or user.has_group("sales_team.group_sale_manager")):
            raise AccessError(_(
                "Only channel integration users and sales managers may call the "
                "channel API."))

    @api.model
    def _get_api_channel(self, channel_code):
        if not isinstance(channel_code, str) or not channel_code.strip():
            return self.browse()
        return self.search([("code", "=", channel_code.strip())], limit=1)

    # ------------------------------------------------------------------
    # API: order intake
    # ------------------------------------------------------------------
    @api.model
    def import_orders(self, channel_code, orders):
        """Create the orders of one batch; one result per order, in order.

        Each order is all-or-nothing (own savepoint); (channel, external_ref) is
        unique in the database, so a ref sent twice, even by parallel clients to
        several workers, gives one order and "exists" for the others.
        """
        self._check_api_access()
        user = self.env.user
        # sudo: the caller passed _check_api_access. The batch only creates this
        # channel's customers/orders from the payload and answers refs, ids, order
        # names and error codes, never partner data (integration users get no ACL
        # on res.partner; test_channel_rpc checks they still cannot read it).
        channel_model = self.sudo().with_context(**INTAKE_CONTEXT)
        for attempt in range(1, MAX_TRIES + 1):
            try:
                return channel_model._import_batch(channel_code, orders, user)
            except (BatchRetry, psycopg2.OperationalError) as error:
                if isinstance(error, psycopg2.OperationalError) and \
                        error.pgcode not in CONCURRENCY_ERRORS:
                    raise
                if attempt == MAX_TRIES:
                    break
                # Another worker committed what this batch read: start again in a
                # new transaction, which sees its orders and answers "exists".
                _logger.info("ecom.channel import: concurrent update, retry %d",
                             attempt)
                self.env.cr.rollback()
                self.env.clear()
                time.sleep(random.uniform(0.05, 0.3 * attempt))
        self.env.cr.rollback()
        raise UserError(_(
            "The channel is busy with parallel imports of the same orders; nothing "
            "of this batch was saved. Send the batch again."))

    @api.model
    def _import_batch(self, channel_code, orders, user):
        started = time.time()
        channel = self._get_api_channel(channel_code)
        error = intake.check_batch(orders)
        if not error and not channel:
            error = intake.IntakeError("unknown_channel", "channel_code",
                                       value=channel_code)
        if error:
            if not isinstance(orders, list):
                raise ValidationError(error.message)
            results = [intake.result_row(intake.raw_ref(o), "rejected", error=error)
                       for o in orders]
        else:
            results = channel._import_orders(orders)
        self.env["ecom.import.log"]._record(
            channel, channel_code, user, results, time.time() - started)
        return results

    @api.multi
    def _import_orders(self, orders):
        self.ensure_one()
        catalog, lookup = self.with_context(prefetch_fields=False)._intake_prefetch(
            orders)
        validated = []
        for raw in orders:
            try:
                validated.append((raw, intake.validate_order(raw, catalog), None))
            except intake.IntakeError as error:
                validated.append((raw, None, error))
        self._intake_prefetch_customers([v for _r, v, _e in validated if v], lookup)
        new_refs = {order["external_ref"] for _r, order, _e in validated
                    if order and order["external_ref"] not in lookup["existing"]}
        if len(new_refs) > 1:
            saved = {key: dict(value) for key, value in lookup.items()
                     if isinstance(value, dict)}
            try:
                with self.env.cr.savepoint():
                    # the batch reads columns one at a time, for all its
                    # records: cheaper than whole rows of wide tables
                    return self.with_context(prefetch_fields=False)._intake_bulk(
                        validated, lookup)
            except BULK_FALLBACK_ERRORS as error:
                # Something in the batch needs core's path, or one order breaks
                # a rule: redo the batch order by order, each in its savepoint,
                # so that only the bad order is rejected.
                _logger.info("ecom.channel import: batch of %d orders taken order "
                             "by order (%s: %s)", len(new_refs),
                             type(error).__name__, error)
                self.env.clear()
                lookup.update(saved)
        return [self._intake_one(order, lookup) if order
                else intake.result_row(intake.raw_ref(raw), "rejected", error=error)
                for raw, order, error in validated]

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
        results = [None] * len(validated)
        todo, first_of = [], {}
        for index, (raw, order, error) in enumerate(validated):
            if error:
                results[index] = intake.result_row(intake.raw_ref(raw), "rejected",
                                                   error=error)
                continue
            ref = order["external_ref"]
            if ref in lookup["existing"]:
                results[index] = intake.result_row(ref, "exists",
                                                   *lookup["existing"][ref])
            elif ref in first_of:
                results[index] = ref  # the same ref twice: "exists" below
            else:
                first_of[ref] = index
                todo.append((index, order))
        prefetch = defaultdict(set)   # shared by all records of the batch
        sale_vals, line_vals, created = self._intake_bulk_vals(
            [o for _i, o in todo], lookup, prefetch)
        sales = bulk.create(self.env["sale.order"], sale_vals, prefetch)
        created += [sales, bulk.create(self.env["sale.order.line"], [
            dict(vals, order_id=sale_id)
            for sale_id, lines in zip(sales.ids, line_vals) for vals in lines],
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
            lookup["existing"][order["external_ref"]] = (sale_id, vals["name"])
            results[index] = intake.result_row(order["external_ref"], "created",
                                               sale_id, vals["name"])
        for index, row in enumerate(results):
            if isinstance(row, str):
                results[index] = intake.result_row(row, "exists",
                                                   *lookup["existing"][row])
        return results

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
        if ref in lookup["existing"]:
            return intake.result_row(ref, "exists", *lookup["existing"][ref])
        cr = self.env.cr
        self.recompute()
        pending = {}
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
        for key, mapping in pending.items():
            lookup[key].update(mapping)
        lookup["existing"][ref] = (sale.id, sale.name)
        return intake.result_row(ref, "created", sale.id, sale.name)

    @api.multi
    def _intake_committed_orders(self, lookup):
        """The batch's refs committed by other transactions since this one began.

        Read through a new cursor: this transaction's snapshot (repeatable read)
        does not show orders committed after it started.
        """
        refs = list(lookup["refs"])
        with self.pool.cursor() as cr:
            cr.execute(
                "SELECT ecom_external_ref, id, name FROM sale_order "
                "WHERE ecom_channel_id = %s AND ecom_external_ref = ANY(%s)",
                (self.id, refs))
            found = {ref: (oid, name) for ref, oid, name in cr.fetchall()}
        lookup["existing"].update(found)
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
            currency=currency.name, carriers=carriers.mapped("name"))
        lookup = {
            "refs": keys["refs"],
            "products": by_sku,
            "product_data": self._intake_product_data(products),
            "countries": {c.code.upper(): c.id for c in countries},
            "states": state_map,
            "carriers": {c.name.strip().lower(): c.id for c in carriers},
            "existing": {
                r["ecom_external_ref"]: (r["id"], r["name"]) for r in existing},
            "by_external_id": {}, "by_email": {}, "by_phone": {}, "addresses": {},
            "partner_refs": {},
        }
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
                lookup[key].setdefault(partner[field], partner.id)
                lookup["partner_refs"][partner.id] = partner.ecom_customer_ref
            partners |= found
        if partners:
            contacts = partner_model.search([
                ("parent_id", "in", partners.ids), ("type", "=", "delivery")])
            for contact in contacts:
                lookup["addresses"][self._address_key_of(contact)] = contact.id

    # -- creating one order -------------------------------------------------
    @api.model
    def _address_key_of(self, partner):
        return (partner.parent_id.id, partner.name or False, partner.phone or False,
                partner.street or False, partner.street2 or False,
                partner.city or False, partner.zip or False, partner.country_id.id)

    @api.multi
    def _intake_match_customer(self, customer, lookup):
        """External id first, else e-mail, else phone; never another account's."""
        ext_id = customer["external_id"]
        if ext_id and ext_id in lookup["by_external_id"]:
            return self.env["res.partner"].browse(lookup["by_external_id"][ext_id])
        for key, value in (("by_email", customer["email"]),
                           ("by_phone", customer["phone"])):
            partner_id = value and lookup[key].get(value)
            other_ref = partner_id and lookup["partner_refs"].get(partner_id)
            if partner_id and not (ext_id and other_ref and other_ref != ext_id):
                return self.env["res.partner"].browse(partner_id)
        return self.env["res.partner"]

    @api.multi
    def _intake_customer(self, customer, lookup, pending):
        partner = self._intake_match_customer(customer, lookup)
        if partner:
            if customer["external_id"] and not partner.ecom_customer_ref:
                partner.ecom_customer_ref = customer["external_id"]
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
        pending.setdefault("partner_refs", {})[partner_id] = \
            ref or customer["external_id"]
        for key, value in (("by_external_id", customer["external_id"]),
                           ("by_email", customer["email"]),
                           ("by_phone", customer["phone"])):
            if value and value not in lookup[key]:
                pending.setdefault(key, {})[value] = partner_id

    @api.multi
    def _intake_delivery_contact(self, customer, shipping, lookup, pending):
        key, vals = self._intake_delivery_vals(customer.id, shipping, lookup)
        if key in lookup["addresses"]:
            return self.env["res.partner"].browse(lookup["addresses"][key])
        contact = self.env["res.partner"].create(vals)
        pending.setdefault("addresses", {})[key] = contact.id
        return contact

    @api.multi
    def _intake_delivery_vals(self, customer_id, shipping, lookup):
        """(address key, values) of the delivery contact of ``shipping``."""
        country_id = lookup["countries"][shipping["country_code"]]
        state_id = False
        if shipping["state"]:
            state_id = lookup["states"].get((country_id, shipping["state"].upper())) \
                or lookup["states"].get((country_id, shipping["state"].lower()))
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
            "state_id": state_id,
            "ecom_channel_id": self.id,
            "customer": False,
        }
        key = (customer_id, vals["name"], vals["phone"], vals["street"],
               vals["street2"], vals["city"], vals["zip"], country_id)
        return key, vals

    @api.multi
    def _intake_bulk_partners(self, orders, lookup, prefetch=None):
        """[(customer, delivery contact)] of ``orders``; new ones set-based.

        Buyers and addresses are matched as order by order (a new buyer of the
        batch gets a negative placeholder id until the partners are stored).
        What core's ``res.partner.create`` adds for a first delivery contact is
        done here: a new customer gets the address of its first contact
        (``_handle_first_contact_creation``); a contact of a customer that
        existed before the batch goes through core's sync afterwards.
        """
        partner_model = self.env["res.partner"]
        customers, contacts, pairs = [], [], []
        for order in orders:
            buyer = order["customer"]
            pending = {}
            customer_id = self._intake_match_customer(buyer, lookup).id
            if customer_id and customer_id > 0:
                partner = partner_model.browse(customer_id)
                if buyer["external_id"] and not partner.ecom_customer_ref:
                    partner.ecom_customer_ref = buyer["external_id"]
                ref = partner.ecom_customer_ref
            elif customer_id:
                vals = customers[-customer_id - 1]
                if buyer["external_id"] and not vals["ecom_customer_ref"]:
                    vals["ecom_customer_ref"] = buyer["external_id"]
                ref = vals["ecom_customer_ref"]
            else:
                customers.append(self._intake_customer_vals(buyer))
                customer_id, ref = -len(customers), buyer["external_id"]
            self._intake_remember_customer(customer_id, ref, buyer, lookup, pending)
            key, vals = self._intake_delivery_vals(customer_id, order["shipping"],
                                                   lookup)
            contact_id = lookup["addresses"].get(key)
            if not contact_id:
                contacts.append(vals)
                contact_id = pending.setdefault("addresses", {})[key] = \
                    -len(contacts)
            for name, mapping in pending.items():
                lookup[name].update(mapping)
            pairs.append((customer_id, contact_id))
        address = partner_model._address_fields()
        for vals in contacts:
            if vals["parent_id"] < 0:
                parent = customers[-vals["parent_id"] - 1]
                if not any(parent.get(name) for name in address):
                    parent.update({name: vals[name] for name in address
                                   if name in vals})
        new_customers = bulk.create(partner_model, customers, prefetch)
        real = dict(zip(range(-1, -len(customers) - 1, -1), new_customers.ids))
        for vals in contacts:
            vals["parent_id"] = real.get(vals["parent_id"], vals["parent_id"])
        new_contacts = bulk.create(partner_model, contacts, prefetch)
        created = set(new_customers.ids)
        for contact, vals in zip(new_contacts, contacts):
            if vals["parent_id"] not in created:
                # a repeat buyer's new address: core's create hooks as they are
                contact._fields_sync(vals)
                contact._handle_first_contact_creation()
        real_contacts = dict(zip(range(-1, -len(contacts) - 1, -1), new_contacts.ids))
        return [(partner_model.browse(real.get(customer_id, customer_id)),
                 partner_model.browse(real_contacts.get(contact_id, contact_id)))
                for customer_id, contact_id in pairs], [new_customers, new_contacts]

    @api.multi
    def _intake_order_vals(self, order, customer, delivery, lookup):
        lines = []
        for line in order["lines"]:
            product = lookup["products"][line["sku"]]
            data = lookup["product_data"][product.id]
            lines.append((0, 0, {
                "product_id": product.id,
                "name": data["name"],
                "product_uom_qty": line["qty"],
                "product_uom": data["uom_id"],
                "price_unit": line["price_unit"],
                "tax_id": [(6, 0, data["tax_ids"])],
                "customer_lead": data["sale_delay"],
            }))
        carrier_id = self.carrier_id.id
        if order["shipping_method"]:
            carrier_id = lookup["carriers"][order["shipping_method"].lower()]
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

    # ------------------------------------------------------------------
    # API: stock export
    # ------------------------------------------------------------------
    @api.model
    def export_stock(self, channel_code, skus=None):
        """[{"sku", "available_qty"}] the channel may advertise (see stock_policy)."""
        self._check_api_access()
        # sudo: the caller passed _check_api_access; only SKUs and integer
        # quantities of the channel's own warehouse are returned.
        channel = self.sudo()._get_api_channel(channel_code)
        if not channel:
            raise ValidationError(intake.IntakeError(
                "unknown_channel", "channel_code", value=channel_code).message)
        if skus is not None and (not isinstance(skus, list) or not all(
                isinstance(s, str) for s in skus)):
            raise ValidationError(_("skus must be a list of SKU strings"))
        rows = channel._stock_rows(skus)
        result = [{"sku": row[0], "available_qty": channel._available_from_row(row)}
                  for row in rows]
        if skus is not None:
            known = {row[0] for row in rows}
            result += [{"sku": sku, "available_qty": 0}
                       for sku in dict.fromkeys(skus) if sku not in known]
        return result

    @api.multi
    def _available_from_row(self, row):
        return available_qty(row[1], row[2], self.stock_buffer_qty,
                             self.stock_share_percent, self.stock_cap_qty)

    @api.multi
    def _stock_locations(self):
        self.ensure_one()
        return self.env["stock.location"].sudo().search([
            ("id", "child_of", self.warehouse_id.view_location_id.id),
            ("usage", "=", "internal")]).ids

    @api.multi
    def _stock_rows(self, skus):
        """(sku, on hand, reserved) per storable product, one SQL query."""
        self.ensure_one()
        location_ids = self._stock_locations() or [0]
        query = """
            SELECT p.default_code,
                   COALESCE(SUM(q.quantity), 0),
                   COALESCE(SUM(q.reserved_quantity), 0)
              FROM product_product p
              JOIN product_template t ON t.id = p.product_tmpl_id
         LEFT JOIN stock_quant q ON q.product_id = p.id AND q.location_id = ANY(%s)
             WHERE t.type = 'product' AND p.active AND t.active
               AND p.default_code IS NOT NULL
               AND (t.company_id IS NULL OR t.company_id = %s)
        """
        params = [location_ids, self.company_id.id]
        if skus is not None:
            query += " AND p.default_code = ANY(%s)"
            params.append(list(skus))
        query += " GROUP BY p.id, p.default_code ORDER BY p.default_code, p.id"
        self.env.cr.execute(query, params)
        rows, seen = [], set()
        for row in self.env.cr.fetchall():
            if row[0] not in seen:
                seen.add(row[0])
                rows.append(row)
        return rows

    # ------------------------------------------------------------------
    # API: order status
    # ------------------------------------------------------------------
    @api.model
    def order_status(self, channel_code, external_refs):
        """Per ref: state, carrier, tracking number, shipped_at (UTC)."""
        self._check_api_access()
        # sudo: the caller passed _check_api_access; answers order state and
        # shipping references only, no customer data.
        channel = self.sudo()._get_api_channel(channel_code)
        if not channel:
            raise ValidationError(intake.IntakeError(
                "unknown_channel", "channel_code", value=channel_code).message)
        if not isinstance(external_refs, list) or not all(
                isinstance(r, str) for r in external_refs):
            raise ValidationError(_("external_refs must be a list of strings"))
        if len(external_refs) > intake.MAX_BATCH * 10:
            raise ValidationError(_("external_refs is too large (max %d)")
                                  % (intake.MAX_BATCH * 10))
        orders = self.env["sale.order"].sudo().search([
            ("ecom_channel_id", "=", channel.id),
            ("ecom_external_ref", "in", external_refs)])
        by_ref = {order.ecom_external_ref: order for order in orders}
        return [self._status_row(ref, by_ref.get(ref)) for ref in external_refs]

    @api.model
    def _status_row(self, ref, order):
        row = {"external_ref": ref, "state": "unknown", "order_id": False,
               "order_name": False, "carrier": False, "tracking_ref": False,
               "shipped_at": False}
        if not order:
            return row
        row.update(order_id=order.id, order_name=order.name,
                   state=order._ecom_status())
        deliveries = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
        done = deliveries.filtered(lambda p: p.state == "done")
        shipping = done or deliveries
        carrier = shipping.mapped("carrier_id")[:1] or order.carrier_id
        row["carrier"] = carrier.name or False
        row["tracking_ref"] = ",".join(
            shipping.filtered("carrier_tracking_ref").mapped("carrier_tracking_ref")
        ) or False
        if done:
            row["shipped_at"] = max(done.mapped("date_done"))
        return row
