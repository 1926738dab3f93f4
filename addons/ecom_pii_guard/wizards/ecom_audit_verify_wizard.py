"""Verify the hash chain of an audit trail and show the first broken link."""
from odoo import _, api, fields, models


class EcomAuditVerifyWizard(models.TransientModel):
    _name = "ecom.audit.verify.wizard"
    _description = "Verify an audit trail"

    trail = fields.Selection(
        [("ecom.pii.access.log", "Customer data access log"),
         ("ecom.stock.audit.log", "Stock operation log")],
        required=True, default="ecom.pii.access.log")
    result = fields.Text(readonly=True)
    broken_id = fields.Integer(readonly=True)

    @api.multi
    def action_verify(self):
        self.ensure_one()
        # checks the caller may read the trail before verifying all of it
        self.env[self.trail].check_access_rights("read")
        outcome = self.env[self.trail].verify_chain()
        if outcome["ok"]:
            text = _("Intact: %s rows verified.") % outcome["rows"]
        else:
            text = _("BROKEN at row %s (%s): this row or an earlier one was "
                     "changed, deleted or inserted behind the application.") % (
                outcome["broken_id"], outcome["reason"])
        self.write({"result": text, "broken_id": outcome["broken_id"] or 0})
        return {
            "type": "ir.actions.act_window", "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "target": "new",
        }
