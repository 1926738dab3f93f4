"""Scanner recipes of ecom_margin's allowed methods."""


def recipes(world, admin):
    return {
        # integration: a harmless batch (unknown reference: rejected row)
        ("ecom.channel", "import_shipping_costs"): [
            (["NO-CHANNEL", [{"order_ref": "x", "cost": 1.0, "currency": "CNY"}]],
             {}),
        ],
    }
