"""Inspection, disposition and ledger rules; plain Python, no ORM.

The ledger and return-rate reports are database views (models/
ecom_rma_ledger.py); ``ledger_kind`` is the rule they apply, kept here as the
reference the tests hold the view to.
"""

CONDITIONS = ("A", "B", "C", "defect")
DISPOSITIONS = ("restock", "outlet", "scrap", "return_to_vendor")
#: What a condition suggests when the inspector gives no disposition.
DEFAULT_DISPOSITION = {
    "A": "restock",
    "B": "outlet",
    "C": "scrap",
    "defect": "return_to_vendor",
}
EPSILON = 1e-6


def inspection_problems(lines):
    """[(line id, field, problem)] that keep a case from being inspected.

    ``lines``: iterable of dicts with ``id``, ``qty_received``, ``condition``,
    ``disposition``. A line received with nothing needs neither.
    """
    problems = []
    for line in lines:
        if line["qty_received"] <= EPSILON:
            continue
        if line["condition"] not in CONDITIONS:
            problems.append((line["id"], "condition", "missing"))
        elif (line["disposition"] or DEFAULT_DISPOSITION[line["condition"]]) \
                not in DISPOSITIONS:
            problems.append((line["id"], "disposition", "invalid"))
    return problems


def disposition_plan(lines):
    """{disposition: [(line id, qty)]} of the received quantities."""
    plan = {}
    for line in lines:
        if line["qty_received"] <= EPSILON:
            continue
        disposition = line["disposition"] or DEFAULT_DISPOSITION[line["condition"]]
        plan.setdefault(disposition, []).append((line["id"], line["qty_received"]))
    return plan


def ledger_kind(qty_refunded, qty_received):
    """'refunded_not_received', 'received_not_refunded' or None (balanced)."""
    if qty_refunded > qty_received + EPSILON:
        return "refunded_not_received"
    if qty_received > qty_refunded + EPSILON:
        return "received_not_refunded"
    return None
