# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..exceptions import message
from ..services import csv_mapping


class EcomSettlementImportWizard(models.TransientModel):
    """Upload of a platform's settlement CSV by finance: the file is read
    with the channel's mapping, then goes through the same import as the API
    (``ecom.channel.import_settlement``: validation, idempotence, matching).
    Rows that cannot be read are listed and nothing is imported."""

    _name = "ecom.settlement.import.wizard"
    _description = "Settlement CSV upload"

    channel_id = fields.Many2one("ecom.channel", required=True)
    mapping_id = fields.Many2one(
        "ecom.settlement.mapping", "Column Mapping", required=True,
        domain="[('channel_id', '=', channel_id)]")
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    batch_ref = fields.Char("Batch Reference", required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    payout_date = fields.Date()
    state = fields.Selection([("draft", "Draft"), ("error", "Rejected"),
                              ("done", "Imported")], default="draft")
    result = fields.Text(readonly=True)
    settlement_id = fields.Many2one("ecom.settlement", readonly=True)

    @api.onchange("channel_id")
    def _onchange_channel_id(self):
        mappings = self.env["ecom.settlement.mapping"].search(
            [("channel_id", "=", self.channel_id.id)], limit=1)
        self.mapping_id = mappings

    @api.multi
    def action_import(self):
        self.ensure_one()
        # a transient model has no access rights of its own: the upload is
        # finance's (it may be opened by anyone, it must not import for them)
        if not self.env.user.has_group("ecom_base.group_finance"):
            raise AccessError(_("Only finance may upload settlement files."))
        if self.mapping_id.channel_id != self.channel_id:
            raise UserError(_("Column Mapping: %s is not a mapping of channel %s.")
                            % (self.mapping_id.name, self.channel_id.code))
        try:
            lines, errors = csv_mapping.parse(
                base64.b64decode(self.file or b""), self.mapping_id._as_dict())
        except csv_mapping.CsvError as error:
            params = dict(error.params, mapping=self.mapping_id.name)
            return self._show("error", message(error.code, **params))
        if errors:
            report = [message("rows_rejected", count=len(errors))]
            report += [_("row %(row)s: [%(error_code)s] %(message)s") % error
                       for error in errors]
            return self._show("error", "\n".join(report))
        batch = {"batch_ref": self.batch_ref, "period_start": self.period_start,
                 "period_end": self.period_end, "payout_date": self.payout_date,
                 "currency": self.channel_id.currency_id.name, "lines": lines}
        row = self.env["ecom.channel"]._import_settlement_checked(
            self.channel_id.code, batch)
        if row["status"] == "rejected":
            return self._show(
                "error", "[%s] %s" % (row["error_code"], row["message"]))
        self.settlement_id = row["settlement_id"]
        return self._show("done", _("%(status)s: settlement %(ref)s, %(lines)s "
                                    "lines.") % {"status": row["status"],
                                                 "ref": self.batch_ref,
                                                 "lines": row["lines"]})

    @api.multi
    def _show(self, state, text):
        self.write({"state": state, "result": text})
        return {"type": "ir.actions.act_window", "res_model": self._name,
                "res_id": self.id, "view_mode": "form", "target": "new"}

    @api.multi
    def action_open_settlement(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "ecom.settlement",
                "res_id": self.settlement_id.id, "view_mode": "form"}
