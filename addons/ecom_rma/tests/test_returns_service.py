"""Every validation path of the return payload, table-driven, no database."""
import unittest

from odoo.addons.ecom_rma.services import returns


def facts():
    # order T-1 shipped 3 A (ordered 3) and 0 of 2 B; one A already returned
    return {"T-1": returns.OrderFacts(
        7, "SO007", delivered={"A": 3.0, "B": 0.0}, ordered={"A": 3.0, "B": 2.0},
        returned={"A": 1.0})}


def good(**changes):
    raw = {"external_ref": "R-1", "order_ref": "T-1", "type": "return_refund",
           "reason": "damaged", "requested_at": "2026-11-25 10:00:00",
           "refund_amount": 99.0, "lines": [{"sku": "A", "qty": 2}]}
    raw.update(changes)
    return raw


class TestValidateReturn(unittest.TestCase):
    def code_of(self, raw, orders=None):
        with self.assertRaises(returns.ReturnError) as caught:
            returns.validate_return(raw, orders or facts())
        return caught.exception.code, caught.exception.field, \
            caught.exception.message

    def test_good_return_is_normalised(self):
        result = returns.validate_return(good(note="  box torn "), facts())
        self.assertEqual(result["order_id"], 7)
        self.assertEqual(result["lines"], [{"sku": "A", "qty": 2.0}])
        self.assertEqual(result["note"], "box torn")
        self.assertFalse(result["return_tracking_ref"])

    def test_error_codes(self):
        cases = [
            (good(external_ref=""), "missing_field", "external_ref"),
            (good(order_ref=None), "missing_field", "order_ref"),
            (good(type="swap"), "invalid_type", "type"),
            (good(reason=3), "invalid_type", "reason"),
            (good(requested_at="25/11/2026"), "invalid_type", "requested_at"),
            (good(refund_amount=None), "missing_field", "refund_amount"),
            (good(refund_amount=-1), "invalid_amount", "refund_amount"),
            (good(lines=[]), "missing_field", "lines"),
            (good(lines="A"), "invalid_type", "lines"),
            (good(lines=[{"sku": "A", "qty": 0}]), "invalid_qty", "lines[0].qty"),
            (good(lines=[{"sku": "A"}]), "missing_field", "lines[0].qty"),
            (good(lines=[{"sku": "Z", "qty": 1}]), "unknown_sku", "lines[0].sku"),
            (good(order_ref="T-404"), "unknown_order", "order_ref"),
            (good(external_ref="x" * 65), "too_large", "external_ref"),
            (good(lines=[{"sku": "A", "qty": 1}] * 201), "too_large", "lines"),
            # 2 asked + 1 returned = 3 shipped: fine; 3 + 1 > 3 is not
            (good(lines=[{"sku": "A", "qty": 3}]), "qty_exceeds_delivered",
             "lines[0].qty"),
            # nothing of B shipped: a return of B exceeds what was delivered
            (good(lines=[{"sku": "B", "qty": 1}]), "qty_exceeds_delivered",
             "lines[0].qty"),
        ]
        for raw, code, field in cases:
            with self.subTest(code=code, field=field):
                got_code, got_field, message = self.code_of(raw)
                self.assertEqual((got_code, got_field), (code, field))
                self.assertIn(field.split("[")[0], message)

    def test_refund_only_is_limited_by_the_ordered_quantity(self):
        # B was never shipped: refund only of 2 B is fine, 3 is not
        result = returns.validate_return(
            good(type="refund_only", lines=[{"sku": "B", "qty": 2}]), facts())
        self.assertEqual(result["lines"][0]["qty"], 2.0)
        code, _f, _m = self.code_of(
            good(type="refund_only", lines=[{"sku": "B", "qty": 3}]))
        self.assertEqual(code, "qty_exceeds_delivered")

    def test_reship_needs_no_amount(self):
        result = returns.validate_return(
            good(type="reship", refund_amount=None), facts())
        self.assertEqual(result["refund_amount"], 0.0)

    def test_same_sku_twice_is_summed(self):
        # 1 + 1 A in one return: one line of 2 (within 3 shipped - 1 returned)
        result = returns.validate_return(
            good(lines=[{"sku": "A", "qty": 1}, {"sku": "A", "qty": 1}]), facts())
        self.assertEqual(result["lines"], [{"sku": "A", "qty": 2.0}])

    def test_reserve_counts_accepted_returns_for_the_next_ones(self):
        orders = facts()
        first = returns.validate_return(good(), orders)
        returns.reserve(orders["T-1"], first["lines"])
        with self.assertRaises(returns.ReturnError) as caught:
            returns.validate_return(good(external_ref="R-2",
                                         lines=[{"sku": "A", "qty": 1}]), orders)
        self.assertEqual(caught.exception.code, "qty_exceeds_delivered")

    def test_batch_checks(self):
        self.assertIsNone(returns.check_batch([]))
        self.assertEqual(returns.check_batch({}).code, "invalid_type")
        self.assertEqual(returns.check_batch([{}] * 501).code, "too_large")

    def test_result_row_and_raw_ref(self):
        row = returns.result_row("R-1", "created", 5, "RTM/R00001")
        self.assertEqual(row, {"external_ref": "R-1", "status": "created",
                               "rma_id": 5, "rma_name": "RTM/R00001",
                               "error_code": False, "message": False})
        self.assertFalse(returns.raw_ref({"external_ref": 5}))
        self.assertEqual(returns.raw_ref({"external_ref": " R-9 "}), "R-9")
        keys = returns.collect_keys([good(), "junk", {"lines": [{"sku": " A "}]}])
        self.assertEqual(keys, {"refs": {"R-1"}, "order_refs": {"T-1"},
                                "skus": {"A"}})
