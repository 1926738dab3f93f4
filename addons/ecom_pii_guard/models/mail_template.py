"""Mail templates: only administrators render template text of their own.

``mail.template.render_template`` evaluates the ``${...}`` expressions of the
text it is given. Called over RPC by any user with text of the caller's
choosing, and with a sandbox that lets ``object.sudo()`` through, it returned
any field of any record. Here:

* below administrator (``base.group_system``), ``render_template`` renders
  only while a stored template is being rendered (``generate_email``,
  ``get_email_template``, a mass-mail composer whose texts are its template's)
  or text without any template syntax (it renders as itself); any other call
  answers an AccessError naming the method;
* below administrator the text is rendered by
  :class:`~..services.template_sandbox.StrictSandbox`: no ``sudo``, ``env``,
  ``with_env`` ... whoever wrote the template;
* templates are written by administrators only (``ecom_pii_guard_mail_security.xml``),
  so "stored" cannot be turned into "chosen by the caller".
"""
import logging
import sys

from odoo import SUPERUSER_ID, _, api, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import pycompat

from odoo.addons.mail.models import mail_template as core_template

from ..services import rpc_caller, template_sandbox

_logger = logging.getLogger(__name__)

STRICT_ENV = template_sandbox.strict_copy(core_template.mako_template_env)
STRICT_SAFE_ENV = template_sandbox.strict_copy(core_template.mako_safe_template_env)


def render_refused(model, method):
    """The AccessError of a rendering call refused to a non-administrator."""
    return AccessError(_(
        "%s.%s: rendering templates or report data you supply is reserved to "
        "administrators.") % (model, method))


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _ecom_render_trusted(self):
        """True for the superuser and administrators (standard rendering)."""
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group(
            "base.group_system")

    @api.model
    def render_template(self, template_txt, model, res_ids, post_process=False):
        if self._ecom_render_trusted():
            return super().render_template(
                template_txt, model, res_ids, post_process=post_process)
        if not template_sandbox.in_stored_rendering() and \
                template_sandbox.has_template_syntax(template_txt, STRICT_ENV):
            raise render_refused(self._name, "render_template")
        return self._ecom_render_strict(template_txt, model, res_ids, post_process)

    @api.model
    def _ecom_render_strict(self, template_txt, model, res_ids, post_process=False):
        """Core's ``render_template`` with :data:`STRICT_ENV` (same variables).

        Core picks its jinja2 environment from a module global, so the body is
        repeated here rather than patching that global for every user.
        """
        multi_mode = True
        if isinstance(res_ids, pycompat.integer_types):
            multi_mode = False
            res_ids = [res_ids]
        results = dict.fromkeys(res_ids, u"")
        try:
            mako_env = STRICT_SAFE_ENV if self.env.context.get("safe") else STRICT_ENV
            template = mako_env.from_string(tools.ustr(template_txt))
        except Exception:
            # the text is a stored template's: no customer data in it
            _logger.info("Failed to load template %r", template_txt, exc_info=True)
            return multi_mode and results or results[res_ids[0]]
        records = self.env[model].browse(it for it in res_ids if it)
        res_to_rec = dict.fromkeys(res_ids, None)
        for record in records:
            res_to_rec[record.id] = record
        env = self.env
        variables = {
            "format_date": lambda date, format=False, context=None:
                core_template.format_date(env, date, format),
            "format_tz": lambda dt, tz=False, format=False, context=None:
                core_template.format_tz(env, dt, tz, format),
            "format_amount": lambda amount, currency, context=None:
                core_template.format_amount(env, amount, currency),
            "user": env.user,
            "ctx": self._context,
        }
        for res_id, record in res_to_rec.items():
            variables["object"] = record
            try:
                render_result = template.render(variables)
            except Exception as err:
                # no values in the log or the message: they may be personal
                _logger.info("Failed to render template %s of %s (uid %s): %s",
                             self.id or "text", model, env.uid, type(err).__name__)
                raise UserError(_(
                    "Failed to render the template for %s: %s") % (
                        model, tools.ustr(err)))
            if render_result == u"False":
                render_result = u""
            results[res_id] = render_result
        if post_process:
            for res_id, result in results.items():
                results[res_id] = self.render_post_process(result)
        return multi_mode and results or results[res_ids[0]]

    @api.model
    def _ecom_refuse_direct_rpc(self, method):
        """Non-administrators reach the rendering methods only through the
        server's own flows (composer onchange, buttons), never directly."""
        # imported here: ir_qweb imports this module for render_refused
        from .ir_qweb import RPC_ENTRY_CODES
        if not self._ecom_render_trusted() and rpc_caller.called_by(
                sys._getframe(1), method, RPC_ENTRY_CODES):
            raise render_refused(self._name, method)

    @api.multi
    def get_email_template(self, res_ids):
        self._ecom_refuse_direct_rpc("get_email_template")
        with template_sandbox.stored_rendering():
            return super().get_email_template(res_ids)

    @api.multi
    def generate_email(self, res_ids, fields=None):
        self._ecom_refuse_direct_rpc("generate_email")
        with template_sandbox.stored_rendering():
            return super().generate_email(res_ids, fields=fields)
