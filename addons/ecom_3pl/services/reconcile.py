"""Three-way reconciliation: Odoo's stock, the 3PL's book, messages in flight.

Plain Python. For one backend, per product:

* ``odoo``: on hand in Odoo at the 3PL warehouse's stock location;
* ``book``: the 3PL's last snapshot (sequence S) plus the stock changes it
  reported after it (None when the SKU is not in the snapshot);
* messages: quantities of shipment/receipt confirmations

  - ``out_unapplied`` / ``in_unapplied``: confirmed by the 3PL before S (so in
    its snapshot) but not applied in Odoo yet;
  - ``out_after`` / ``in_after``: confirmed after S and applied in Odoo (Odoo
    counts them, the snapshot does not yet);
  - ``inflight_out``: pushed to the 3PL, not confirmed: it may have shipped
    them before S without telling us yet;
  - ``changes``: stock changes reported after S (already in ``book``).

What the 3PL should hold if both sides agree::

    expected = odoo + out_after - in_after - out_unapplied + in_unapplied
    drift = book - expected

Causes: ``in_sync`` (no drift), ``awaiting_confirmation`` (a shortfall the
unconfirmed pushes can explain), ``reported_change`` (equal to the 3PL's own
stock changes), ``missing_at_3pl`` (Odoo has stock, the snapshot has no such
SKU), ``unexplained``. The adjustment that makes Odoo agree is ``drift``.
"""
EPSILON = 1e-6

CAUSES = ("in_sync", "awaiting_confirmation", "reported_change", "missing_at_3pl",
          "unexplained")
ADJUSTABLE = ("reported_change", "missing_at_3pl", "unexplained")


def reconcile_line(odoo=0.0, book=None, out_unapplied=0.0, in_unapplied=0.0,
                   out_after=0.0, in_after=0.0, inflight_out=0.0, changes=0.0):
    """-> dict(expected, drift, cause) for one product.

    >>> reconcile_line(odoo=10, book=10)["cause"]
    'in_sync'
    >>> reconcile_line(odoo=10, book=7, inflight_out=5)["cause"]
    'awaiting_confirmation'
    >>> reconcile_line(odoo=10, book=8, out_unapplied=2)["cause"]
    'in_sync'
    >>> reconcile_line(odoo=10, book=13)["drift"]
    3.0
    """
    expected = odoo + out_after - in_after - out_unapplied + in_unapplied
    held = book if book is not None else 0.0
    drift = round(held - expected, 6)
    if abs(drift) < EPSILON:
        cause = "in_sync"
        drift = 0.0
    elif book is None and expected > 0:
        cause = "missing_at_3pl"
    elif drift < 0 and -drift <= inflight_out + EPSILON:
        cause = "awaiting_confirmation"
    elif changes and abs(drift - changes) < EPSILON:
        cause = "reported_change"
    else:
        cause = "unexplained"
    return {"expected": round(expected, 6), "drift": float(drift), "cause": cause}


def reconcile(rows):
    """{product_id: {component: qty}} -> {product_id: line} for every product.

    Components missing from a row count as 0 (``book`` as None).
    """
    result = {}
    for product_id, row in rows.items():
        line = reconcile_line(**row)
        line.update({key: row.get(key, 0.0) for key in (
            "odoo", "out_unapplied", "in_unapplied", "out_after", "in_after",
            "inflight_out", "changes")})
        line["book"] = row.get("book")
        result[product_id] = line
    return result
