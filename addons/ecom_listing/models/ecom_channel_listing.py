# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services.resolve import clean

PLATFORM_INDEX = "ecom_channel_listing_platform_uniq"
SELLER_INDEX = "ecom_channel_listing_seller_uniq"
KEY_FIELDS = ("platform_item_id", "platform_sku_id", "seller_code")
POLICIES = [
    ("channel", "Channel policy"),
    ("custom", "Own share, buffer and cap"),
    ("fixed", "Fixed quantity"),
]


class EcomChannelListing(models.Model):
    """What a shop sells under its own codes: one product x n or a bundle.

    Orders name a listing by platform ids or seller code (``import_orders``
    turns it into component lines), ``export_stock(listings=True)`` says how
    many of it the shop may advertise (services/stock.py). Unique per channel
    on (item id, SKU id) and on seller code, archived listings included
    (partial unique indexes, see ``init``).
    """

    _name = "ecom.channel.listing"
    _description = "Channel listing (platform SKU, bundle, multi-pack)"
    _order = "channel_id, seller_code, platform_item_id, platform_sku_id, id"

    name = fields.Char("Title", help="The listing's title on the platform.")
    channel_id = fields.Many2one(
        "ecom.channel", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="channel_id.company_id", readonly=True)
    platform_item_id = fields.Char(
        "Platform Item ID", index=True,
        help="The platform's product (item) id, e.g. Tmall num_iid.")
    platform_sku_id = fields.Char(
        "Platform SKU ID", index=True, help="The platform's SKU id of the variant.")
    seller_code = fields.Char(
        index=True,
        help="The merchant's code for this listing on the shop (商家编码).")
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "ecom.channel.listing.line", "listing_id", "Components", copy=True)
    kind = fields.Selection(
        [("single", "Single product"), ("multipack", "Multi-pack"),
         ("bundle", "Bundle")],
        compute="_compute_kind", store=True)
    component_summary = fields.Char(compute="_compute_kind", store=True,
                                    string="Stands for")
    stock_policy = fields.Selection(
        POLICIES, required=True, default="channel",
        help="Channel policy: the channel's buffer and share per component, its "
             "cap per listing. Own: this listing's buffer (in listings), share "
             "and cap instead. Fixed: always this quantity.")
    stock_share_percent = fields.Float("Stock Share (%)", default=100.0)
    stock_buffer_qty = fields.Float("Safety Buffer", default=0.0)
    stock_cap_qty = fields.Float("Cap", default=0.0, help="0 = no cap.")
    stock_fixed_qty = fields.Float("Fixed Quantity", default=0.0)
    exported_qty = fields.Integer(
        "Exported Quantity", compute="_compute_exported_qty",
        help="What export_stock(listings=True) answers for it now.")

    _sql_constraints = [
        ("share_range",
         "CHECK(stock_share_percent >= 0 AND stock_share_percent <= 100)",
         "The stock share must be between 0 and 100 %."),
        ("quantities_positive",
         "CHECK(stock_buffer_qty >= 0 AND stock_cap_qty >= 0 "
         "AND stock_fixed_qty >= 0)",
         "Buffer, cap and fixed quantity cannot be negative."),
        ("key_given",
         "CHECK(platform_item_id IS NOT NULL OR platform_sku_id IS NOT NULL "
         "OR seller_code IS NOT NULL)",
         "A listing needs a platform item id, a platform SKU id or a seller code."),
    ]

    @api.model_cr
    def init(self):
        # Partial unique indexes: a listing known by its seller code only, or
        # by its platform ids only, is allowed (NULLs never collide otherwise).
        # names: PLATFORM_INDEX, SELLER_INDEX (the import retries on them)
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ecom_channel_listing_platform_uniq
                ON ecom_channel_listing (channel_id, COALESCE(platform_item_id, ''),
                                         COALESCE(platform_sku_id, ''))
             WHERE platform_item_id IS NOT NULL OR platform_sku_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS ecom_channel_listing_seller_uniq
                ON ecom_channel_listing (channel_id, seller_code)
             WHERE seller_code IS NOT NULL;
        """)

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("line_ids.quantity", "line_ids.product_id")
    def _compute_kind(self):
        for listing in self:
            lines = listing.line_ids
            if len(lines) > 1:
                listing.kind = "bundle"
            elif lines and lines.quantity != 1:
                listing.kind = "multipack"
            else:
                listing.kind = "single"
            listing.component_summary = " + ".join(
                "%g x %s" % (line.quantity, line.product_id.default_code
                             or line.product_id.name)
                for line in lines) or False

    @api.multi
    def _compute_exported_qty(self):
        by_channel = {}
        for listing in self:
            by_channel.setdefault(listing.channel_id, self.browse())
            by_channel[listing.channel_id] |= listing
        for channel, listings in by_channel.items():
            if not channel:
                continue
            # sudo: the quantities only, from the channel's stock (warehouse
            # roles and customer service may see them, not the quants)
            quantities = channel.sudo()._listing_quantities(listings.ids)
            for listing in listings:
                listing.exported_qty = quantities.get(listing.id, 0)

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("platform_item_id", "platform_sku_id", "seller_code",
                    "channel_id")
    def _check_unique_keys(self):
        """The indexes' rule with a readable message (the index is the guard)."""
        model = self.with_context(active_test=False)
        for listing in self:
            if listing.platform_item_id or listing.platform_sku_id:
                if model.search_count([
                        ("id", "!=", listing.id),
                        ("channel_id", "=", listing.channel_id.id),
                        ("platform_item_id", "=", listing.platform_item_id),
                        ("platform_sku_id", "=", listing.platform_sku_id)]):
                    raise ValidationError(_(
                        "The channel already has a listing with platform item "
                        "%s and SKU %s.") % (listing.platform_item_id or "-",
                                             listing.platform_sku_id or "-"))
            if listing.seller_code and model.search_count([
                    ("id", "!=", listing.id),
                    ("channel_id", "=", listing.channel_id.id),
                    ("seller_code", "=", listing.seller_code)]):
                raise ValidationError(_(
                    "The channel already has a listing with seller code %s.")
                    % listing.seller_code)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _clean_keys(self, vals):
        for key in KEY_FIELDS:
            if key in vals:
                vals[key] = clean(vals[key])
        return vals

    @api.model
    def create(self, vals):
        listing = super().create(self._clean_keys(dict(vals)))
        listing._forget_unmatched()
        return listing

    @api.multi
    def write(self, vals):
        result = super().write(self._clean_keys(dict(vals)))
        if any(key in vals for key in KEY_FIELDS):
            self._forget_unmatched()
        return result

    @api.multi
    def _forget_unmatched(self):
        """Unmatched platform SKUs that these listings now map: off the list."""
        self.env["ecom.listing.unmatched"]._forget(
            [(listing.channel_id.id, listing.platform_item_id,
              listing.platform_sku_id, listing.seller_code) for listing in self])

    @api.multi
    def name_get(self):
        result = []
        for listing in self:
            code = listing.seller_code or listing.platform_sku_id \
                or listing.platform_item_id
            result.append((listing.id, " / ".join(
                part for part in (code, listing.name) if part)))
        return result
