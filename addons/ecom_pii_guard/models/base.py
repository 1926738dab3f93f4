"""Generic choke points on every model: group labels and exports."""
from odoo import _, api, models
from odoo.exceptions import AccessError

from .res_partner import CONTACT_FIELDS, SEARCH_PII_FIELDS


class Base(models.AbstractModel):
    _inherit = "base"

    def _read_group_resolve_many2one_fields(self, data, fields):
        # core labels groups with sudo().name_get(): label partners as the caller
        super()._read_group_resolve_many2one_fields(data, fields)
        partners = self.env["res.partner"]
        if partners._ecom_pii_level() == "clear":
            return
        names = [f["field"] for f in fields if f["type"] == "many2one"
                 and self._fields[f["field"]].comodel_name == "res.partner"]
        for name in names:
            ids = {d[name][0] for d in data if d[name]}
            labels = partners._ecom_pii_labels(partners.browse(ids))
            for row in data:
                if row[name]:
                    row[name] = (row[name][0], labels[row[name][0]])

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        level = self.env["res.partner"]._ecom_pii_level()
        if level != "clear":
            blocked = SEARCH_PII_FIELDS if level == "hidden" else set(CONTACT_FIELDS)
            for path in fields_to_export:
                self._ecom_pii_check_export_path(path, blocked)
        return super().export_data(fields_to_export, raw_data=raw_data)

    @api.model
    def _ecom_pii_check_export_path(self, path, blocked):
        model = self
        for part in path.replace(":id", "").split("/"):
            if part in ("id", ".id"):
                return
            if model._name == "res.partner" and part in blocked:
                raise AccessError(_(
                    "Exporting the personal field %s of customers is not allowed "
                    "for your role.") % path)
            field = model._fields.get(part)
            if field is None or not field.relational:
                return
            model = self.env[field.comodel_name]
