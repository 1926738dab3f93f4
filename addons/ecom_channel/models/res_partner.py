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

    @api.model
    def _add_missing_default_values(self, values):
        if not self.env.context.get("ecom_intake"):
            return super()._add_missing_default_values(values)
        # Intake: a company-dependent field left empty reads the company default
        # (ir.property) anyway; core would read that default and store it back,
        # ~5 queries per field and partner for the same result. Fields with a
        # user-defined or context default keep core's behaviour.
        user_defaults = self.env["ir.default"].get_model_defaults(self._name)
        skip = [name for name, field in self._fields.items()
                if field.company_dependent and name not in values
                and name not in user_defaults
                and "default_" + name not in self.env.context]
        result = super()._add_missing_default_values(
            dict(values, **dict.fromkeys(skip)))
        for name in skip:
            result.pop(name, None)
        return result

    @api.multi
    def _commercial_sync_from_company(self):
        if not self.env.context.get("ecom_intake"):
            return super()._commercial_sync_from_company()
        # Intake: write only the commercial fields that differ from the parent's
        # (core writes all of them, which stores every company-dependent value
        # again for a new delivery contact that already has the same ones).
        commercial_partner = self.commercial_partner_id
        if commercial_partner != self:
            names = self._commercial_fields()
            wanted = commercial_partner._update_fields_values(names)
            current = self._update_fields_values(names)
            changed = {name: value for name, value in wanted.items()
                       if current.get(name) != value}
            if changed:
                self.write(changed)

    @api.model_cr
    def init(self):
        # One customer per buyer account and channel, also when two workers import
        # the same new buyer at once (the loser retries its batch and finds it).
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_ecom_customer_ref_uniq
                ON res_partner (ecom_channel_id, ecom_customer_ref)
             WHERE parent_id IS NULL AND ecom_customer_ref IS NOT NULL
        """)
