# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk


class EcomListingUnmatched(models.Model):
    """Platform SKUs seen in orders rejected with ``unknown_listing``.

    The to-do list of listings to map: one row per channel and key, counting
    the rejected lines; creating the listing takes the row off the list.
    """

    _name = "ecom.listing.unmatched"
    _description = "Unmatched platform SKU"
    _order = "last_seen desc, id desc"

    channel_id = fields.Many2one(
        "ecom.channel", required=True, index=True, ondelete="cascade",
        readonly=True)
    platform_item_id = fields.Char("Platform Item ID", readonly=True)
    platform_sku_id = fields.Char("Platform SKU ID", readonly=True)
    seller_code = fields.Char(readonly=True)
    title = fields.Char(readonly=True)
    hit_count = fields.Integer("Rejected Lines", readonly=True)
    first_seen = fields.Datetime(readonly=True)
    last_seen = fields.Datetime(readonly=True)
    last_external_ref = fields.Char("Last Order Ref", readonly=True)

    @api.model_cr
    def init(self):
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ecom_listing_unmatched_key_uniq
                ON ecom_listing_unmatched
                (channel_id, COALESCE(platform_item_id, ''),
                 COALESCE(platform_sku_id, ''), COALESCE(seller_code, ''))
        """)

    @api.model
    def _record(self, rows):
        """Count ``rows`` [(channel, item, sku id, seller code, title, ref)].

        One upsert for the batch, in the intake's transaction (rolled back and
        redone with it when the batch is retried).
        """
        merged = {}
        for channel_id, item, sku_id, seller, title, ref in rows:
            key = (channel_id, item or None, sku_id or None, seller or None)
            count = merged[key][0] + 1 if key in merged else 1
            merged[key] = (count, title or None, ref or None)
        if not merged:
            return
        bulk.execute_values(self.env.cr, """
            INSERT INTO ecom_listing_unmatched AS u
                (channel_id, platform_item_id, platform_sku_id, seller_code,
                 hit_count, title, last_external_ref, first_seen, last_seen,
                 create_uid, write_uid, create_date, write_date)
            SELECT v.channel_id, v.item, v.sku_id, v.seller, v.hits, v.title,
                   v.ref, now() at time zone 'UTC', now() at time zone 'UTC',
                   %s, %s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (VALUES %%s) AS v(channel_id, item, sku_id, seller, hits,
                                     title, ref)
            ON CONFLICT (channel_id, COALESCE(platform_item_id, ''),
                         COALESCE(platform_sku_id, ''), COALESCE(seller_code, ''))
            DO UPDATE SET hit_count = u.hit_count + EXCLUDED.hit_count,
                          title = COALESCE(EXCLUDED.title, u.title),
                          last_external_ref = EXCLUDED.last_external_ref,
                          last_seen = EXCLUDED.last_seen,
                          write_date = EXCLUDED.write_date
        """ % (self.env.uid, self.env.uid), [
            (key[0], key[1], key[2], key[3], count, title, ref)
            for key, (count, title, ref) in merged.items()],
            template="(%s::int, %s::varchar, %s::varchar, %s::varchar, %s::int, "
                     "%s::varchar, %s::varchar)")
        self.invalidate_cache()

    @api.model
    def _forget(self, keys):
        """Rows now mapped by a listing [(channel, item, sku id, seller code)]:
        a row goes when its platform ids or its seller code match."""
        rows = [(channel_id, item or "", sku_id or "", seller or "")
                for channel_id, item, sku_id, seller in keys]
        if not rows:
            return
        bulk.execute_values(self.env.cr, """
            DELETE FROM ecom_listing_unmatched u
             USING (VALUES %s) AS k(channel_id, item, sku_id, seller)
             WHERE u.channel_id = k.channel_id
               AND ((k.sku_id <> '' AND u.platform_sku_id = k.sku_id
                     AND (u.platform_item_id IS NULL OR u.platform_item_id = k.item))
                 OR (k.sku_id = '' AND k.item <> '' AND u.platform_sku_id IS NULL
                     AND u.platform_item_id = k.item)
                 OR (k.seller <> '' AND u.seller_code = k.seller))
        """, rows, template="(%s::int, %s::varchar, %s::varchar, %s::varchar)")
        self.invalidate_cache()

    @api.multi
    def action_create_listing(self):
        """Open a new listing of the row's channel with its codes filled in."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecom.channel.listing",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_channel_id": self.channel_id.id,
                "default_platform_item_id": self.platform_item_id,
                "default_platform_sku_id": self.platform_sku_id,
                "default_seller_code": self.seller_code,
                "default_name": self.title,
            },
        }
