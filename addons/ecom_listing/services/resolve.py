"""Order lines given by listing -> component lines with internal SKUs.

A line of ``import_orders`` may give ``sku`` (internal code, unchanged), or
``platform_sku_id`` (with ``platform_item_id`` when the platform's SKU ids
are unique per item only), or ``platform_item_id`` alone (an item without
SKUs), or ``seller_code``. Platform ids are tried first, then the seller
code. The listing stands for one product x n (multi-pack) or several
products (bundle); the line becomes one line per component (see pricing.py
for the price split), each remembering its listing and platform line.
"""
from collections import namedtuple

from odoo.addons.ecom_base.services import item_errors
from odoo.addons.ecom_channel.services import intake

from . import pricing
from .errors import ListingError

LISTING_KEYS = ("platform_sku_id", "platform_item_id", "seller_code")
LENGTH = 64

#: A listing as the intake needs it. ``components``: [(sku, qty, list price)];
#: ``problem``: why it cannot be sold (invalid_listing) or None.
IntakeListing = namedtuple("IntakeListing",
                           "id platform_item_id platform_sku_id seller_code "
                           "components problem")
#: Where a component line comes from (stored on the sale order line).
Trace = namedtuple("Trace", "listing_id line_ref listing_qty")


def clean(value):
    """A listing key as stored: stripped text, or False (ints accepted)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return False
    value = value.strip()
    return value or False


class ListingIndex(object):
    """The channel's active listings a batch refers to, by each key."""

    def __init__(self, listings=()):
        self.by_platform = {}
        self.by_sku_id = {}
        self.by_seller = {}
        for listing in listings:
            self.add(listing)

    def add(self, listing):
        item, sku_id = listing.platform_item_id, listing.platform_sku_id
        if item or sku_id:
            self.by_platform[(item or False, sku_id or False)] = listing
        if sku_id:
            # several items with the same SKU id: ambiguous without the item
            self.by_sku_id.setdefault(sku_id, []).append(listing)
        if listing.seller_code:
            self.by_seller[listing.seller_code] = listing

    def find(self, line, prefix):
        """(listing, field that matched) of a raw line, or ListingError."""
        item = clean(line.get("platform_item_id"))
        sku_id = clean(line.get("platform_sku_id"))
        seller = clean(line.get("seller_code"))
        for key, value in (("platform_item_id", item), ("platform_sku_id", sku_id),
                           ("seller_code", seller)):
            if value and len(value) > LENGTH:
                raise ListingError("too_large", prefix + key,
                                   max="%d characters" % LENGTH)
        if item or sku_id:
            listing = self.by_platform.get((item, sku_id))
            if not listing and sku_id and not item:
                found = self.by_sku_id.get(sku_id, [])
                listing = found[0] if len(found) == 1 else None
            if listing:
                return listing
        if seller and seller in self.by_seller:
            return self.by_seller[seller]
        field, value = ("platform_sku_id", sku_id) if sku_id else \
            ("platform_item_id", item) if item else ("seller_code", seller)
        detail = ""
        if sku_id and not item and len(self.by_sku_id.get(sku_id, [])) > 1:
            detail = " (several items have it: send platform_item_id)"
        raise ListingError("unknown_listing", prefix + field, key=field,
                           value=value, detail=detail)


def uses_listing(line):
    """True when a raw line names a listing instead of an internal SKU."""
    return isinstance(line, dict) and not clean(line.get("sku")) and any(
        clean(line.get(key)) for key in LISTING_KEYS)


def collect_keys(orders):
    """The listing keys of a raw batch, to read the listings in one query."""
    keys = {key: set() for key in LISTING_KEYS}
    for order in orders if isinstance(orders, list) else ():
        lines = order.get("lines") if isinstance(order, dict) else None
        for line in lines if isinstance(lines, list) else ():
            if uses_listing(line):
                for key in LISTING_KEYS:
                    if clean(line.get(key)):
                        keys[key].add(clean(line[key]))
    return keys


def unmatched_key(line):
    """(platform_item_id, platform_sku_id, seller_code, title) of a raw line."""
    title = line.get("title") or line.get("name")
    title = " ".join(title.split())[:256] if isinstance(title, str) else False
    return (clean(line.get("platform_item_id")), clean(line.get("platform_sku_id")),
            clean(line.get("seller_code")), title or False)


_number = item_errors.is_number


def _qty_price(line, prefix):
    qty = line.get("qty")
    if qty is None:
        raise ListingError("missing_field", prefix + "qty")
    if not _number(qty) or qty <= 0 or qty > intake.MAX_QTY:
        raise ListingError("invalid_qty", prefix + "qty", value=qty,
                           max=intake.MAX_QTY)
    price = line.get("price_unit")
    if price is None:
        raise ListingError("missing_field", prefix + "price_unit")
    if not _number(price) or price < 0 or price > intake.MAX_PRICE:
        raise ListingError("invalid_price", prefix + "price_unit", value=price,
                           max=intake.MAX_PRICE)
    return float(qty), float(price)


def translate_order(raw, index, digits=2):
    """(order for import_orders, [Trace or None per line], [original index per line]).

    An order without listing lines is returned as it is (same object).
    Raises ListingError (the order is rejected, nothing is written).
    """
    lines = raw.get("lines") if isinstance(raw, dict) else None
    if not isinstance(lines, list) or not any(uses_listing(ln) for ln in lines):
        return raw, None, None
    new_lines, traces, origin = [], [], []
    for position, line in enumerate(lines):
        if not uses_listing(line):
            new_lines.append(line)
            traces.append(None)
            origin.append(position)
            continue
        prefix = "lines[%d]." % position
        try:
            listing = index.find(line, prefix)
        except ListingError as error:
            error.line = line     # unknown_listing: remembered for staff to map
            raise
        qty, price = _qty_price(line, prefix)
        if listing.problem:
            raise ListingError("invalid_listing", prefix + "listing",
                               value=listing.seller_code or listing.platform_sku_id
                               or listing.platform_item_id, detail=listing.problem)
        ref = clean(line.get("platform_line_id")) or "lines[%d]" % position
        trace = Trace(listing.id, ref[:LENGTH], qty)
        for sku, units, unit_price in pricing.split_line(
                price, qty, listing.components, digits):
            new_lines.append({"sku": sku, "qty": units, "price_unit": unit_price})
            traces.append(trace)
            origin.append(position)
    return dict(raw, lines=new_lines), traces, origin


def remap_message(row, origin):
    """A rejected row of the translated order names the ORIGINAL line index."""
    message = row.get("message")
    if not origin or not isinstance(message, str) or not message.startswith("lines["):
        return row
    head, _sep, tail = message[len("lines["):].partition("]")
    if head.isdigit() and int(head) < len(origin):
        row = dict(row, message="lines[%d]%s" % (origin[int(head)], tail))
    return row
