"""Scanner recipes of ecom_3pl's non-standard methods.

The integration role's inbound methods are called with an empty batch (they
answer an empty list and store nothing); ``reconcile`` runs on the 3PL
backends the caller can see (SKUs and quantities only).
"""


def recipes(world, admin):
    backends = admin.call("ecom.3pl.backend", "search_read", [], ["code"])
    code = backends[0]["code"] if backends else "SH3PL"
    ids = [b["id"] for b in backends]
    calls = {("ecom.3pl.backend", method): [([code, []], {})]
             for method in ("confirm_shipment", "confirm_receipt",
                            "push_stock_snapshot", "report_stock_change")}
    calls[("ecom.3pl.backend", "reconcile")] = [([ids], {})]
    # no line, a reason: refused ("nothing to adjust"), nothing written
    calls[("ecom.3pl.reconciliation.line", "action_adjust")] = [([[], "scan"], {})]
    return calls
