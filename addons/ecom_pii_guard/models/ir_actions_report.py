"""Reports rendered directly over RPC: administrators only (see ``ir_qweb.py``).

Staff print through the report routes (``/report/pdf/...``), which call these
methods from the controller, not through ``call_kw``: unaffected.
"""
from odoo import api, models

from .ir_qweb import refuse_direct_rpc


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.multi
    def render_template(self, template, values=None):
        refuse_direct_rpc(self, "render_template")
        return super().render_template(template, values=values)

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        refuse_direct_rpc(self, "render_qweb_pdf")
        return super().render_qweb_pdf(res_ids=res_ids, data=data)

    @api.model
    def render_qweb_html(self, docids, data=None):
        refuse_direct_rpc(self, "render_qweb_html")
        return super().render_qweb_html(docids, data=data)

    @api.multi
    def render(self, res_ids, data=None):
        refuse_direct_rpc(self, "render")
        return super().render(res_ids, data=data)
