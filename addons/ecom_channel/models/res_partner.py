# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import order_channels
from ..services.order_channels import (  # noqa: F401 (importable here as before)
    ORDER_CHANNEL_FILL, ORDER_CHANNEL_SQL)


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


class ResPartnerOrderChannels(models.Model):
    """Channels a customer ordered in (``ecom_order_channel_ids``).

    A staff-entered customer has no ``ecom_channel_id``; it belongs to the
    channels it ordered in, which customer-service scoping reads from here.
    The relation is kept by the database (see ``ORDER_CHANNEL_SQL``), so
    nobody can write it through the ORM and no order path can forget it.
    """

    _inherit = "res.partner"

    ecom_order_channel_ids = fields.Many2many(
        "ecom.channel", string="Ordered In",
        compute="_compute_ecom_order_channel_ids",
        search="_search_ecom_order_channel_ids",
        help="Channels of the orders of this customer (its commercial entity).")

    @api.depends("sale_order_ids.ecom_channel_id", "commercial_partner_id")
    def _compute_ecom_order_channel_ids(self):
        by_partner = {}
        commercial = {p.id: p.commercial_partner_id.id or p.id for p in self}
        ids = tuple(set(commercial.values()) - {False})
        if ids:
            self.env.cr.execute(
                "SELECT partner_id, channel_id FROM ecom_partner_order_channel "
                "WHERE partner_id IN %s ORDER BY channel_id", (ids,))
            by_partner = order_channels.channels_by_partner(self.env.cr.fetchall())
        for partner in self:
            partner.ecom_order_channel_ids = [
                (6, 0, by_partner.get(commercial[partner.id], []))]

    @api.model
    def _search_ecom_order_channel_ids(self, operator, value):
        try:
            return order_channels.search_domain(operator, value)
        except order_channels.InvalidSearch:
            raise UserError(_(
                "Ordered In (ecom_order_channel_ids) can only be searched by "
                "channel ids, not %r.") % (value,))

    @api.model_cr
    def init(self):
        super().init()
        cr = self.env.cr
        cr.execute("SELECT to_regclass('ecom_partner_order_channel')")
        new = cr.fetchone()[0] is None
        cr.execute(ORDER_CHANNEL_SQL)
        if new:
            cr.execute(ORDER_CHANNEL_FILL)
