"""Validation of the items of ``import_listings`` (no database).

An item::

    {"platform_item_id": "6001", "platform_sku_id": "6001-1",   # or/and
     "seller_code": "GIFT-TEA-MUG", "title": "Gift box", "active": True,
     "components": [{"sku": "TEA-LJ-250", "qty": 1}, {"sku": "MUG-CEL-01", "qty": 2}],
     "stock_policy": "channel" | "custom" | "fixed",              # optional
     "stock_share_percent": 50, "stock_buffer_qty": 2, "stock_cap_qty": 0,
     "stock_fixed_qty": 0}

``sku`` + ``qty`` at the top stand for one component (a multi-pack).
A product twice in ``components`` counts once with the summed quantity.
"""
from odoo.addons.ecom_base.services import item_errors
from odoo.addons.ecom_channel.services import intake

from .errors import ListingError
from .resolve import LENGTH, clean

MAX_LISTINGS = 1000
MAX_COMPONENTS = 50
POLICIES = ("channel", "custom", "fixed")
TITLE_LENGTH = 256


def check_batch(listings):
    if not isinstance(listings, list):
        return ListingError("invalid_type", "listings", expected="a list of listings")
    if len(listings) > MAX_LISTINGS:
        return ListingError("too_large", "listings", max="%d listings" % MAX_LISTINGS)
    return None


def raw_keys(item):
    """(platform_item_id, platform_sku_id, seller_code) for the answer."""
    if not isinstance(item, dict):
        return False, False, False
    return tuple((clean(item.get(key)) or False) if len(
        clean(item.get(key)) or "") <= LENGTH else False
        for key in ("platform_item_id", "platform_sku_id", "seller_code"))


def _key(item, key):
    value = item.get(key)
    if value is None or value is False or value == "":
        return False
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ListingError("invalid_type", key, expected="a string")
    value = clean(value)
    if value and len(value) > LENGTH:
        raise ListingError("too_large", key, max="%d characters" % LENGTH)
    return value


def _quantity(value, field, allow_zero=False):
    if value is None:
        raise ListingError("missing_field", field)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or \
            value < 0 or (value == 0 and not allow_zero) or value > intake.MAX_QTY:
        raise ListingError("invalid_qty", field, value=value, max=intake.MAX_QTY)
    return float(value)


def _components(item):
    components = item.get("components")
    if components is None and item.get("sku") is not None:
        components = [{"sku": item.get("sku"), "qty": item.get("qty", 1)}]
    if components is None or components is False or components == []:
        raise ListingError("missing_field", "components")
    if not isinstance(components, list):
        raise ListingError("invalid_type", "components",
                           expected="a list of {sku, qty}")
    if len(components) > MAX_COMPONENTS:
        raise ListingError("too_large", "components",
                           max="%d components" % MAX_COMPONENTS)
    merged = {}
    for index, component in enumerate(components):
        prefix = "components[%d]." % index
        if not isinstance(component, dict):
            raise ListingError("invalid_type", "components[%d]" % index,
                               expected="a struct (dict)")
        sku = clean(component.get("sku"))
        if not sku:
            raise ListingError("missing_field", prefix + "sku")
        qty = _quantity(component.get("qty", 1), prefix + "qty")
        merged[sku] = merged.get(sku, 0.0) + qty
    return list(merged.items())


def validate_listing(item):
    """Normalised copy of one raw listing, or ListingError (first problem)."""
    if not isinstance(item, dict):
        raise ListingError("invalid_type", "listing", expected="a struct (dict)")
    result = {key: _key(item, key)
              for key in ("platform_item_id", "platform_sku_id", "seller_code")}
    if not any(result.values()):
        raise ListingError("missing_field",
                           "platform_sku_id, platform_item_id or seller_code")
    title = item.get("title")
    if title is not None and title is not False and not isinstance(title, str):
        raise ListingError("invalid_type", "title", expected="a string")
    title = " ".join(title.split()) if title else False
    if title and len(title) > TITLE_LENGTH:
        raise ListingError("too_large", "title", max="%d characters" % TITLE_LENGTH)
    active = item.get("active", True)
    if not isinstance(active, bool):
        raise ListingError("invalid_type", "active", expected="a boolean")
    policy = item.get("stock_policy") or "channel"
    if policy not in POLICIES:
        raise ListingError("invalid_type", "stock_policy",
                           expected="one of %s" % ", ".join(POLICIES))
    result.update(name=title or False, active=active, stock_policy=policy,
                  components=_components(item))
    share = item.get("stock_share_percent", 100.0)
    if not isinstance(share, (int, float)) or isinstance(share, bool) or \
            not 0 <= share <= 100:
        raise ListingError("invalid_type", "stock_share_percent",
                           expected="a number from 0 to 100")
    result["stock_share_percent"] = float(share)
    for key in ("stock_buffer_qty", "stock_cap_qty", "stock_fixed_qty"):
        result[key] = _quantity(item.get(key, 0.0), key, allow_zero=True)
    return result


def result_row(keys, status, listing_id=False, error=None):
    """One entry of the answer of import_listings."""
    item, sku_id, seller = keys
    return item_errors.result_row(
        status, error, platform_item_id=item or False,
        platform_sku_id=sku_id or False, seller_code=seller or False,
        listing_id=listing_id or False)
