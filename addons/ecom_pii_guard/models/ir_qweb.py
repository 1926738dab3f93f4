"""QWeb rendering called directly over RPC: administrators only.

``ir.qweb.render`` (and the view and report methods in ``ir_ui_view.py`` and
``ir_actions_report.py``) render any stored template with values the caller
chooses. The server's own flows (report routes, mail notifications, views)
call them internally and are unaffected; a non-administrator calling them
directly through ``execute_kw``/``call_kw`` gets an AccessError naming the
method.
"""
import sys

from odoo import api, models

from ..services import rpc_caller
from .mail_template import render_refused

#: Code objects of the helpers through which every RPC reaches a model method.
RPC_ENTRY_CODES = frozenset(
    func.__code__ for func in (api.call_kw_model, api.call_kw_multi))


def refuse_direct_rpc(records, method):
    """Raise for a non-administrator calling ``method`` of ``records`` over RPC.

    Call it first thing in the override of ``method``.
    """
    if records.env["mail.template"]._ecom_render_trusted():
        return
    if rpc_caller.called_by(sys._getframe(1), method, RPC_ENTRY_CODES):
        raise render_refused(records._name, method)


class IrQWeb(models.AbstractModel):
    _inherit = "ir.qweb"

    @api.model
    def render(self, id_or_xml_id, values=None, **options):
        refuse_direct_rpc(self, "render")
        return super().render(id_or_xml_id, values=values, **options)
