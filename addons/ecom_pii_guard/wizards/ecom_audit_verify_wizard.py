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
        """Verify the chosen trail (privacy officer and administrators only:
        ``verify_chain`` checks the caller, whatever the way in)."""
        self.ensure_one()
        self.env[self.trail].check_access_rights("read")
        outcome = self.env[self.trail].verify_chain()
        if outcome["ok"]:
            text = _("Intact: %s rows verified.") % outcome["rows"]
        elif outcome["reason"] == "head":
            text = _("BROKEN at the end: the newest rows of the chain were "
                     "deleted behind the application (%s rows left).") % (
                outcome["rows"])
        else:
            text = _("BROKEN at row %s (%s): this row or an earlier one was "
                     "changed, deleted or inserted behind the application.") % (
                outcome["broken_id"], outcome["reason"])
        if outcome.get("pending"):
            text += "\n" + _("%s newer rows are not sealed yet: verify again in "
                             "a moment to include them.") % outcome["pending"]
        self.write({"result": text, "broken_id": outcome["broken_id"] or 0})
        return {
            "type": "ir.actions.act_window", "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "target": "new",
        }
