"""Reports: many2one and contact widgets render partners as the caller may see them.

Core renders both with ``value.sudo()`` (and the contact widget with
``show_address``), which puts a customer's address on a delivery slip printed
by anyone. For restricted roles a protected partner renders as its label
(masked name and order reference for warehouse roles), without contact data.
"""
from odoo import api, models
from odoo.tools import html_escape


def _protected_partner_label(env, value, options):
    """The label to print instead of a partner the caller may not see, else None.

    ``env`` is the widget's (the caller's), never ``value``'s: report code may
    hand over records read as superuser.
    """
    if not value or value._name != "res.partner":
        return None
    partners = env["res.partner"]
    if partners._ecom_pii_level() == "clear" or \
            not partners._ecom_pii_protected_ids(value.ids):
        return None
    record = (options or {}).get("ecom_pii_record")
    return partners._ecom_pii_labels(value, record)[value.id]


class IrQwebFieldMany2one(models.AbstractModel):
    _inherit = "ir.qweb.field.many2one"

    @api.model
    def value_to_html(self, value, options):
        label = _protected_partner_label(self.env, value, options)
        if label is not None:
            return html_escape(label)
        return super().value_to_html(value, options)

    @api.model
    def record_to_html(self, record, field_name, options):
        options = dict(options or {}, ecom_pii_record=record)
        return super().record_to_html(record, field_name, options)


class IrQwebFieldContact(models.AbstractModel):
    _inherit = "ir.qweb.field.contact"

    @api.model
    def value_to_html(self, value, options):
        label = _protected_partner_label(self.env, value, options)
        if label is not None:
            return html_escape(label)
        return super().value_to_html(value, options)
