"""Views rendered directly over RPC: administrators only (see ``ir_qweb.py``)."""
from odoo import api, models

from .ir_qweb import refuse_direct_rpc


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    @api.model
    def render_template(self, template, values=None, engine="ir.qweb"):
        refuse_direct_rpc(self, "render_template")
        return super().render_template(template, values=values, engine=engine)

    @api.multi
    def render(self, values=None, engine="ir.qweb"):
        refuse_direct_rpc(self, "render")
        return super().render(values=values, engine=engine)
