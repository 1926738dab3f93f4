from odoo import fields, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    ecom_totp_mandatory = fields.Boolean(
        string="Second factor mandatory",
        help="Members must log in with a TOTP code (authenticator app). A member "
             "who has none set up is taken to the enrolment page right after the "
             "password; XML-RPC and JSON logins of such members are refused. Set "
             "it on the roles that can see or reveal customer data.")
