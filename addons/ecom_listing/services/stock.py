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
