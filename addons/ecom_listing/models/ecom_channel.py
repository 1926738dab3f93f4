# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ecom_base.tools import bulk
from odoo.addons.ecom_channel.services import intake

from ..services import payload, resolve, stock
from ..services.errors import ListingError
from .ecom_channel_listing import PLATFORM_INDEX, SELLER_INDEX

_logger = logging.getLogger(__name__)

RETRY_CONSTRAINTS = (PLATFORM_INDEX, SELLER_INDEX,
                     "ecom_channel_listing_line_product_uniq")
LISTING_VALUE_FIELDS = ("name", "active", "stock_policy", "stock_share_percent",
                        "stock_buffer_qty", "stock_cap_qty", "stock_fixed_qty")


class ListingRetry(Exception):
    """Another transaction committed a listing this batch creates: redo it."""


class EcomChannel(models.Model):
    """Listings of a channel: intake by listing, stock per listing, import.

    Extends the channel at its edges only: ``_import_orders`` (translate the
    listing lines of a batch into component lines, then the channel's own
    intake, set-based path included) and ``export_stock`` (a ``listings``
    flag), so the channel's intake internals stay its own.
    """

    _inherit = "ecom.channel"

    listing_ids = fields.One2many("ecom.channel.listing", "channel_id")
    listing_count = fields.Integer(compute="_compute_listing_count")
    unmatched_count = fields.Integer(compute="_compute_listing_count")
    listing_stock_allocation = fields.Selection(
        [("shared", "Shared: each listing may sell all free components"),
         ("split", "Split: free components divided between listings")],
        required=True, default="shared",
        help="How the stock of a product in several listings is exported "
             "(see the add-on's README).")

    @api.multi
    def _compute_listing_count(self):
        # sudo: counts only, for the channels this user may read; warehouse
        # staff have no access to the listings themselves (components only).
        listings = self.env["ecom.channel.listing"].sudo().read_group(
            [("channel_id", "in", self.ids)], ["channel_id"], ["channel_id"])
        unmatched = self.env["ecom.listing.unmatched"].sudo().read_group(
            [("channel_id", "in", self.ids)], ["channel_id"], ["channel_id"])
        listings = {r["channel_id"][0]: r["channel_id_count"] for r in listings}
        unmatched = {r["channel_id"][0]: r["channel_id_count"] for r in unmatched}
        for channel in self:
            channel.listing_count = listings.get(channel.id, 0)
            channel.unmatched_count = unmatched.get(channel.id, 0)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    @api.multi
    def action_view_listings(self):
        self.ensure_one()
        action = self.env.ref("ecom_listing.ecom_channel_listing_action").read()[0]
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        return action

    @api.multi
    def action_view_unmatched(self):
        self.ensure_one()
        action = self.env.ref("ecom_listing.ecom_listing_unmatched_action").read()[0]
        action["domain"] = [("channel_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # intake: listing lines -> component lines
    # ------------------------------------------------------------------
    @api.multi
    def _import_orders(self, orders):
        """Orders naming listings go through the channel's intake as component
        lines; an order with an unknown or unsellable listing is rejected here
        (``unknown_listing`` / ``invalid_listing``), its platform SKU kept in
        the unmatched list. Answers keep the order of the batch."""
        self.ensure_one()
        keys = resolve.collect_keys(orders)
        if not any(keys.values()):
            return super()._import_orders(orders)
        index = self._listing_intake_index(keys)
        digits = self.env["decimal.precision"].precision_get("Product Price")
        results = [None] * len(orders)
        todo, unmatched = [], []
        for position, raw in enumerate(orders):
            try:
                translated, traces, origin = resolve.translate_order(raw, index,
                                                                     digits)
            except ListingError as error:
                ref = intake.raw_ref(raw)
                results[position] = intake.result_row(ref, "rejected", error=error)
                if error.code == "unknown_listing":
                    unmatched.append((self.id,) + resolve.unmatched_key(error.line)
                                     + (ref,))
                continue
            todo.append((position, translated, traces, origin))
        self.env["ecom.listing.unmatched"]._record(unmatched)
        rows = super()._import_orders([t[1] for t in todo]) if todo else []
        traced = []
        for (position, _order, traces, origin), row in zip(todo, rows):
            if origin and row["status"] == "rejected":
                row = resolve.remap_message(row, origin)
            if traces and row["status"] == "created":
                traced.append((row["order_id"], traces))
            results[position] = row
        self._listing_trace_lines(traced)
        return results

    @api.multi
    def _listing_intake_index(self, keys):
        """The batch's listings with their components: two queries."""
        self.env.cr.execute("""
            SELECT l.id, l.platform_item_id, l.platform_sku_id, l.seller_code,
                   c.product_id, c.quantity
              FROM ecom_channel_listing l
         LEFT JOIN ecom_channel_listing_line c ON c.listing_id = l.id
             WHERE l.channel_id = %s AND l.active
               AND (l.platform_item_id = ANY(%s) OR l.platform_sku_id = ANY(%s)
                    OR l.seller_code = ANY(%s))
          ORDER BY l.id, c.sequence, c.id
        """, (self.id, list(keys["platform_item_id"]), list(keys["platform_sku_id"]),
              list(keys["seller_code"])))
        rows = self.env.cr.fetchall()
        products = self.env["product.product"].with_context(
            active_test=False, prefetch_fields=False).browse(
            {row[4] for row in rows if row[4]})
        data = {row["id"]: row for row in products.read(
            ["default_code", "active", "type", "sale_ok", "lst_price", "company_id"],
            load="")}
        listings = {}
        for listing_id, item, sku_id, seller, product_id, qty in rows:
            entry = listings.setdefault(listing_id, [item, sku_id, seller, [], []])
            if product_id:
                product = data[product_id]
                entry[3].append((product["default_code"], qty, product["lst_price"]))
                entry[4].append(self._listing_component_problem(product))
        index = resolve.ListingIndex()
        for listing_id, (item, sku_id, seller, components, problems) in \
                listings.items():
            problem = next((p for p in problems if p), None)
            if not components:
                problem = _("it has no components")
            index.add(resolve.IntakeListing(listing_id, item, sku_id, seller,
                                            components, problem))
        return index

    @api.multi
    def _listing_component_problem(self, product):
        """Why a component (a dict read from product.product) cannot be sold."""
        name = product["default_code"] or "#%d" % product["id"]
        if not product["active"]:
            return _("component %s is archived") % name
        if product["type"] != "product":
            return _("component %s is not a storable product") % name
        if not product["default_code"]:
            return _("component %s has no internal reference") % name
        if not product["sale_ok"]:
            return _("component %s cannot be sold") % name
        if product["company_id"] and product["company_id"] != self.company_id.id:
            return _("component %s belongs to another company") % name
        return None

    @api.model
    def _listing_trace_lines(self, traced):
        """Each component line of the new orders remembers its platform line:
        one SELECT and one UPDATE for the batch ([(order id, [Trace|None])])."""
        if not traced:
            return
        self.env.cr.execute(
            "SELECT order_id, id FROM sale_order_line WHERE order_id = ANY(%s) "
            "ORDER BY order_id, id", ([order_id for order_id, _t in traced],))
        line_ids = defaultdict(list)
        for order_id, line_id in self.env.cr.fetchall():
            line_ids[order_id].append(line_id)
        ids, rows = [], []
        for order_id, traces in traced:
            for line_id, trace in zip(line_ids[order_id], traces):
                if trace:
                    ids.append(line_id)
                    rows.append({"ecom_listing_id": trace.listing_id,
                                 "ecom_platform_line_ref": trace.line_ref,
                                 "ecom_listing_qty": trace.listing_qty})
        bulk.update(self.env["sale.order.line"].browse(ids), rows)
        self.recompute()    # whatever depends on them, before the answer

    # ------------------------------------------------------------------
    # API: stock export per listing
    # ------------------------------------------------------------------
    @api.model
    def export_stock(self, channel_code, skus=None, listings=False):
        """As the channel's; with ``listings=True``:
        [{"platform_item_id", "platform_sku_id", "seller_code", "available_qty"}]
        for the channel's active listings (``skus``: only those whose seller
        code or platform SKU id is in it)."""
        if not listings:
            return super().export_stock(channel_code, skus)
        self._check_api_access()
        # sudo: the caller passed _check_api_access; only listing codes and
        # integer quantities of the channel's own warehouse are returned.
        channel = self.sudo()._get_api_channel(channel_code)
        if not channel:
            raise ValidationError(ListingError(
                "unknown_channel", "channel_code", value=channel_code).message)
        if skus is not None and (not isinstance(skus, list) or not all(
                isinstance(s, str) for s in skus)):
            raise ValidationError(_("skus must be a list of SKU strings"))
        rows, quantities = channel._listing_stock()
        wanted = set(skus) if skus is not None else None
        return [{"platform_item_id": row[1] or False,
                 "platform_sku_id": row[2] or False,
                 "seller_code": row[3] or False,
                 "available_qty": quantities[row[0]]}
                for row in rows
                if wanted is None or row[3] in wanted or row[2] in wanted]

    @api.multi
    def _listing_quantities(self, listing_ids=None):
        """{listing id: quantity export_stock gives it now}."""
        _rows, quantities = self._listing_stock()
        if listing_ids is None:
            return quantities
        return {lid: quantities.get(lid, 0) for lid in listing_ids}

    @api.multi
    def _listing_stock(self):
        """([(id, item id, sku id, seller code)], {id: qty}) for all active
        listings of the channel (the 'split' allocation needs them all): one
        query, services/stock.py's AVAILABLE_SQL (the rules of
        ``stock.available`` computed in the database)."""
        self.ensure_one()
        self.env.cr.execute(stock.AVAILABLE_SQL, {
            "channel": self.id, "company": self.company_id.id,
            "locations": self._stock_locations() or [0],
            "split": self.listing_stock_allocation == "split",
            "keep": self.stock_buffer_qty or 0.0,
            "share": (self.stock_share_percent or 0.0) / 100.0,
            "cap": self.stock_cap_qty or 0.0})
        rows = self.env.cr.fetchall()
        return [row[:4] for row in rows], {row[0]: row[4] for row in rows}

    # ------------------------------------------------------------------
    # API: listing import
    # ------------------------------------------------------------------
    @api.model
    def import_listings(self, channel_code, listings):
        """Create or update listings; one result row per item, in order.

        Idempotent: an item equal to the stored listing answers "unchanged".
        Parallel imports of the same listings: the unique indexes refuse the
        second insert, the batch is redone in a new transaction and finds the
        listing committed by the other (see services/payload.py for items).
        """
        self._check_api_access()
        # sudo: the caller passed _check_api_access; it writes the channel's
        # listings from the payload and answers codes, ids and error codes only.
        return self.sudo().with_context(tracking_disable=True) \
            ._import_listings_retrying(channel_code, listings)

    @api.model
    def _import_listings_retrying(self, channel_code, listings):
        return self._api_retry(
            "import_listings",
            lambda: self._import_listings_batch(channel_code, listings),
            lambda: UserError(_(
                "The channel is busy with parallel imports of the same listings; "
                "nothing of this batch was saved. Send the batch again.")),
            retry=(ListingRetry,))

    @api.model
    def _import_listings_batch(self, channel_code, items):
        channel = self._get_api_channel(channel_code)
        error = payload.check_batch(items)
        if not error and not channel:
            error = ListingError("unknown_channel", "channel_code", value=channel_code)
        if error:
            if not isinstance(items, list):
                raise ValidationError(error.message)
            return [payload.result_row(payload.raw_keys(i), "rejected", error=error)
                    for i in items]
        return channel._import_listings(items)

    @api.multi
    def _import_listings(self, items):
        self.ensure_one()
        validated = []
        for raw in items:
            try:
                validated.append((raw, payload.validate_listing(raw), None))
            except ListingError as error:
                validated.append((raw, None, error))
        valid = [item for _raw, item, _error in validated if item]
        products = self._listing_import_products(valid)
        known = self._listing_import_existing(valid)
        results = []
        for raw, item, error in validated:
            keys = payload.raw_keys(raw)
            if error:
                results.append(payload.result_row(keys, "rejected", error=error))
                continue
            try:
                with self.env.cr.savepoint():
                    status, listing = self._import_listing_one(item, products, known)
                    self.recompute()
            except psycopg2.IntegrityError as failure:
                self.env.clear()
                if failure.diag.constraint_name in RETRY_CONSTRAINTS:
                    raise ListingRetry() from failure
                error = ListingError("rejected_by_rule", "listing",
                                     detail="violates the database rule %s"
                                     % failure.diag.constraint_name)
            except ListingError as failure:
                self.env.clear()
                error = failure
            except (UserError, ValidationError) as failure:
                self.env.clear()
                error = ListingError("rejected_by_rule", "listing",
                                     detail=failure.name)
            if error:
                results.append(payload.result_row(keys, "rejected", error=error))
            else:
                results.append(payload.result_row(keys, status, listing.id))
        return results

    @api.multi
    def _listing_import_products(self, items):
        """{sku: product} of the batch's components (archived ones included,
        to answer invalid_listing rather than unknown_sku)."""
        skus = {sku for item in items for sku, _qty in item["components"]}
        found = self.env["product.product"].with_context(active_test=False).search([
            ("default_code", "in", list(skus)),
            "|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)],
            order="active desc, id")
        by_sku = {}
        for product in found:
            by_sku.setdefault(product.default_code, product)
        return by_sku

    @api.multi
    def _listing_import_existing(self, items):
        """{"platform": {(item, sku id): listing}, "seller": {code: listing}}."""
        values = defaultdict(set)
        for item in items:
            for key in ("platform_item_id", "platform_sku_id", "seller_code"):
                if item[key]:
                    values[key].add(item[key])
        domain = []
        for key, found in values.items():
            domain = (["|"] + domain if domain else []) + [(key, "in", list(found))]
        known = {"platform": {}, "seller": {}}
        if not domain:
            return known
        for listing in self.env["ecom.channel.listing"].with_context(
                active_test=False).search([("channel_id", "=", self.id)] + domain):
            self._listing_import_remember(listing, known)
        return known

    @api.model
    def _listing_import_remember(self, listing, known):
        if listing.platform_item_id or listing.platform_sku_id:
            known["platform"][(listing.platform_item_id or False,
                               listing.platform_sku_id or False)] = listing
        if listing.seller_code:
            known["seller"][listing.seller_code] = listing

    @api.multi
    def _import_listing_one(self, item, products, known):
        """("created" | "updated" | "unchanged", listing) or ListingError."""
        components = []
        for position, (sku, qty) in enumerate(item["components"]):
            product = products.get(sku)
            field = "components[%d].sku" % position
            if not product:
                raise ListingError("unknown_sku", field, value=sku)
            problem = self._listing_component_problem({
                "id": product.id, "default_code": product.default_code,
                "active": product.active, "type": product.type,
                "sale_ok": product.sale_ok, "company_id": product.company_id.id})
            if problem:
                raise ListingError("invalid_listing", field, value=sku,
                                   detail=problem)
            components.append((product.id, qty))
        platform_key = (item["platform_item_id"], item["platform_sku_id"])
        by_platform = known["platform"].get(platform_key) if any(platform_key) \
            else None
        by_seller = known["seller"].get(item["seller_code"]) \
            if item["seller_code"] else None
        if by_platform and by_seller and by_platform != by_seller:
            raise ListingError(
                "rejected_by_rule", "seller_code",
                detail="seller code %r belongs to another listing of the channel "
                       "(%s)" % (item["seller_code"], by_seller.display_name))
        listing = by_platform or by_seller
        vals = {key: item[key] for key in LISTING_VALUE_FIELDS}
        if not vals["name"]:
            vals.pop("name")
        for key in ("platform_item_id", "platform_sku_id", "seller_code"):
            if item[key]:
                vals[key] = item[key]
        if not listing:
            vals.update(channel_id=self.id, line_ids=[
                (0, 0, {"product_id": product_id, "quantity": qty,
                        "sequence": 10 * (n + 1)})
                for n, (product_id, qty) in enumerate(components)])
            listing = self.env["ecom.channel.listing"].create(vals)
            self._listing_import_remember(listing, known)
            return "created", listing
        changed = {key: value for key, value in vals.items()
                   if listing[key] != value}
        current = [(line.product_id.id, line.quantity) for line in listing.line_ids]
        if current != components:
            changed["line_ids"] = [(5, 0, 0)] + [
                (0, 0, {"product_id": product_id, "quantity": qty,
                        "sequence": 10 * (n + 1)})
                for n, (product_id, qty) in enumerate(components)]
        if not changed:
            return "unchanged", listing
        listing.write(changed)
        self._listing_import_remember(listing, known)
        return "updated", listing
