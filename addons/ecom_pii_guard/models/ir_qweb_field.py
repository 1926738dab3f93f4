"""Reports: ``t-field`` renders partners as the caller may see them.

Core renders many2one and contact widgets with ``value.sudo()`` (the contact
widget with ``show_address``), and ``ir.qweb.field.record_to_html`` hands the
value to a converter in the *record's* environment: a template that writes
``t-field="o.sudo().partner_id"`` or ``t-field="o.sudo().partner_id.vat"``
(core's picking operations does) renders as superuser. The caller is the
environment of the converter QWeb picked (``ir.qweb._get_field``), so the
checks below run there, in ``record_to_html``, before core switches
environments:

* a many2one/contact widget on a protected partner prints its label (masked
  name and order reference for the hidden level, the name for the masked
  level), never contact data;
* any personal field of a protected partner prints masked as in
  ``pii_policy.mask_value`` (hidden level: the name too).
"""
from odoo import api, models
from odoo.tools import html_escape

from ..services.pii_policy import SEARCH_PII_FIELDS, mask_value


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


class IrQwebField(models.AbstractModel):
    _inherit = "ir.qweb.field"

    @api.model
    def record_to_html(self, record, field_name, options):
        if record._name == "res.partner" and field_name in SEARCH_PII_FIELDS \
                and len(record) == 1:
            partners = self.env["res.partner"]
            level = partners._ecom_pii_level()
            if level != "clear" and partners._ecom_pii_protected_ids(record.ids):
                value = mask_value(field_name, record[field_name], level)
                return html_escape(value) if value else False
        return super().record_to_html(record, field_name, options)


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
        # decided here, in the caller's environment: core continues in the
        # record's, which is the superuser's for ``o.sudo().partner_id``
        label = _protected_partner_label(
            self.env, record[field_name], dict(options or {}, ecom_pii_record=record))
        if label is not None:
            return html_escape(label)
        return super().record_to_html(record, field_name, options)


class IrQwebFieldContact(models.AbstractModel):
    _inherit = "ir.qweb.field.contact"

    @api.model
    def value_to_html(self, value, options):
        label = _protected_partner_label(self.env, value, options)
        if label is not None:
            return html_escape(label)
        return super().value_to_html(value, options)
