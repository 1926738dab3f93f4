"""Portal links and access tokens (``sale.order``, ``account.invoice``).

``access_token`` opens ``/my/orders/<id>?access_token=`` (and its PDF) to
anyone, unlogged; ``get_share_url``/``get_mail_url`` also append the
customer's sign-up token. For the hidden level (warehouse, purchase planner,
integration):

* ``access_token`` cannot be read, written, searched or ordered by;
* the share/mail URLs are refused.

The masked level (customer service) keeps the links of the records it can
read when the server builds them (a quotation e-mail rendered from its stored
template), but not by calling those methods directly over RPC.
"""
import sys

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from ..services import rpc_caller
from .ir_qweb import RPC_ENTRY_CODES

TOKEN_FIELD = "access_token"


class PortalMixin(models.AbstractModel):
    _inherit = "portal.mixin"

    @api.model
    def _ecom_token_refused(self):
        return AccessError(_(
            "%s.%s: portal access tokens are not available to your role.")
            % (self._name, TOKEN_FIELD))

    @api.model
    def _ecom_token_hidden(self):
        return TOKEN_FIELD in self._fields and \
            self.env["res.partner"]._ecom_pii_level() == "hidden"

    @api.model
    def check_field_access_rights(self, operation, fields):
        allowed = super().check_field_access_rights(operation, fields)
        if not self._ecom_token_hidden():
            return allowed
        if fields and TOKEN_FIELD in fields:
            raise self._ecom_token_refused()
        return [name for name in allowed if name != TOKEN_FIELD]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self._ecom_token_hidden():
            for leaf in args or []:
                if expression.is_leaf(leaf) and isinstance(leaf[0], str) and \
                        leaf[0].split(".")[0] == TOKEN_FIELD:
                    raise self._ecom_token_refused()
            if order and TOKEN_FIELD in order:
                raise self._ecom_token_refused()
        return super()._search(args, offset=offset, limit=limit, order=order,
                               count=count, access_rights_uid=access_rights_uid)

    def get_share_url(self):
        level = self.env["res.partner"]._ecom_pii_level()
        # get_mail_url (sale.order, account.invoice) only wraps this method
        if level == "hidden" or (level == "masked" and rpc_caller.called_by(
                sys._getframe(0), ("get_share_url", "get_mail_url"),
                RPC_ENTRY_CODES)):
            raise self._ecom_token_refused()
        return super().get_share_url()
