# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

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
            available = channel._stock_policy()
            result[channel.id] = sum(1 for row in rows if available(row) <= 0)
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
