"""Scanner recipes of ecom_analytics: its model-level methods take no ids;
the lift is measured on a real promotion."""


def recipes(world, admin):
    promos = admin.call("ecom.promotion", "search", [], limit=1)
    calls = {
        ("ecom.sales.daily", "action_open_rebuild"): [([], {})],
        ("ecom.staff.kpi", "action_refresh"): [([], {})],
    }
    if promos:
        calls[("ecom.promotion", "action_measure_lift")] = [([promos], {})]
    return calls
