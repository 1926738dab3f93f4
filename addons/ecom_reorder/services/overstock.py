"""Overstock and ageing list, in plain Python (no ORM).

The overstock model reads, per warehouse, the stocked products, their
forecast, 90 days of deliveries, the last sale and the reorder rules; this
module decides which products are listed, why, and what to do
(:func:`line_values`), and which warehouses are short of a product so that
a transfer can be proposed (:func:`short_warehouses`). The reasons and the
action themselves are :func:`.demand.overstock_reasons` and
:func:`.demand.overstock_action`.
"""
import collections

from . import demand

#: Thresholds: {key: (system parameter, default)}.
PARAMS = {
    "factor": ("ecom_reorder.overstock_max_factor", 1.5),
    "cover": ("ecom_reorder.overstock_cover_days", 180),
    "idle": ("ecom_reorder.overstock_idle_days", 90),
}
#: Days of deliveries the daily demand is averaged over.
DEMAND_DAYS = 90
#: Days of cover stored for a product that does not sell at all.
NO_DEMAND_COVER = 9999

#: What the list needs of a product's rule in the warehouse.
RuleInfo = collections.namedtuple("RuleInfo", "id max_qty policy")


def short_warehouses(rules):
    """{product id: warehouse id} of the first warehouse (in ``rules``
    order) whose rule of the product is at or below its minimum.

    ``rules``: [(product id, warehouse id, forecast, min qty)]."""
    short = {}
    for product_id, warehouse_id, forecast, min_qty in rules:
        if forecast <= min_qty:
            short.setdefault(product_id, warehouse_id)
    return short


def line_values(product_id, warehouse_id, forecast, delivered, last_sale,
                today, rule, short_warehouse_id, params):
    """Values of the overstock line of a product in a warehouse, or None
    when it is not overstocked.

    ``delivered``: quantity delivered over the last :data:`DEMAND_DAYS`;
    ``last_sale``: date of the last delivery or None; ``rule``:
    :class:`RuleInfo` or None; ``short_warehouse_id``: a warehouse short of
    the product (see :func:`short_warehouses`) or None; ``params``: the
    thresholds of :data:`PARAMS` as numbers."""
    daily = delivered / DEMAND_DAYS
    idle = (today - last_sale).days if last_sale else None
    max_qty = rule.max_qty if rule else 0.0
    reasons = demand.overstock_reasons(
        forecast, max_qty, daily, idle, params["factor"], params["cover"],
        params["idle"])
    if not reasons:
        return None
    other = short_warehouse_id if short_warehouse_id != warehouse_id else None
    cover = demand.days_of_cover(forecast, daily)
    return {
        "product_id": product_id,
        "warehouse_id": warehouse_id,
        "orderpoint_id": rule.id if rule else False,
        "forecast_qty": forecast,
        "max_qty": max_qty,
        "daily_demand": daily,
        "days_of_cover": cover if cover is not None else NO_DEMAND_COVER,
        "last_sale_date": last_sale.strftime("%Y-%m-%d") if last_sale else None,
        "reasons": "; ".join(reasons),
        "suggested_action": demand.overstock_action(
            reasons, bool(other), rule.policy if rule else False),
        "transfer_warehouse_id": other or False,
    }
