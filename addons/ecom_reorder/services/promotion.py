"""Promotion calendar rules, in plain Python (no ORM).

A promotion names products and/or categories (with their sub-categories),
optionally one warehouse, two dates and an uplift. :func:`problem` checks a
promotion's values; :func:`by_product` spreads promotions over the products
a replenishment pass looks at.
"""

DATES = "dates"
UPLIFT = "uplift"


def problem(date_from, date_to, uplift_percent):
    """What is wrong with a promotion's values: :data:`DATES` when it ends
    before it starts, :data:`UPLIFT` when the uplift is -100% or below (it
    would remove all demand), else None. Dates compare as dates or as
    Odoo's ``YYYY-MM-DD`` strings."""
    if date_to < date_from:
        return DATES
    if uplift_percent <= -100:
        return UPLIFT
    return None


def by_product(promotions, categ_of):
    """{(product id, warehouse id or False): [(from, to, uplift)]}.

    ``promotions``: [(entry, product ids, category ids, warehouse id or
    False)] where entry is ``(from, to, uplift)`` and the category ids
    already include the sub-categories; ``categ_of``: {product id: its
    category id} of the products wanted. A product is concerned when it is
    named or its category is one of the promotion's."""
    result = {}
    for entry, product_ids, categ_ids, warehouse_id in promotions:
        for product_id, categ_id in categ_of.items():
            if product_id in product_ids or categ_id in categ_ids:
                result.setdefault((product_id, warehouse_id), []).append(entry)
    return result
