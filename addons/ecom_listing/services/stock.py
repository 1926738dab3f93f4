"""How many of each listing a channel may advertise (no database).

Per listing, from the free stock (on hand - reserved) of its components in
the channel's warehouse:

* policy ``channel`` (default): each component gets the channel's policy as a
  plain SKU does (buffer units kept back per product, share %), the listing
  count is ``min over components of floor(component / qty per listing)``,
  then the channel's cap (most units advertised per item) applies;
* policy ``custom``: the listing's own buffer, share and cap replace the
  channel's and count in LISTINGS ("keep 2 gift boxes back, offer 50 %, at
  most 100"): ``floor(min(free / qty) - buffer) x share``, capped;
* policy ``fixed``: the listing's fixed quantity, whatever the stock.

Components shared between listings: each product's free stock is read and
computed ONCE per export, and a product twice in one listing counts with its
summed quantity. Allocation between listings (``allocation``):

* ``shared`` (default): every listing may sell what is free of its
  components, independently (not reserved per listing). The first order
  reserves the components and the next export lowers every listing that
  shares them. Splitting strands stock in slow listings and shows 0
  everywhere once there are more listings than units; the channel's share %
  and the listings' buffers are the over-selling guard, as for plain SKUs
  exported to several channels.
* ``split``: a product's stock is divided evenly between the listings of the
  export that use it (policy ``fixed`` excluded), so that the advertised
  quantities can never ask for more of a product than is free.
"""
import math
from collections import defaultdict, namedtuple

Policy = namedtuple("Policy", "mode share buffer cap fixed")
Listing = namedtuple("Listing", "key components policy valid")
# components: {product_id: qty per listing}; valid: False = exported as 0

CHANNEL, CUSTOM, FIXED = "channel", "custom", "fixed"


def _floor(value):
    # round(..., 6) keeps 2.9999999 (float noise of quants) from losing a unit
    return int(math.floor(round(value, 6)))


def _policy_qty(units, buffer_qty, share, cap):
    free = (units or 0.0) - (buffer_qty or 0.0)
    qty = max(0, _floor(free * (share or 0.0) / 100.0))
    if cap and cap > 0:
        qty = min(qty, _floor(cap))
    return qty


def available(listings, free, channel, allocation="shared"):
    """{listing key: quantity to advertise}.

    ``free``: {product_id: on hand - reserved}; ``channel``: a Policy of the
    channel (mode ignored). Per product, the units a listing may use are
    computed once (raw for own policies, after the channel's buffer and
    share otherwise), then each listing takes a min over its components.
    """
    raw = {product: max(0.0, qty or 0.0) for product, qty in free.items()}
    keep, share = channel.buffer or 0.0, (channel.share or 0.0) / 100.0
    offered = {product: max(0.0, (qty - keep) * share)
               for product, qty in raw.items()}
    if allocation == "split":
        users = defaultdict(int)
        for listing in listings:
            if listing.valid and listing.policy.mode != FIXED:
                for product_id in listing.components:
                    users[product_id] += 1
        for units in (raw, offered):
            for product_id in units:
                if users.get(product_id):
                    units[product_id] /= users[product_id]
    cap = channel.cap
    result = {}
    for listing in listings:
        policy = listing.policy
        mode = policy.mode
        if mode == FIXED:
            result[listing.key] = max(0, _floor(policy.fixed or 0.0))
            continue
        components = listing.components
        if not listing.valid or not components:
            result[listing.key] = 0
            continue
        units = raw if mode == CUSTOM else offered
        count = min([units.get(product_id, 0.0) / qty if qty > 0 else 0.0
                     for product_id, qty in components.items()])
        if mode == CUSTOM:
            result[listing.key] = _policy_qty(_floor(count), policy.buffer,
                                              policy.share, policy.cap)
        else:
            qty = max(0, _floor(count))
            result[listing.key] = min(qty, _floor(cap)) if cap and cap > 0 else qty
    return result


