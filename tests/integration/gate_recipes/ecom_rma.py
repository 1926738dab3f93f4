"""Scanner recipes of ecom_rma: a refund-only case on the JD canary order
(its note carries the canary customer's phone), then the case's methods."""
import uuid


def recipes(world, admin):
    forbidden, refs = world
    jd_ref, _jd_order = refs["JD"]
    ref = "SCAN-RMA-%s" % uuid.uuid4().hex[:6]
    # the note is what a marketplace may copy from the buyer: a canary value
    canary_phone = [v for v in forbidden["hidden"] if v.startswith("139")][0]
    answer = admin.call("ecom.channel", "import_returns", "JD", [{
        "external_ref": ref, "order_ref": jd_ref, "type": "refund_only",
        "reason": "damaged", "requested_at": "2026-11-25 10:00:00",
        "refund_amount": 10.0, "lines": [{"sku": "TEA-LJ-250", "qty": 1}],
        "return_tracking_ref": "SCAN-TRK-%s" % ref,
        "note": "buyer asks a call on %s" % canary_phone}])
    assert answer[0]["status"] == "created", answer
    rma_id = answer[0]["rma_id"]
    return {
        ("ecom.channel", "import_returns"): [(["JD", []], {})],
        ("ecom.channel", "return_status"): [(["JD", [ref]], {})],
        ("ecom.rma", "ecom_rma_scan"): [(["SCAN-TRK-%s" % ref], {}),
                                        ([jd_ref], {})],
        # on no case: a reveal in clear is what it is for (logged, quota)
        ("ecom.rma", "ecom_rma_reveal"): [([[], "phone"], {})],
        # refused: no order with that number
        ("ecom.rma", "ecom_rma_open_unexpected"): [(["NO-SUCH-ORDER", []], {})],
        ("ecom.rma", "action_view_pickings"): [([[rma_id]], {})],
        ("ecom.rma", "action_open_reveal"): [([[]], {})],
        ("sale.order", "action_ecom_view_rmas"): [([[]], {})],
        ("sale.order", "action_ecom_open_rma"): [([[]], {})],
    }
