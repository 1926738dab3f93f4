# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

import werkzeug.exceptions

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError
from odoo.http import request


class IrHttp(models.AbstractModel):
    """Gate every web request of a gated role: JSON-RPC, exports, reports, files.

    Runs after authentication and before the controller (Odoo 11's
    ``_postprocess_args`` step of ``_dispatch``), for every route of every
    add-on, including routes installed later: an undeclared route is refused.
    The user is the session's (auth="none" routes such as /web/login also get
    the session user, so a logged-in gated user cannot reach around the gate
    through them).
    """

    _inherit = "ir.http"

    @classmethod
    def _postprocess_args(cls, arguments, rule):
        refused = cls._ecom_gate_check_request(arguments)
        if refused is not None:
            return refused
        return super()._postprocess_args(arguments, rule)

    @classmethod
    def _ecom_gate_params(cls, arguments):
        params = dict(request.params)
        for key, value in arguments.items():
            if isinstance(value, (str, int)):
                params[key] = value
        return params

    @classmethod
    def _ecom_gate_check_request(cls, arguments):
        """None to go on, or the response refusing the request."""
        uid = request.session.uid
        if not uid or not request.db:
            return None
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        gate = env["ecom.gate.rule"]
        if gate._ecom_gate_policy_of(uid) is None:
            return None
        try:
            gate._ecom_gate_enforce(
                uid, path=request.httprequest.path,
                params=cls._ecom_gate_params(arguments))
        except AccessError as err:
            return cls._ecom_gate_refusal(err)
        return None

    @classmethod
    def _ecom_gate_refusal(cls, error):
        """A JSON-RPC error for JSON routes, 403 with the message otherwise."""
        if request._request_type == "json":
            return request._handle_exception(error)
        response = werkzeug.exceptions.Forbidden(description=error.name)
        return response.get_response(request.httprequest.environ)

    @classmethod
    def _ecom_gate_json(cls, value):  # pragma: no cover - debugging aid
        return json.dumps(value, default=str)
