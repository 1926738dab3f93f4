"""Accounting of a payout batch and the actual fees of settled orders.

Plain Python, no ORM. A batch becomes one journal entry: every group of
lines goes to its account, the net (what the platform pays out) to the
channel's clearing account, which the bank statement line later clears.

Amounts are signed as the platform pays them (sales positive, commissions
negative); an amount the platform pays is a credit on its account, the net
a debit on the clearing account (or the reverse when negative), so the
entry always balances.
"""
from collections import OrderedDict

# line type -> account role of the channel configuration
ACCOUNT_ROLES = OrderedDict([
    ("sale", "receivable"), ("refund", "receivable"),
    ("commission", "fee"), ("shipping", "shipping"),
    ("ads", "suspense"), ("subsidy", "suspense"), ("adjustment", "suspense"),
    ("other", "suspense"),
])
ROLES = ("receivable", "fee", "shipping", "suspense", "clearing")


def role_totals(lines):
    """{role: signed total} of ``lines`` [{"type", "amount"}], every role of
    ``ACCOUNT_ROLES`` that has lines, in that order; ``clearing``: the net."""
    totals = {}
    for line in lines:
        role = ACCOUNT_ROLES[line["type"]]
        totals[role] = totals.get(role, 0.0) + line["amount"]
    result = OrderedDict((role, round(totals[role], 2)) for role in ROLES
                         if round(totals.get(role, 0.0), 2))
    result["clearing"] = -round(sum(result.values()), 2)
    return result


def move_lines(totals, convert=None):
    """[(role, debit, credit, amount_in_batch_currency)] of one entry.

    ``totals``: :func:`role_totals`; ``convert``: batch currency -> company
    currency (None: the same currency). Converted amounts are rounded per
    line and the clearing line takes the rounding so the entry balances.
    """
    convert = convert or (lambda amount: amount)
    rows, balance = [], 0.0
    for role, amount in totals.items():
        if role == "clearing":
            continue
        company_amount = round(convert(amount), 2)
        balance += company_amount
        # money the platform pays on this account: a credit
        rows.append((role, max(-company_amount, 0.0), max(company_amount, 0.0),
                     -amount))
    balance = round(balance, 2)
    rows.append(("clearing", max(balance, 0.0), max(-balance, 0.0),
                 -totals["clearing"]))
    return rows


def allocate(amount, weights):
    """Split ``amount`` over ``weights`` {key: weight} in proportion, rounded
    to cents, the remainder on the largest weight. Equal parts when every
    weight is zero."""
    keys = list(weights)
    if not keys:
        return {}
    total = sum(weights.values())
    if not total:
        weights = {key: 1.0 for key in keys}
        total = float(len(keys))
    shares = {key: round(amount * weights[key] / total, 2) for key in keys}
    rest = round(amount - sum(shares.values()), 2)
    if rest:
        biggest = max(keys, key=lambda key: (weights[key], -keys.index(key)))
        shares[biggest] = round(shares[biggest] + rest, 2)
    return shares


def actual_fees(lines, revenue_by_order):
    """{sale line id: actual fee (positive)}: the commission lines of every
    matched order spread over its order lines by revenue.

    ``lines``: [{"order_id", "type", "amount"}]; ``revenue_by_order``:
    {order id: {sale line id: revenue}} (company currency weights).
    Orders without commission lines get a fee of 0 (the platform took
    none)."""
    fee_by_order = {}
    for line in lines:
        if line.get("order_id") and line["type"] == "commission":
            fee_by_order[line["order_id"]] = \
                fee_by_order.get(line["order_id"], 0.0) - line["amount"]
    result = {}
    for order_id, revenues in revenue_by_order.items():
        result.update(allocate(round(fee_by_order.get(order_id, 0.0), 2), revenues))
    return result
