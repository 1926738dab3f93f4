"""Was a method called directly by an RPC client? Pure Python (frames only).

Odoo dispatches XML-RPC ``execute_kw``, JSON-RPC ``/web/dataset/call_kw`` and
``call_button`` through ``odoo.api.call_kw``, whose helpers call the method
with the client's arguments. A rendering method that is harmless when the
server calls it with its own arguments (a report, a stored view) is refused
to non-administrators when its caller is one of those helpers: the arguments
(template, values, data) are then the client's.
"""


def called_by(frame, method_name, entry_codes):
    """True when the function of ``frame`` was called from ``entry_codes``.

    ``frame`` is the frame of an override of ``method_name`` (a name, or a
    tuple of names of thin public wrappers around it); the frames of the
    overrides above it (``super()`` chains of other add-ons, same function
    name) are skipped, so the answer does not depend on the order in which
    add-ons override the method.
    """
    names = (method_name,) if isinstance(method_name, str) else tuple(method_name)
    caller = frame.f_back
    while caller is not None and caller.f_code.co_name in names:
        caller = caller.f_back
    return caller is not None and caller.f_code in entry_codes
