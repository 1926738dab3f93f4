# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import csv_listings


class EcomListingImportWizard(models.TransientModel):
    """Staff upload of listings as CSV: the same import as ``import_listings``
    (same checks, same answers), run with the user's own rights."""

    _name = "ecom.listing.import.wizard"
    _description = "Import channel listings from CSV"

    channel_id = fields.Many2one("ecom.channel", required=True)
    data_file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")],
                             default="draft")
    created_count = fields.Integer(readonly=True)
    updated_count = fields.Integer(readonly=True)
    unchanged_count = fields.Integer(readonly=True)
    rejected_count = fields.Integer(readonly=True)
    report = fields.Text(readonly=True)

    @api.multi
    def action_import(self):
        self.ensure_one()
        try:
            items = csv_listings.parse(base64.b64decode(self.data_file))
        except (csv_listings.CsvError, UnicodeDecodeError) as error:
            raise UserError(_("The CSV file cannot be read: %s") % error)
        if not items:
            raise UserError(_("The CSV file has no listing."))
        channel_model = self.env["ecom.channel"].with_context(tracking_disable=True)
        rows = []
        for start in range(0, len(items), 1000):
            rows += channel_model._import_listings_retrying(
                self.channel_id.code, items[start:start + 1000])
        counts = {status: 0 for status in ("created", "updated", "unchanged",
                                           "rejected")}
        report = []
        for row in rows:
            counts[row["status"]] += 1
            if row["status"] == "rejected":
                report.append("%s / %s / %s: [%s] %s" % (
                    row["platform_item_id"] or "-", row["platform_sku_id"] or "-",
                    row["seller_code"] or "-", row["error_code"], row["message"]))
        self.write({
            "state": "done",
            "created_count": counts["created"], "updated_count": counts["updated"],
            "unchanged_count": counts["unchanged"],
            "rejected_count": counts["rejected"],
            "report": "\n".join(report) or False,
        })
        return {
            "type": "ir.actions.act_window", "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "target": "new",
        }
