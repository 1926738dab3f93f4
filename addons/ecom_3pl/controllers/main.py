# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhook of the 3PL: ``POST /ecom_3pl/webhook/<backend code>``.

The body is ``{"messages": [{"message_id", "sequence", "type", "payload"}]}``
signed as in services/protocol.py. A bad or missing signature is refused with
401 before anything is parsed or stored; a good request is handled like the
XML-RPC methods (idempotent, ordered) and answers ``{"results": [...]}``.
Serialisation conflicts with a concurrent webhook are retried here.
"""
import json
import logging
import random
import time

from psycopg2 import OperationalError

import odoo
from odoo import SUPERUSER_ID, api, http
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from ..services import errors, inbound, protocol

_logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024 * 1024
MAX_TRIES = 5


def _reply(status, document):
    return http.Response(json.dumps(document), status=status,
                         content_type="application/json")


class ThreePLWebhook(http.Controller):

    @http.route("/ecom_3pl/webhook/<string:backend_code>", type="http",
                auth="none", methods=["POST"], csrf=False)
    def webhook(self, backend_code, **_kw):
        request = http.request
        db = request.db or request.params.get("db")
        if not db:
            return _reply(400, {"error_code": "missing_field",
                                "message": "db: which database"})
        raw = request.httprequest.get_data(cache=False)
        if len(raw) > MAX_BODY:
            return _reply(413, {"error_code": "batch_too_large",
                                "message": "body too large"})
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # sudo (superuser env): looking up the backend and its secret to
            # check the signature; nothing is returned before it matches
            backend = env["ecom.3pl.backend"].search(
                [("code", "=", backend_code)], limit=1)
            secret = backend._get_secret() if backend else False
        if not backend:
            return _reply(404, errors.result_row(False, "rejected", errors.ThreePLError(
                "unknown_backend", "backend_code", value=backend_code)))
        reason = protocol.verify(secret, raw, request.httprequest.headers)
        if reason:
            _logger.warning("3PL %s webhook refused: %s", backend_code, reason)
            return _reply(401, errors.result_row(False, "rejected",
                                                 errors.ThreePLError(reason)))
        try:
            document = json.loads(raw.decode("utf-8"))
            messages = document.get("messages") if isinstance(document, dict) \
                else None
            inbound.check_batch(messages)
        except (ValueError, UnicodeError):
            return _reply(400, errors.result_row(False, "rejected", errors.ThreePLError(
                "invalid_value", "body", value="not JSON")))
        except errors.ThreePLError as error:
            return _reply(400, errors.result_row(False, "rejected", error))
        for attempt in range(1, MAX_TRIES + 1):
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    backend_su = env["ecom.3pl.backend"].browse(backend.id)
                    results = backend_su._receive(messages)
                    cr.commit()
                return _reply(200, {"results": results})
            except OperationalError as err:
                if err.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY or \
                        attempt == MAX_TRIES:
                    raise
                time.sleep(random.uniform(0.05, 0.2 * attempt))
