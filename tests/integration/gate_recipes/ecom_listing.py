"""Scanner recipes of ecom_listing.

``import_listings`` with an empty batch writes nothing and answers [];
``export_stock(..., listings=True)`` is covered by the scanner's own
``export_stock`` recipe (same allowed method).
"""


def recipes(world, admin):
    return {
        ("ecom.channel", "import_listings"): [(["JD", []], {})],
    }
