# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict",
        copy=False, help="The channel this customer was imported from.")
    ecom_customer_ref = fields.Char(
        "Channel Customer Id", index=True, copy=False,
        help="The buyer's account id on the channel.")

    @api.model
    def _get_default_image(self, partner_type, is_company, parent_id):
        # Imported buyers get no generated avatar: drawing and storing three
        # images per partner was a third of the intake time of an order.
        if self.env.context.get("ecom_intake"):
            return False
        return super()._get_default_image(partner_type, is_company, parent_id)

    @api.model_cr
    def init(self):
        # One customer per buyer account and channel, also when two workers import
        # the same new buyer at once (the loser retries its batch and finds it).
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_ecom_customer_ref_uniq
                ON res_partner (ecom_channel_id, ecom_customer_ref)
             WHERE parent_id IS NULL AND ecom_customer_ref IS NOT NULL
        """)
