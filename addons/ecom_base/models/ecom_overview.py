from odoo import api, fields, models
from odoo.tools import html_escape


class EcomOverview(models.TransientModel):
    """Landing page of the E-commerce menu.

    Every staff role opens the menu here, whatever else it may read: it only
    tells users which suite roles they hold and what each one lets them do,
    so a new employee knows where to start. A transient model needs no access
    rights, which is why a privacy officer without stock or sales rights can
    open it too.
    """

    _name = "ecom.overview"
    _description = "E-commerce operations overview"

    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True)
    roles_html = fields.Html(compute="_compute_roles_html", sanitize=False)

    @api.depends("user_id")
    def _compute_roles_html(self):
        category = self.env.ref("base.module_category_e-commerce_operations")
        groups = self.env["res.groups"].search([("category_id", "=", category.id)])
        for record in self:
            held = groups.filtered(lambda g: record.user_id in g.users)
            items = "".join(
                "<li><strong>%s</strong>: %s</li>" % (
                    html_escape(group.name), html_escape(group.comment or ""))
                for group in held.sorted("name"))
            record.roles_html = "<ul>%s</ul>" % items if items else ""
