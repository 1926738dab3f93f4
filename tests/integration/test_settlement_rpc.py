"""ecom_settlement over XML-RPC: the integration user sends a payout batch,
finance reads it, warehouse and customer service cannot."""
import time
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def channel(rpc, installed_addons):
    if "ecom_settlement" not in installed_addons:
        pytest.skip("not installed in this run: ecom_settlement")
    admin = rpc("admin")
    return admin.call("ecom.channel", "search_read", [("code", "=", "TMALL")],
                      fields=["currency_id"])[0]


def test_integration_imports_a_settlement_finance_reads_it(rpc, channel):
    integration = rpc("integration")
    ref = "RPC-%d" % (time.time() * 1000)
    batch = {"batch_ref": ref, "period_start": "2026-01-01",
             "period_end": "2026-01-31", "currency": channel["currency_id"][1],
             "lines": [{"order_ref": "NO-SUCH-" + ref, "type": "sale", "amount": 9.0},
                       {"type": "ads", "amount": -2.0}]}
    first = integration.call("ecom.channel", "import_settlement", "TMALL", batch)
    assert first["status"] == "created"
    assert first["lines"] == 2
    again = integration.call("ecom.channel", "import_settlement", "TMALL", batch)
    assert (again["status"], again["settlement_id"]) == ("unchanged",
                                                         first["settlement_id"])
    bad = integration.call("ecom.channel", "import_settlement", "TMALL",
                           dict(batch, currency="XXX"))
    assert (bad["status"], bad["error_code"]) == ("rejected", "unknown_currency")
    with pytest.raises(xmlrpc.client.Fault):
        integration.call("ecom.settlement", "search_read", [])
    finance = rpc("finance")
    settlement = finance.call("ecom.settlement", "read", [first["settlement_id"]],
                              ["state", "net", "variance_count"])[0]
    assert settlement["state"] == "partial"
    assert settlement["net"] == pytest.approx(7.0)
    assert settlement["variance_count"] == 1


@pytest.mark.parametrize("role", ["warehouse_operator", "customer_service",
                                  "purchase_planner"])
def test_settlements_hidden_from_other_roles(rpc, channel, role):
    with pytest.raises(xmlrpc.client.Fault):
        rpc(role).call("ecom.settlement.line", "search_read", [])


def test_finance_posts_a_batch_once(rpc, channel):
    """Finance posts an imported batch over RPC: one journal entry on the
    channel's clearing account; posting again changes nothing."""
    admin = rpc("admin")
    tmall = admin.call("ecom.channel", "search_read", [("code", "=", "TMALL")],
                       fields=["settlement_clearing_account_id"])[0]
    if not tmall["settlement_clearing_account_id"]:
        admin.call("ecom.channel", "action_settlement_default_accounts",
                   [tmall["id"]])
    ref = "RPC-POST-%d" % (time.time() * 1000)
    batch = {"batch_ref": ref, "period_start": "2026-02-01",
             "period_end": "2026-02-28", "currency": channel["currency_id"][1],
             "lines": [{"type": "subsidy", "amount": 30.0},
                       {"type": "ads", "amount": -4.0}]}
    created = rpc("integration").call("ecom.channel", "import_settlement", "TMALL",
                                      batch)
    finance = rpc("finance")
    for _attempt in range(2):
        finance.call("ecom.settlement", "action_post", [created["settlement_id"]])
    settlement = finance.call("ecom.settlement", "read", [created["settlement_id"]],
                              ["state", "move_id", "payout_reconciled"])[0]
    assert settlement["state"] == "posted"
    assert settlement["payout_reconciled"] is False
    moves = finance.call("account.move", "search_read",
                         [("ref", "=", "TMALL " + ref)], fields=["amount"])
    assert len(moves) == 1
    assert moves[0]["amount"] == pytest.approx(26.0)   # net: 30 - 4


@pytest.mark.parametrize("role", ["warehouse_operator", "integration",
                                  "customer_service"])
@pytest.mark.parametrize("model", ["ecom.settlement.unsettled.report",
                                   "ecom.settlement.fee.report",
                                   "ecom.settlement.mapping"])
def test_reports_are_finance_only(rpc, channel, role, model):
    with pytest.raises(xmlrpc.client.Fault):
        rpc(role).call(model, "search_read", [], limit=1)
    rpc("finance").call(model, "search_read", [], limit=1)


def test_finance_uploads_a_csv_with_the_demo_mapping(rpc, channel):
    """The JD demo mapping (fees exported as positive numbers) over RPC: the
    wizard of finance imports the file through import_settlement."""
    import base64

    finance = rpc("finance")
    jd = finance.call("ecom.channel", "search_read", [("code", "=", "JD")],
                      fields=["id"])[0]
    mapping = finance.call("ecom.settlement.mapping", "search_read",
                           [("channel_id", "=", jd["id"])], fields=["id"])[0]
    ref = "RPC-CSV-%d" % (time.time() * 1000)
    text = "订单编号,费用项,金额\nNO-SUCH-%s,货款,80\n,京东快车,6\n,平台补贴,2\n" % ref
    wizard = finance.call("ecom.settlement.import.wizard", "create", {
        "channel_id": jd["id"], "mapping_id": mapping["id"],
        "file": base64.b64encode(text.encode("gb18030")).decode(),
        "batch_ref": ref, "period_start": "2026-03-01", "period_end": "2026-03-31"})
    finance.call("ecom.settlement.import.wizard", "action_import", [wizard])
    result = finance.call("ecom.settlement.import.wizard", "read", [wizard],
                          ["state", "result", "settlement_id"])[0]
    assert result["state"] == "done", result["result"]
    settlement = finance.call("ecom.settlement", "read", [result["settlement_id"][0]],
                              ["net", "state", "line_count"])[0]
    assert (settlement["line_count"], settlement["state"]) == (3, "partial")
    assert settlement["net"] == pytest.approx(76.0)        # 80 - 6 + 2
