"""Mail composer: below administrator, only stored templates are rendered.

In mass-mail mode the composer renders its own ``subject``/``body``/
``email_from``/``reply_to`` as templates (``render_message``); those fields are
whatever the user typed or sent over RPC. A non-administrator may mass-mail
only with the texts of the composer's template, unchanged, or plain text
without template syntax; anything else answers the AccessError of
``mail.template.render_template``. Comment mode
(the usual "Send by e-mail" with a template) renders the stored template through
``generate_email`` and posts the result: unaffected.

Called directly over RPC, the rendering entry points of the composer are for
administrators only (the web client reaches them through ``onchange`` and
buttons, never directly).
"""
import sys

from odoo import api, models, tools

from ..services import rpc_caller, template_sandbox
from .ir_qweb import RPC_ENTRY_CODES
from .mail_template import STRICT_ENV, render_refused

TEXT_FIELDS = template_sandbox.COMPOSER_TEXT_FIELDS


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    @api.model
    def _ecom_render_trusted(self):
        return self.env["mail.template"]._ecom_render_trusted()

    @api.model
    def _ecom_refuse_direct_rpc(self, method):
        frame = sys._getframe(1)
        if not self._ecom_render_trusted() and rpc_caller.called_by(
                frame, method, RPC_ENTRY_CODES):
            raise render_refused(self._name, method)

    @api.multi
    def _ecom_texts_are_template(self):
        """True when every text the composer renders is its template's, or
        plain text that renders as itself (the user's sender address)."""
        template = self.template_id
        signature = self.env.user.signature
        signed_body = None
        if template.user_signature and signature:
            signed_body = tools.append_content_to_html(
                template.body_html or "", signature, plaintext=False)
        return template_sandbox.texts_are_template(
            [(own, self[own], template[stored]) for own, stored in TEXT_FIELDS],
            lambda text: template_sandbox.has_template_syntax(text, STRICT_ENV),
            signed_body)

    @api.multi
    def render_message(self, res_ids):
        self._ecom_refuse_direct_rpc("render_message")
        if self._ecom_render_trusted():
            return super().render_message(res_ids)
        if not self._ecom_texts_are_template():
            raise render_refused("mail.template", "render_template")
        with template_sandbox.stored_rendering():
            return super().render_message(res_ids)

    @api.multi
    def get_mail_values(self, res_ids):
        self._ecom_refuse_direct_rpc("get_mail_values")
        return super().get_mail_values(res_ids)

    @api.model
    def generate_email_for_composer(self, template_id, res_ids, fields=None):
        self._ecom_refuse_direct_rpc("generate_email_for_composer")
        return super().generate_email_for_composer(template_id, res_ids,
                                                   fields=fields)

    @api.multi
    def onchange_template_id(self, template_id, composition_mode, model, res_id):
        self._ecom_refuse_direct_rpc("onchange_template_id")
        return super().onchange_template_id(template_id, composition_mode, model,
                                            res_id)

    @api.model
    def render_template(self, template, model, res_ids, post_process=False):
        self._ecom_refuse_direct_rpc("render_template")
        return super().render_template(template, model, res_ids,
                                       post_process=post_process)