#: :func:`available` for every active listing of one channel, in one query
#: (what ``export_stock(listings=True)`` runs, where reading the components
#: into Python and calling :func:`available` took 0.6 s for 20,000
#: listings). Same rules, same order of operations: a product's free stock
#: once (``units``: raw and after the channel's buffer and share, divided
#: between its users under ``split``), a listing's count the min over its
#: components and its validity in the same aggregate, then its policy;
#: ``_floor`` is ``floor(round(x, 6))`` in numeric. Each part is read once,
#: so PostgreSQL inlines it and plans one hash join with true row estimates
#: (materialised CTEs read several times made it estimate 200 rows and sort).
#: A component is unique per listing and its quantity positive (constraints
#: of ecom.channel.listing.line), so no summing or zero division is needed.
#: Parameters: channel, company, locations (ids of the channel's stock),
#: split (bool), keep (channel buffer), share (channel share / 100), cap
#: (channel cap). Rows: (listing id, platform item id, platform SKU id, seller
#: code, quantity), by id. tests/test_listing_export.py checks it against
#: :func:`available`.
AVAILABLE_SQL = """
WITH free AS (
    SELECT q.product_id,
           GREATEST(SUM(q.quantity) - SUM(q.reserved_quantity), 0)::float8 AS raw
      FROM stock_quant q
     WHERE q.location_id = ANY(%(locations)s)
  GROUP BY q.product_id),
users AS (
    SELECT c.product_id, COUNT(*) AS n
      FROM ecom_channel_listing_line c
      JOIN ecom_channel_listing l ON l.id = c.listing_id
     WHERE %(split)s AND l.channel_id = %(channel)s AND l.active
       AND l.stock_policy != 'fixed'
       AND NOT EXISTS (
           SELECT 1 FROM ecom_channel_listing_line c2
             JOIN product_product p ON p.id = c2.product_id
             JOIN product_template t ON t.id = p.product_tmpl_id
            WHERE c2.listing_id = l.id
              AND NOT (p.active AND t.type = 'product'
                       AND (t.company_id IS NULL OR t.company_id = %(company)s)))
  GROUP BY c.product_id),
units AS (
    SELECT f.product_id, f.raw / COALESCE(u.n, 1) AS raw,
           GREATEST(0, (f.raw - %(keep)s) * %(share)s) / COALESCE(u.n, 1) AS offered
      FROM free f LEFT JOIN users u ON u.product_id = f.product_id),
counts AS (
    SELECT c.listing_id,
           bool_and(p.active AND t.type = 'product'
                    AND (t.company_id IS NULL OR t.company_id = %(company)s)) AS ok,
           MIN(COALESCE(CASE WHEN l.stock_policy = 'custom' THEN un.raw
                             ELSE un.offered END, 0) / c.quantity::float8) AS cnt
      FROM ecom_channel_listing_line c
      JOIN ecom_channel_listing l ON l.id = c.listing_id
      JOIN product_product p ON p.id = c.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
 LEFT JOIN units un ON un.product_id = c.product_id
     WHERE l.channel_id = %(channel)s AND l.active
  GROUP BY c.listing_id)
SELECT l.id, l.platform_item_id, l.platform_sku_id, l.seller_code,
       (CASE WHEN l.stock_policy = 'fixed'
             THEN GREATEST(0, floor(round(COALESCE(l.stock_fixed_qty, 0)::numeric, 6)))
             WHEN c.cnt IS NULL OR NOT c.ok THEN 0
             WHEN l.stock_policy = 'custom'
             THEN LEAST(GREATEST(0, floor(round(
                            (floor(round(c.cnt::numeric, 6))
                             - COALESCE(l.stock_buffer_qty, 0)::numeric)
                            * COALESCE(l.stock_share_percent, 0)::numeric / 100, 6))),
                        CASE WHEN l.stock_cap_qty > 0
                             THEN floor(round(l.stock_cap_qty::numeric, 6)) END)
             ELSE LEAST(GREATEST(0, floor(round(c.cnt::numeric, 6))),
                        CASE WHEN %(cap)s > 0
                             THEN floor(round(%(cap)s::numeric, 6)) END)
        END)::int
  FROM ecom_channel_listing l LEFT JOIN counts c ON c.listing_id = l.id
 WHERE l.channel_id = %(channel)s AND l.active
 ORDER BY l.id
"""
