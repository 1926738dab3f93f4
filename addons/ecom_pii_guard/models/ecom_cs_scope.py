# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer-service channel scope of everything that names or identifies a buyer.

A plain customer-service user (not its manager, sales manager, privacy officer
or administrator) sees buyers only of the channels it is assigned to
(``ecom.channel.customer_service_user_ids``). The global record rules of
``security/ecom_pii_guard_cs_rules.xml`` read ``[('ecom_cs_visible_to', '=',
user.id)]``: a search-only field whose domain is one SQL sub-select per model
(``inselect``), so the rule costs a semi-join instead of a list of every
visible order or partner id, and follows a change of the assignment at once
(nothing is cached but the domain's shape).

A customer without a channel (staff-entered) belongs to the channels it
ordered in (``res.partner.ecom_order_channel_ids``, kept by the database);
one that never ordered in a channel stays visible, like vendors, companies
and users.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services.cs_scope import (  # noqa: F401 (the scope, importable here)
    DOCUMENTS, INVOICES, MOVES, MY_CHANNELS, ORDER_LINES, ORDERS, PARTNER_PARAMS,
    PARTNERS, PICKINGS, _sub, document_domain, partner_domain)


class EcomCsScopeMixin(models.AbstractModel):
    """``ecom_cs_visible_to``: search-only, ``('ecom_cs_visible_to', '=', uid)``
    selects the records customer-service user ``uid`` may see (rules run
    their domain as superuser, so the user is an argument, not ``env.uid``).
    Each model gives its domain in ``_ecom_cs_scope_domain(uid)``."""

    _name = "ecom.cs.scope.mixin"
    _description = "Customer-service channel scope (search only)"

    ecom_cs_visible_to = fields.Integer(
        string="Customer-service scope", compute="_compute_ecom_cs_visible_to",
        search="_search_ecom_cs_visible_to", groups="base.group_system",
        help="Search only: ('ecom_cs_visible_to', '=', user id).")

    def _compute_ecom_cs_visible_to(self):
        for record in self:
            record.ecom_cs_visible_to = 0

    @api.model
    def _search_ecom_cs_visible_to(self, operator, value):
        if operator != "=" or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(_(
                "Customer-service scope (ecom_cs_visible_to) takes '=' and a user "
                "id, not %s %r.") % (operator, value))
        return self._ecom_cs_scope_domain(value)

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        raise NotImplementedError(self._name)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return [("id", "inselect", _sub(PARTNERS, PARTNER_PARAMS, uid))]


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return [("order_id", "inselect", _sub(ORDERS, 1, uid))]


class AccountInvoiceLine(models.Model):
    _name = "account.invoice.line"
    _inherit = ["account.invoice.line", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return [("invoice_id", "inselect", _sub(INVOICES, 1, uid))]


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["|", ("picking_id", "inselect", _sub(PICKINGS, 1, uid)),
                ("sale_line_id", "inselect", _sub(ORDER_LINES, 1, uid))]


class StockMoveLine(models.Model):
    _name = "stock.move.line"
    _inherit = ["stock.move.line", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["|", ("picking_id", "inselect", _sub(PICKINGS, 1, uid)),
                ("move_id", "inselect", _sub(MOVES, 2, uid))]


class ProcurementGroup(models.Model):
    _name = "procurement.group"
    _inherit = ["procurement.group", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["|", ("sale_id", "inselect", _sub(ORDERS, 1, uid)),
                "&", ("sale_id", "=", False)] + partner_domain("partner_id", uid)


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["&"] + partner_domain("partner_id", uid) + document_domain(
            "res_model", uid)


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["mail.message", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["&"] + partner_domain("author_id", uid) + document_domain(
            "model", uid)


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return document_domain("res_model", uid)


class EcomPiiConsent(models.Model):
    _name = "ecom.pii.consent"
    _inherit = ["ecom.pii.consent", "ecom.cs.scope.mixin"]

    @api.model
    def _ecom_cs_scope_domain(self, uid):
        return ["|", ("channel_id", "inselect", (MY_CHANNELS, [uid])),
                "&", ("channel_id", "=", False),
                ("partner_id", "inselect", _sub(PARTNERS, PARTNER_PARAMS, uid))]
