"""Followers widget: core reads follower names and e-mails as superuser."""
from odoo import http
from odoo.http import request

from odoo.addons.ecom_base.services import masking
from odoo.addons.mail.controllers.main import MailController


class PiiMailController(MailController):
    @http.route()
    def read_followers(self, follower_ids, res_model):
        result = super().read_followers(follower_ids, res_model)
        partners = request.env["res.partner"]
        if partners._ecom_pii_level() == "clear":
            return result
        rows = [f for f in result["followers"] if f["res_model"] == "res.partner"]
        ids = [f["res_id"] for f in rows]
        protected = partners._ecom_pii_protected_ids(ids)
        labels = partners._ecom_pii_labels(partners.browse(ids)) if ids else {}
        for row in rows:
            if row["res_id"] in protected:
                row["name"] = labels[row["res_id"]]
                row["email"] = masking.mask_email(row["email"])
        return result
