"""Decisions of the replenishment run, in plain Python (no ORM).

The run model reads rules, products, vendor lines, vendor rates and draft
RFQs in a few queries per warehouse; this module decides:

* the numeric parameters (vendor weights, overstock thresholds) read from
  system parameters (:func:`parse_numbers`);
* the vendor lines a rule's company may use, the candidates compared by
  :func:`.supplier.choose` and the RFQ line of a rule (:func:`plan_line`:
  vendor, raised quantity for a demand rule, unit price from the price
  breaks, planned date);
* how the lines of one vendor complete its existing draft RFQ
  (:func:`merge_into_order`, :func:`merged_origin`);
* the column values of a new RFQ line once taxes are computed
  (:func:`line_amounts`: quantity and price at their fields' digits, amounts
  at the currency's rounding).
"""
import collections
import datetime

from . import supplier
from .rounding import round_digits, round_money

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # Odoo's DEFAULT_SERVER_DATETIME_FORMAT

#: Vendor choice weights: {weight: system parameter}.
WEIGHT_PARAMS = {
    "price": "ecom_reorder.weight_price",
    "reliability": "ecom_reorder.weight_reliability",
    "quality": "ecom_reorder.weight_quality",
}

LinePlan = collections.namedtuple("LinePlan", "partner_id values raised")
OrderMerge = collections.namedtuple("OrderMerge", "updates new_items")


class ParamError(ValueError):
    """A system parameter that must be a number is not one."""

    def __init__(self, param, value):
        super().__init__("System parameter %s must be a number, got %r."
                         % (param, value))
        self.param = param
        self.value = value


def parse_numbers(raw):
    """{key: float} of ``raw`` = {key: (parameter name, raw value)}.

    Raises :class:`ParamError` naming the first parameter (in key order of
    ``raw``) whose value is not a number."""
    values = {}
    for key, (param, value) in raw.items():
        try:
            values[key] = float(value)
        except ValueError:
            raise ParamError(param, value)
    return values


def company_lines(lines, company_id):
    """The vendor lines of ``lines`` a rule of ``company_id`` may buy from
    (lines of that company or of none)."""
    return [ln for ln in lines
            if not ln["company_id"] or ln["company_id"] == company_id]


def candidates(lines, rates):
    """({partner id: [its lines]}, [:class:`.supplier.Candidate`]) of the
    vendors of ``lines`` in their first line's order; ``rates``: {partner
    id: (on-time rate, quality rate)}, missing when not measured."""
    by_partner = collections.OrderedDict()
    for line in lines:
        by_partner.setdefault(line["partner_id"], []).append(line)
    result = []
    for partner_id, mine in by_partner.items():
        on_time, quality = rates.get(partner_id, (None, None))
        result.append(supplier.Candidate(
            partner_id, partner_id, [(ln["min_qty"], ln["price"]) for ln in mine],
            mine[0]["delay"], min(ln["min_qty"] for ln in mine), on_time, quality))
    return by_partner, result


def date_planned(now, vendor_delay, lead_days):
    """Planned receipt: now + the vendor's delay + the rule's lead days, as
    Odoo's datetime string."""
    return (now + datetime.timedelta(
        days=int(vendor_delay or 0) + (lead_days or 0))).strftime(DATETIME_FORMAT)


def plan_line(row, po_qty, po_uom, lines, rates, weights, now):
    """:class:`LinePlan` (vendor, RFQ line values, raise) of the rule ``row``
    whose need is ``po_qty`` in the purchase unit ``po_uom``.

    ``lines``: the product's vendor lines the rule's company may use (not
    empty); the vendor is :func:`.supplier.choose`'s and
    ``ecom_vendor_reason`` its reason. A ``demand`` rule's quantity is
    raised to the vendor's minimum: ``raised`` is then ``{"qty": need,
    "moq": minimum}`` for the caller to add to the reason (in the user's
    language), else None."""
    by_partner, cands = candidates(lines, rates)
    choice = supplier.choose(cands, po_qty, weights)
    chosen = next(c for c in cands if c.key == choice.key)
    reason = choice.reason
    raised = None
    if row["reorder_policy"] == "demand" and choice.qty > po_qty:
        raised = {"qty": po_qty, "moq": choice.qty}
        po_qty = choice.qty
    unit_price, _dummy = supplier.price_for_qty(chosen.breaks, po_qty)
    return LinePlan(choice.key, {
        "product_id": row["product_id"],
        "seller": by_partner[choice.key][0],
        "orderpoint_id": row["id"],
        "product_qty": po_qty,
        "product_uom": po_uom,
        "price_unit": unit_price,
        "date_planned": date_planned(now, chosen.delay, row["lead_days"]),
        "ecom_vendor_reason": reason,
    }, raised)


def merge_into_order(current, items):
    """:class:`OrderMerge` of ``items`` (RFQ line values) into a draft RFQ
    whose lines are ``current`` = [(line id, product id, unit id, qty)] in
    order: an item whose product and unit already have a line adds its
    quantity to the first such line (``updates`` = [(line id, new qty,
    reason)]); the others become new lines (``new_items``)."""
    existing = {}
    for line_id, product_id, uom_id, qty in current:
        existing.setdefault((product_id, uom_id), (line_id, qty))
    updates, new_items = [], []
    for item in items:
        found = existing.get((item["product_id"], item["product_uom"]))
        if found:
            updates.append((found[0], found[1] + item["product_qty"],
                            item["ecom_vendor_reason"]))
        else:
            new_items.append(item)
    return OrderMerge(updates, new_items)


def merged_origin(order_origin, origin):
    """The source document of an RFQ completed by a run, or None when it
    already names the run: ``"PO-SRC, REPL/7"``."""
    if origin in (order_origin or "").split(", "):
        return None
    return ", ".join(filter(None, [order_origin, origin]))


def line_amounts(qty, price, computed, currency_rounding, digits):
    """Column values of an RFQ line's quantity, price and amounts as the ORM
    stores them: ``qty`` and ``price`` at their fields' digits (already
    applied before the taxes were computed), ``computed`` =
    ``account.tax.compute_all``'s result, subtotal and total at the
    currency's rounding (Monetary), tax at its field's digits.

    ``digits``: {field name: (precision, scale) or None}."""
    return {
        "product_qty": qty,
        "price_unit": price,
        "price_subtotal": round_money(computed["total_excluded"],
                                      currency_rounding),
        "price_total": round_money(computed["total_included"], currency_rounding),
        "price_tax": round_digits(
            sum(t.get("amount", 0.0) for t in computed["taxes"]),
            digits["price_tax"]),
    }
