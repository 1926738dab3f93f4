"""Planning of demand-driven reorder rules, in plain Python (no ORM).

The orderpoint model reads rules, deliveries, quants, moves, promotions and
vendor lines in a few grouped queries; this module decides everything that
follows from those rows:

* which history to read for a warehouse's rules (:func:`history_window`,
  :func:`promotion_horizon`);
* the suggestion of one rule from its terms (:func:`suggest_rule`: window
  average, last year's season, promotions, vendor lead time and minimum);
* the days a product ended out of stock, rebuilt backwards from today's
  stock and the daily net flows (:func:`stockout_days`);
* grouping of rules whose suggestions are applied with one write
  (:func:`group_by_suggestion`) and the one UPDATE that stores suggestions
  (:func:`suggestion_update`);
* Odoo's choice of vendor terms and lines (:func:`vendor_terms`,
  :func:`supplierinfos_by_product`), the RFQ line description
  (:func:`purchase_name`), the procurement rule a rule's need goes to
  (:func:`bought_rule_ids`) and the forecast from summed quantities
  (:func:`virtual_available`).

Dates are ``datetime.date``; quantities floats in the product's unit.
"""
import collections
import datetime

from . import demand
from .rounding import round_qty

SEASON_YEAR_DAYS = 365
DEFAULT_WINDOW_DAYS = 90
PROMOTION_MARGIN_DAYS = 60

#: The terms of a demand-driven rule that :func:`suggest_rule` reads.
RuleTerms = collections.namedtuple(
    "RuleTerms", "demand_window_days review_days order_cycle_days "
                 "use_seasonality safety_method safety_days service_level "
                 "qty_multiple")


def history_window(window_days, seasonal, today):
    """(first, last) day of sales history the rules of one warehouse need:
    the longest demand window, or a full year when one rule is seasonal."""
    longest = max(list(window_days) or [DEFAULT_WINDOW_DAYS])
    if seasonal:
        longest = max(longest, SEASON_YEAR_DAYS)
    return today - datetime.timedelta(days=longest), today - demand.ONE_DAY


def promotion_horizon(terms):
    """Days ahead whose promotions matter to any of ``terms``: the longest
    review period + order cycle, plus a margin for the vendor lead time."""
    return max(t.review_days + t.order_cycle_days + PROMOTION_MARGIN_DAYS
               for t in terms)


def suggest_rule(terms, sales, stockouts, promos, vendor, today):
    """:class:`demand.Suggestion` of one rule.

    ``terms``: :class:`RuleTerms`; ``sales``: {date: qty delivered};
    ``stockouts``: set of stock-out days; ``promos``: [(from, to, uplift)];
    ``vendor``: {"delay", "min_qty"} of the first vendor, or None."""
    window = max(terms.demand_window_days, 1)
    stats = demand.daily_demand(
        sales, stockouts, today - datetime.timedelta(days=window),
        today - demand.ONE_DAY)
    lead = vendor["delay"] if vendor else 0
    cover = lead + terms.review_days + terms.order_cycle_days
    season = 1.0
    if terms.use_seasonality:
        ly_start = today - datetime.timedelta(days=SEASON_YEAR_DAYS)
        ly_period = demand.daily_demand(
            sales, stockouts, ly_start,
            ly_start + datetime.timedelta(days=max(cover, 1) - 1))
        year = demand.daily_demand(
            sales, stockouts, ly_start, today - demand.ONE_DAY)
        if ly_period.days_used:
            season = demand.seasonality_index(ly_period.average, year.average)
    promo = demand.promotion_factor(promos, today, cover)
    return demand.suggest(
        stats, window, lead, terms.review_days, terms.order_cycle_days,
        season=season, promo=promo, safety_method=terms.safety_method,
        safety_days=terms.safety_days, service_level=terms.service_level,
        min_qty=vendor["min_qty"] if vendor else 0.0,
        multiple=terms.qty_multiple if terms.qty_multiple > 1 else 0.0)


def group_by_suggestion(rows):
    """{(min, max): [rule ids]} of ``rows`` = [(rule id, min, max)], in the
    order of the rows: rules sharing values are written at once."""
    groups = collections.OrderedDict()
    for rule_id, min_qty, max_qty in rows:
        groups.setdefault((min_qty, max_qty), []).append(rule_id)
    return groups


def suggestion_update(suggestions, now, uid):
    """(SQL, params) of the one UPDATE storing ``suggestions`` = {rule id:
    :class:`demand.Suggestion`}: suggested min/max, daily demand and
    explanation, and the state: ``applied`` when the rule already has those
    min/max, else ``review``."""
    values, params = [], []
    for rule_id, sug in suggestions.items():
        values.append("(%s, %s, %s, %s, %s)")
        params += [rule_id, sug.min_qty, sug.max_qty, sug.daily_demand,
                   sug.explanation]
    query = """
            UPDATE stock_warehouse_orderpoint op
               SET suggested_min_qty = v.mn, suggested_max_qty = v.mx,
                   daily_demand = v.daily, demand_explanation = v.expl,
                   suggestion_date = %s, write_date = %s, write_uid = %s,
                   suggestion_state = CASE
                       WHEN op.product_min_qty = v.mn AND op.product_max_qty = v.mx
                       THEN 'applied' ELSE 'review' END
              FROM (VALUES """ + ", ".join(values) + """)
                   AS v(id, mn, mx, daily, expl)
             WHERE op.id = v.id
        """
    # the placeholders of SET come before those of VALUES in the text
    return query, [now, now, uid] + params


