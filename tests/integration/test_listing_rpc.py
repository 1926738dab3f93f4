"""ecom_listing over real XML-RPC against the live 2-worker server (demo data).

The integration user imports listings into Tmall, sends orders naming them by
seller code and platform ids, reads the stock per listing; warehouse staff
read the components only; parallel imports of the same listings give each
listing once.
"""
import threading
import uuid
import xmlrpc.client

import pytest

from harness import roles
from harness.rpc import login_as


@pytest.fixture(autouse=True)
def _needs_listing(require_addons):
    require_addons("ecom_listing")


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def order(ref, lines):
    return {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00", "currency": "CNY",
        "paid": True,
        "customer": {"external_id": "acct-" + ref, "name": "Li Lei",
                     "email": "%s@example.com" % ref.lower(), "phone": "13900139000"},
        "shipping": {"name": "Li Lei", "phone": "13900139000",
                     "street": "1 Wangfujing", "city": "Beijing", "zip": "100006",
                     "country_code": "CN"},
        "lines": lines,
    }


def test_listings_import_intake_and_export_as_integration_user(rpc):
    api, admin = rpc("integration"), rpc("admin")
    code, item = unique("GB"), unique("IT")
    box = {"platform_item_id": item, "platform_sku_id": item + "-1",
           "seller_code": code, "title": "Gift box",
           "components": [{"sku": "TEA-LJ-250", "qty": 1},
                          {"sku": "MUG-CEL-01", "qty": 2}]}
    rows = api.call("ecom.channel", "import_listings", "TMALL",
                    [box, {"seller_code": unique("X"), "sku": "NO-SUCH-SKU"}])
    assert [r["status"] for r in rows] == ["created", "rejected"]
    assert rows[1]["error_code"] == "unknown_sku"
    assert api.call("ecom.channel", "import_listings", "TMALL",
                    [box])[0]["status"] == "unchanged"

    stock = api.call("ecom.channel", "export_stock", "TMALL", listings=True)
    by_code = {row["seller_code"]: row for row in stock}
    assert set(by_code[code]) == {"platform_item_id", "platform_sku_id",
                                  "seller_code", "available_qty"}
    before = by_code[code]["available_qty"]
    assert before > 0

    ref, unknown_ref = unique("LST"), unique("UNK")
    result = api.call("ecom.channel", "import_orders", "TMALL", [
        order(ref, [{"seller_code": code, "qty": 1, "price_unit": 150.0},
                    {"platform_sku_id": item + "-1", "platform_item_id": item,
                     "qty": 1, "price_unit": 150.0}]),
        order(unknown_ref, [{"platform_sku_id": unique("NOPE"), "qty": 1,
                             "price_unit": 9.0}])])
    assert [r["status"] for r in result] == ["created", "rejected"]
    assert result[1]["error_code"] == "unknown_listing"
    assert result[1]["message"].startswith("lines[0].platform_sku_id")
    lines = admin.call("sale.order.line", "search_read",
                       [["order_id", "=", result[0]["order_id"]]],
                       fields=["product_id", "product_uom_qty", "price_subtotal",
                               "ecom_platform_line_ref", "ecom_listing_id"],
                       order="id")
    assert [line["product_uom_qty"] for line in lines] == [1, 2, 1, 2]
    assert round(sum(line["price_subtotal"] for line in lines), 2) == 300.0
    assert {line["ecom_platform_line_ref"] for line in lines} == \
        {"lines[0]", "lines[1]"}
    assert {line["ecom_listing_id"][0] for line in lines} == {rows[0]["listing_id"]}
    # 2 boxes reserved: the export of the box went down
    after = {r["seller_code"]: r["available_qty"] for r in api.call(
        "ecom.channel", "export_stock", "TMALL", [code], True)}
    assert after[code] < before
    unmatched = admin.call("ecom.listing.unmatched", "search_read",
                           [["last_external_ref", "=", unknown_ref]],
                           fields=["hit_count", "channel_id"])
    assert len(unmatched) == 1 and unmatched[0]["hit_count"] == 1


def test_warehouse_reads_components_only(rpc):
    operator = rpc("warehouse_operator")
    lines = operator.call("ecom.channel.listing.line", "search_read",
                          [["seller_code", "=", "GIFT-TEA-MUG"]],
                          fields=["product_id", "quantity", "listing_name"])
    assert sorted(line["quantity"] for line in lines) == [1.0, 2.0]
    for model, method, args in (
            ("ecom.channel.listing", "search_read", [[]]),
            ("ecom.channel", "import_listings", ["TMALL", []])):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            operator.call(model, method, *args)
        assert "e-commerce access gate" in caught.value.faultString


def test_four_clients_same_listings_at_once_give_each_once(odoo_server, rpc):
    codes = [unique("PAR%02d" % i) for i in range(30)]
    batch = [{"platform_item_id": code, "platform_sku_id": code + "-1",
              "seller_code": code, "title": "Parallel %s" % code,
              "components": [{"sku": "TEA-LJ-250", "qty": 1},
                             {"sku": "MUG-CEL-01", "qty": 1 + i % 3}]}
             for i, code in enumerate(codes)]
    user = roles.BY_ROLE["integration"]
    answers, errors = [None] * 4, []
    barrier = threading.Barrier(4)

    def send(index):
        client = login_as(odoo_server, user)   # one connection per client
        barrier.wait()
        try:
            answers[index] = client.call("ecom.channel", "import_listings", "WEB",
                                         batch)
        except Exception as error:  # noqa: B902 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors, errors
    listings = rpc("admin").call("ecom.channel.listing", "search_read",
                                 [["seller_code", "in", codes]],
                                 fields=["seller_code", "line_ids"])
    assert len(listings) == 30
    assert all(len(listing["line_ids"]) == 2 for listing in listings)
    ids = {listing["seller_code"]: listing["id"] for listing in listings}
    created = 0
    for answer in answers:
        assert [row["seller_code"] for row in answer] == codes
        for row in answer:
            assert row["status"] in ("created", "unchanged"), row
            assert row["listing_id"] == ids[row["seller_code"]]
            created += row["status"] == "created"
    assert created == 30
