"""Scanner recipes of ecom_settlement's allowed methods."""


def recipes(world, admin):
    return {
        # integration: a harmless batch (unknown channel: rejected row)
        ("ecom.channel", "import_settlement"): [
            (["NO-CHANNEL", {"batch_ref": "x", "period_start": "2026-01-01",
                             "period_end": "2026-01-31", "currency": "CNY",
                             "lines": []}], {}),
        ],
    }