def stockout_days(on_hand, flows, start, end):
    """Days in [start, end] that ended with nothing on hand.

    ``on_hand``: today's quantity (``end`` is yesterday); ``flows``: {date:
    net quantity that came in that day} (negative: went out). The stock at
    the end of day d is today's stock less the net flow after d."""
    today = end + demand.ONE_DAY
    level = on_hand - sum(q for d, q in flows.items() if d >= today)
    days = set()
    day = end
    while day >= start:
        if level <= 1e-9:
            days.add(day)
        level -= flows.get(day, 0.0)
        day -= demand.ONE_DAY
    return days


def vendor_terms(lines):
    """{"delay", "min_qty"} of the first vendor of ``lines`` (vendor line
    dicts in Odoo's order): its first line's delay and the smallest minimum
    of its lines; None without lines."""
    if not lines:
        return None
    first_partner = lines[0]["partner_id"]
    return {
        "delay": lines[0]["delay"],
        "min_qty": min(ln["min_qty"] for ln in lines
                       if ln["partner_id"] == first_partner),
    }


#: Columns of product_supplierinfo read for the run, in this order.
SUPPLIERINFO_COLUMNS = ("id", "name", "product_tmpl_id", "product_id",
                        "min_qty", "price", "delay", "company_id",
                        "currency_id")


def supplierinfos_by_product(rows, template_of, product_ids):
    """{product id: [vendor line dicts]} from ``rows`` of
    :data:`SUPPLIERINFO_COLUMNS` in Odoo's order: a template's lines go to
    each of its variants, a line naming a variant only to that variant.
    ``template_of``: {product id: template id}."""
    by_template = {}
    for row in rows:
        line = dict(zip(SUPPLIERINFO_COLUMNS, row))
        line["partner_id"] = line["name"]
        by_template.setdefault(line["product_tmpl_id"], []).append(line)
    return {
        product_id: [ln for ln in by_template.get(template_of[product_id], [])
                     if not ln["product_id"] or ln["product_id"] == product_id]
        for product_id in product_ids}


def purchase_name(product_id, values, sellers):
    """RFQ line description of a product without variant attributes, as
    purchase builds it for a vendor in English: the vendor's own product
    name and code win over the product's (the variant's line over the
    template's, the last one as name_get keeps it), ``[code] name``, then
    the purchase description on a new line.

    ``values``: the product's name, default_code and description_purchase;
    ``sellers``: [(product id or None, product_name, product_code)] of the
    vendor's lines of the product's template, in Odoo's order."""
    name = values["name"]
    code = values["default_code"]
    matching = [s for s in sellers if s[0] == product_id] \
        or [s for s in sellers if not s[0]]
    if matching:
        _pid, seller_name, seller_code = matching[-1]
        name = seller_name or name
        code = seller_code or code
    if code:
        name = "[%s] %s" % (code, name)
    if values["description_purchase"]:
        name += "\n" + values["description_purchase"]
    return name


def bought_rule_ids(rules, chain, pulls, product_routes, warehouse_routes):
    """Ids of the reorder rules whose need Odoo sends to the Buy route.

    ``rules``: [(rule id, product id, location id, warehouse id)];
    ``chain``: {location id: [the location and its parents, nearest first]};
    ``pulls``: {location id: [(route id, warehouse id, action)] in
    procurement.group._search_rule's order}; ``product_routes``: {product
    id: set of route ids}; ``warehouse_routes``: {warehouse id: set}. At
    each location from the rule's up, the first pull rule of one of the
    product's routes wins, else the first of one of the warehouse's."""

    def first(location_id, route_ids, warehouse_id):
        for pull in pulls.get(location_id, ()):
            if pull[0] in route_ids and pull[1] in (False, warehouse_id):
                return pull
        return None

    bought = set()
    for rule_id, product_id, location_id, warehouse_id in rules:
        routes = product_routes.get(product_id, set())
        found = None
        for parent_id in chain[location_id]:
            found = first(parent_id, routes, warehouse_id) \
                or first(parent_id, warehouse_routes[warehouse_id], warehouse_id)
            if found:
                break
        if found and found[2] == "buy":
            bought.add(rule_id)
    return bought


def virtual_available(on_hand, incoming, outgoing, rounding):
    """Forecast of a product as stock's _compute_quantities_dict rounds it:
    each sum rounded to the unit, then on hand + incoming - outgoing."""
    available = round_qty(on_hand, rounding)
    in_qty = round_qty(incoming, rounding)
    out_qty = round_qty(outgoing, rounding)
    return round_qty(available + in_qty - out_qty, rounding)
