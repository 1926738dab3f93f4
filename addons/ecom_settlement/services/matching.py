"""Matching of settlement lines with orders: expected amounts and variances.

Plain Python, no ORM. The model resolves every line's order (channel +
external reference) and gathers, per order, what the platform should pay:
the order total (channel currency), the contract fee (the channel fee rules
applied by ``ecom_margin``), whether goods came back (a done return). Then
:func:`match` gives every line its expected amount, difference and variance.

Variances: ``unknown_order`` (no order with that reference on the channel),
``under_settled`` (the sales of an order paid below its total),
``fee_above_contract`` (commission above the fee rules), and
``refund_without_return`` / ``return_without_refund``. ``not_settled``
(shipped long ago, never in a settlement) is found per channel by the model.
"""
from collections import namedtuple

TOLERANCE = 0.01
VARIANCES = ("not_settled", "under_settled", "fee_above_contract",
             "refund_without_return", "return_without_refund", "unknown_order")

OrderFacts = namedtuple("OrderFacts", "total fee returned")
OrderFacts.__doc__ = """``total``: what the buyer paid (channel currency);
``fee``: the contract fee (positive); ``returned``: goods came back."""

Match = namedtuple("Match", "index expected difference variance")


def match(lines, facts):
    """``lines``: [{"order_id" (or None), "order_ref", "type", "amount"}];
    ``facts``: {order id: OrderFacts}. One Match per line, same order, and
    the order ids with a return but no refund line (return_without_refund)."""
    results = [None] * len(lines)
    groups = {}
    for index, line in enumerate(lines):
        if line["order_ref"] and not line.get("order_id"):
            results[index] = Match(index, 0.0, line["amount"], "unknown_order")
            continue
        key = (line.get("order_id"), line["type"])
        groups.setdefault(key, []).append(index)
    for (order_id, kind), indexes in groups.items():
        fact = facts.get(order_id) if order_id else None
        total = sum(lines[i]["amount"] for i in indexes)
        expected, variance = total, False
        if fact is not None and kind == "sale":
            expected = fact.total
            if total < fact.total - TOLERANCE:
                variance = "under_settled"
        elif fact is not None and kind == "commission":
            expected = -fact.fee
            if -total > fact.fee + TOLERANCE:
                variance = "fee_above_contract"
        elif fact is not None and kind == "refund" and not fact.returned:
            expected, variance = 0.0, "refund_without_return"
        first = True
        for i in indexes:
            line_expected = expected if first else 0.0
            results[i] = Match(i, round(line_expected, 2),
                               round(lines[i]["amount"] - line_expected, 2)
                               if first else round(lines[i]["amount"], 2),
                               variance)
            first = False
        if len(indexes) > 1:
            # the group's difference on its first line
            head = indexes[0]
            results[head] = results[head]._replace(
                difference=round(total - expected, 2))
            for i in indexes[1:]:
                results[i] = results[i]._replace(difference=0.0)
    refunded = {line.get("order_id") for line in lines if line["type"] == "refund"}
    returns_unrefunded = sorted(
        order_id for order_id, fact in facts.items()
        if fact.returned and order_id not in refunded)
    return results, returns_unrefunded


def batch_state(matches, returns_unrefunded):
    """matched, partial (only unknown orders) or discrepancy."""
    variances = {m.variance for m in matches if m.variance}
    if returns_unrefunded or variances - {"unknown_order"}:
        return "discrepancy"
    if variances:
        return "partial"
    return "matched"


def totals(lines):
    """gross (sales), fees (commission, shipping, ads), refunds, adjustments
    (subsidy, adjustment, other) and net of normalised lines."""
    result = {"gross": 0.0, "fees": 0.0, "refunds": 0.0, "adjustments": 0.0}
    for line in lines:
        kind = line["type"]
        key = {"sale": "gross", "refund": "refunds", "commission": "fees",
               "shipping": "fees", "ads": "fees"}.get(kind, "adjustments")
        result[key] += line["amount"]
    result = {k: round(v, 2) for k, v in result.items()}
    result["net"] = round(sum(result.values()), 2)
    return result
