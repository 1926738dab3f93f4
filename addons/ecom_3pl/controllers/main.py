# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhook of the 3PL: ``POST /ecom_3pl/webhook/<backend code>``.

The body is ``{"messages": [{"message_id", "sequence", "type", "payload"}]}``
signed as in services/protocol.py, sent as ``application/json``. Odoo 11
dispatches every ``application/json`` POST as JSON-RPC, so the answer comes
in its envelope: ``{"jsonrpc": "2.0", "id": null, "result": {...}}`` where
``result`` is ``{"results": [...]}`` (one row per message, like the XML-RPC
methods: idempotent, ordered) or, for a refused request, ``{"status":
"rejected", "error_code": ..., "message": ...}``. A bad or missing signature
is refused before anything is parsed or stored. Serialisation conflicts with
a concurrent webhook are retried by the channel API's loop
(``ecom.channel._api_retry``); when they persist the call is refused with
``busy`` and nothing is stored.
"""
import json
import logging

import odoo
from odoo import SUPERUSER_ID, api, http

from ..services import errors, inbound, protocol

_logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024 * 1024


class _Busy(Exception):
    """Concurrent calls kept changing what this one read: send again."""


def _refusal(code, field="", **params):
    return errors.result_row(False, "rejected",
                             errors.ThreePLError(code, field, **params))


class ThreePLWebhook(http.Controller):

    @http.route("/ecom_3pl/webhook/<string:backend_code>", type="json",
                auth="none", methods=["POST"], csrf=False)
    def webhook(self, backend_code, **_kw):
        request = http.request
        db = request.db or request.httprequest.args.get("db")
        if not db:
            return _refusal("missing_field", "db")
        raw = request.httprequest.get_data()
        if len(raw) > MAX_BODY:
            return _refusal("batch_too_large", "body", max=MAX_BODY)
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # sudo (superuser env): looking up the backend and its secret to
            # check the signature; nothing is returned before it matches
            backend = env["ecom.3pl.backend"].search(
                [("code", "=", backend_code)], limit=1)
            secret = backend._get_secret() if backend else False
        if not backend:
            return _refusal("unknown_backend", "backend_code", value=backend_code)
        reason = protocol.verify(secret, raw, request.httprequest.headers)
        if reason:
            _logger.warning("3PL %s webhook refused: %s", backend_code, reason)
            return _refusal(reason)
        try:
            document = json.loads(raw.decode("utf-8"))
            messages = document.get("messages") if isinstance(document, dict) \
                else None
            inbound.check_batch(messages)
        except (ValueError, UnicodeError):
            return _refusal("invalid_value", "body", value="not JSON")
        except errors.ThreePLError as error:
            return errors.result_row(False, "rejected", error)
        with api.Environment.manage(), registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            backend_su = env["ecom.3pl.backend"].browse(backend.id)
            try:
                # the channel API's retry loop: redone in a new transaction
                # on a concurrency error, then rolled back and refused
                results = env["ecom.channel"]._api_retry(
                    "3PL %s webhook" % backend_code,
                    lambda: backend_su._receive(messages), _Busy)
            except _Busy:
                return _refusal("busy", "messages")
        # the cursor commits on leaving the block
        return {"results": results}
