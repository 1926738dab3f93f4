"""ecom_bin_location over XML-RPC, as the warehouse roles (never admin)."""
import random
import xmlrpc.client

import pytest
import requests

ADDON = "ecom_bin_location"


@pytest.fixture
def zone_code():
    return "R%04d" % random.randint(0, 9999)


@pytest.fixture(autouse=True)
def _installed(require_addons):
    require_addons(ADDON)


@pytest.fixture(autouse=True)
def _sender_addresses(rpc):
    """Chatter messages of pickings and products need the author's email; the
    ecom_base demo users have none, so each sets its own (a preference any
    user may change)."""
    for role in ("warehouse_operator", "warehouse_manager"):
        client = rpc(role)
        me = client.call("res.users", "read", [client.uid], ["email"])[0]
        if not me["email"]:
            client.call("res.users", "write", [client.uid],
                        {"email": "%s@example.com" % client.login})


def _generate(client, zone_code, **counts):
    vals = {"zone_code": zone_code, "aisle_count": 1, "rack_count": 2,
            "shelf_count": 0, "bin_count": 3, "bin_capacity_units": 10}
    vals.update(counts)
    wizard_id = client.call("ecom.bin.generator", "create", vals)
    client.call("ecom.bin.generator", "action_generate", [wizard_id])
    return client.call("ecom.bin.generator", "read", [wizard_id],
                       ["created_count", "bin_created_count", "existing_count",
                        "zone_id"])[0]


def test_manager_generates_grid_idempotently(rpc, zone_code):
    manager = rpc("warehouse_manager")
    first = _generate(manager, zone_code)
    assert (first["created_count"], first["bin_created_count"]) == (1 + 1 + 2 + 6, 6)
    again = _generate(manager, zone_code)
    assert again["created_count"] == 0
    assert again["existing_count"] == first["created_count"]
    operator = rpc("warehouse_operator")
    bins = operator.call(
        "stock.location", "search_read",
        [("ecom_zone_id", "=", first["zone_id"][0]), ("ecom_kind", "=", "bin")],
        fields=["ecom_code", "barcode", "ecom_capacity_units", "ecom_fill_percent"],
        order="ecom_code")
    codes = [b["ecom_code"] for b in bins]
    assert codes[0] == "WH-%s-01-01-A" % zone_code
    assert codes == sorted(codes) and len(set(codes)) == 6
    assert all(b["barcode"] == b["ecom_code"] for b in bins)
    assert all(b["ecom_fill_percent"] == 0 for b in bins)


def test_operator_cannot_generate(rpc, zone_code):
    operator = rpc("warehouse_operator")
    # the access gate refuses the generator to operators before anything runs
    for method, args in (("create", [{"zone_code": zone_code}]),
                         ("action_generate", [[]])):
        with pytest.raises(xmlrpc.client.Fault) as info:
            operator.call("ecom.bin.generator", method, *args)
        assert "%s on ecom.bin.generator (e-commerce access gate)" % method in \
            info.value.faultString


def test_receipt_putaway_and_count_plan(rpc, zone_code):
    manager = rpc("warehouse_manager")
    operator = rpc("warehouse_operator")
    zone_id = _generate(manager, zone_code)["zone_id"][0]
    # two products (a receipt merges moves of one product)
    product_ids = [manager.call("product.product", "create", {
        "name": "RPC putaway %s %d" % (zone_code, qty), "type": "product",
        "ecom_preferred_zone_id": zone_id}) for qty in (4, 12)]
    warehouse = operator.call("stock.warehouse", "search_read", [],
                              fields=["in_type_id", "lot_stock_id"], limit=1)[0]
    supplier = operator.ref("stock.stock_location_suppliers")
    uom = operator.call("product.product", "read", product_ids[:1], ["uom_id"])[0]
    # 12 units: more than a bin (10) holds and the zone has no default bin
    picking_id = operator.call("stock.picking", "create", {
        "picking_type_id": warehouse["in_type_id"][0],
        "location_id": supplier,
        "location_dest_id": warehouse["lot_stock_id"][0],
        "move_lines": [(0, 0, {
            "name": "rpc", "product_id": product_id, "product_uom_qty": qty,
            "product_uom": uom["uom_id"][0], "location_id": supplier,
            "location_dest_id": warehouse["lot_stock_id"][0]})
            for product_id, qty in zip(product_ids, (4, 12))],
    })
    operator.call("stock.picking", "action_confirm", [picking_id])
    picking = operator.call("stock.picking", "read", [picking_id],
                            ["move_line_ids", "ecom_putaway_warning"])[0]
    lines = operator.call("stock.move.line", "read", picking["move_line_ids"],
                          ["product_qty", "ecom_dest_bin_code", "ecom_putaway_reason"])
    by_qty = {line["product_qty"]: line for line in lines}
    assert by_qty[4]["ecom_dest_bin_code"] == "WH-%s-01-01-A" % zone_code
    assert by_qty[4]["ecom_putaway_reason"] == "first_fit"
    assert by_qty[12]["ecom_putaway_reason"] == "nothing_fits"
    assert "Nothing fits" in picking["ecom_putaway_warning"]
    # cycle counts: the manager plans the zone, the operator opens a count
    plan_id = manager.call("ecom.bin.count.plan", "create", {"zone_id": zone_id})
    action = operator.call("ecom.bin.count.plan", "action_count_a", [plan_id])
    inventories = operator.call("stock.inventory", "search_read", action["domain"],
                                fields=["location_id", "state", "ecom_abc_class"])
    assert [(i["location_id"][0], i["state"], i["ecom_abc_class"])
            for i in inventories] == [(zone_id, "confirm", "a")]


def test_bin_labels_render_for_operator(odoo_server, rpc):
    operator = rpc("warehouse_operator")
    bins = operator.call("stock.location", "search_read",
                         [("ecom_kind", "=", "bin")], fields=["ecom_code"], limit=2,
                         order="ecom_code")
    assert bins, "demo bins missing"
    session = requests.Session()
    login = session.post(odoo_server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {
            "db": operator.db, "login": operator.login,
            "password": operator.password}})
    assert login.json()["result"]["uid"] == operator.uid
    url = "%s/report/html/ecom_bin_location.bin_label_document/%s" % (
        odoo_server.url, ",".join(str(b["id"]) for b in bins))
    response = session.get(url)
    assert response.status_code == 200
    for location in bins:
        assert location["ecom_code"] in response.text
    assert response.text.count("ecom-bin-barcode") == len(bins)
