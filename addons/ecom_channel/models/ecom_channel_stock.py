# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..exceptions import EcomApiError
from ..services import api_args, order_status
from ..services.stock_policy import available_qty


class EcomChannelStock(models.Model):
    """What the channel may advertise (``export_stock``) and where its orders
    are (``order_status``).
    """

    _inherit = "ecom.channel"

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
            raise EcomApiError(api_args.unknown_channel(channel_code))
        error = api_args.check_skus(skus)
        if error:
            raise EcomApiError(error)
        rows = channel._stock_rows(skus)
        return api_args.stock_answer(rows, skus, channel._stock_policy())

    @api.multi
    def _available_from_row(self, row):
        return self._stock_policy()(row)

    @api.multi
    def _stock_policy(self):
        """``row -> quantity to advertise``: a plain function over the rows of
        ``_stock_rows``, the channel's buffer, share and cap read once (not
        three field reads per SKU)."""
        self.ensure_one()
        buffer_qty, share, cap = (self.stock_buffer_qty, self.stock_share_percent,
                                  self.stock_cap_qty)
        return lambda row: available_qty(row[1], row[2], buffer_qty, share, cap)

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
        return api_args.first_per_sku(self.env.cr.fetchall())

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
            raise EcomApiError(api_args.unknown_channel(channel_code))
        error = api_args.check_external_refs(external_refs)
        if error:
            raise EcomApiError(error)
        orders = self.env["sale.order"].sudo().search([
            ("ecom_channel_id", "=", channel.id),
            ("ecom_external_ref", "in", external_refs)])
        by_ref = {order.ecom_external_ref: order for order in orders}
        return [self._status_row(ref, by_ref.get(ref)) for ref in external_refs]

    @api.model
    def _status_row(self, ref, order):
        if not order:
            return order_status.empty_row(ref)
        # _ecom_status: a hook other add-ons extend (returns, 3PL)
        return order_status.status_row(
            ref, order.id, order.name, order._ecom_status(),
            order._ecom_status_pickings(), order.carrier_id.name or False)
