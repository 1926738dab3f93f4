"""The allow-list gate: what a restricted role may call, as plain data.

Odoo 11 exposes thousands of public model methods over XML-RPC, JSON-RPC and
HTTP controllers. Blocking the dangerous ones one by one never ends, so the
suite inverts it: for the gated roles (warehouse, purchase, integration and
customer service) every call names a (model, method) pair, a report or an HTTP
route, and only what some add-on declared for one of the caller's groups
passes (``ecom.gate.rule`` rows). This module holds the rules of that game
without any database or Odoo import, so they are tested in microseconds:

* :data:`ALIASES` expands the short method sets an add-on may declare;
* :func:`route_targets` says which model methods / reports a known web route
  reaches with the given parameters;
* :class:`Policy` is one user's compiled allow-list and answers
  :meth:`Policy.denial` with ``None`` (allowed) or the refused target.
"""
import json
from urllib.parse import urlparse

#: Method sets an add-on may declare instead of listing each method.
ALIASES = {
    # everything the web client and RPC clients need to list, open and look up
    "@read": ("read", "search_read", "search", "search_count", "name_get",
              "name_search", "fields_get", "read_group", "load_views",
              "fields_view_get", "check_access_rights"),
    # opening a form (or a wizard) and saving a new record
    "@create": ("create", "default_get", "onchange", "name_create", "load_views",
                "fields_view_get"),
    "@write": ("write", "onchange"),
    "@unlink": ("unlink",),
    "@export": ("export_data", "fields_get"),
}

#: Kinds of gate rules (ecom.gate.rule.kind).
KIND_METHOD, KIND_REPORT, KIND_ROUTE = "method", "report", "route"


class InvalidRule(ValueError):
    """A declared rule that cannot be compiled (message names the part)."""


def expand_methods(text):
    """Method names of a rule's ``methods`` text (space/comma separated, aliases)."""
    names = []
    for word in (text or "").replace(",", " ").split():
        if word.startswith("@"):
            if word not in ALIASES:
                raise InvalidRule("unknown method set %s (known: %s)" % (
                    word, ", ".join(sorted(ALIASES))))
            names.extend(ALIASES[word])
        elif word.startswith("_"):
            raise InvalidRule("private method %s cannot be allowed" % word)
        else:
            names.append(word)
    return names


def _json_param(params, key):
    value = params.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _report_from_url(url):
    """Report name of a /report/<converter>/<name>[/<ids>] URL, or None."""
    parts = [p for p in urlparse(url or "").path.split("/") if p]
    if len(parts) >= 3 and parts[0] == "report":
        return parts[2]
    return None


def _model_param(params, default=None):
    model = params.get("model") or default
    return model if isinstance(model, str) and model else None


def route_targets(path, params):
    """(model methods, reports) a known web route reaches with ``params``.

    ``params`` merges the request's parameters with the route's path
    arguments. An unknown route reaches no model method through this table:
    it is then allowed or refused as a route only (its controller must be
    declared by an add-on as a ``route`` rule for the role). A known route
    whose parameters do not name a model is refused by naming
    ``("?", method)``: never guess in favour of the caller.
    """
    pairs, reports = [], []
    if path.startswith("/web/dataset/call_kw") or path in (
            "/web/dataset/call", "/web/dataset/call_button"):
        pairs.append((_model_param(params, "?"), params.get("method") or "?"))
    elif path == "/web/dataset/search_read":
        pairs.append((_model_param(params, "?"), "search_read"))
    elif path == "/web/dataset/load":
        pairs.append((_model_param(params, "?"), "read"))
    elif path == "/web/dataset/resequence":
        pairs.append((_model_param(params, "?"), "write"))
    elif path.startswith("/web/export/") and path.rsplit("/", 1)[-1] in (
            "csv", "xls", "xlsx"):
        data = _json_param(params, "data") or {}
        model = data.get("model") if isinstance(data, dict) else None
        pairs.append((model or "?", "export_data"))
    elif path == "/web/export/get_fields":
        pairs.append((_model_param(params, "?"), "fields_get"))
    elif path == "/web/export/namelist":
        pairs.append(("ir.exports", "read"))
    elif path.startswith(("/web/content", "/web/image", "/web/binary/image")):
        if params.get("xmlid"):
            pairs.append(("ir.model.data", "xmlid_to_res_id"))
        pairs.append((_model_param(params, "ir.attachment"), "read"))
    elif path.startswith(("/web/binary/upload_attachment", "/web/binary/upload")):
        pairs.append(("ir.attachment", "create"))
    elif path == "/web/action/run":
        pairs.append(("ir.actions.server", "run"))
    elif path == "/report/download":
        data = _json_param(params, "data")
        url = data[0] if isinstance(data, list) and data else None
        reports.append(_report_from_url(url) or "?")
    elif path.startswith("/report/") and not path.startswith(
            ("/report/barcode", "/report/check_wkhtmltopdf")):
        reports.append(params.get("reportname") or _report_from_url(path) or "?")
    elif path in ("/mail/read_followers", "/mail/read_subscription_data"):
        pairs.append(("mail.followers", "read"))
    return pairs, reports


def route_matches(path, pattern):
    """``pattern`` is an exact path, or a prefix ending in ``*``."""
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


class Policy:
    """One user's allow-list, compiled from the rules of its groups."""

    __slots__ = ("pairs", "reports", "routes")

    def __init__(self, pairs=(), reports=(), routes=()):
        self.pairs = frozenset(pairs)
        self.reports = frozenset(reports)
        self.routes = tuple(sorted(set(routes)))

    @classmethod
    def compile(cls, rules):
        """``rules``: iterable of (kind, model, methods text)."""
        pairs, reports, routes = set(), set(), set()
        for kind, model, methods in rules:
            if kind == KIND_METHOD:
                if not model or model == "*":
                    raise InvalidRule("a method rule needs one model, not %r" % model)
                pairs.update((model, name) for name in expand_methods(methods))
            elif kind == KIND_REPORT:
                reports.update((methods or "").replace(",", " ").split())
            elif kind == KIND_ROUTE:
                routes.update((methods or "").replace(",", " ").split())
            else:
                raise InvalidRule("unknown rule kind %r" % kind)
        return cls(pairs, reports, routes)

    def allows_method(self, model, method):
        return (model, method) in self.pairs

    def allows_route(self, path):
        return any(route_matches(path, pattern) for pattern in self.routes)

    def denial(self, path=None, params=None, model=None, method=None):
        """None when allowed, else ``(kind, target)`` of the first refusal.

        Either an RPC call (``model``/``method``) or a web request
        (``path``/``params``): the route itself must be allowed, then every
        model method and report it reaches.
        """
        if path is None:
            if not self.allows_method(model, method):
                return (KIND_METHOD, "%s.%s" % (model, method))
            return None
        if not self.allows_route(path):
            return (KIND_ROUTE, path)
        pairs, reports = route_targets(path, params or {})
        for pair_model, pair_method in pairs:
            if not self.allows_method(pair_model, pair_method):
                return (KIND_METHOD, "%s.%s" % (pair_model, pair_method))
        for report in reports:
            if report not in self.reports:
                return (KIND_REPORT, report)
        return None
