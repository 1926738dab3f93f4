"""Every validation path of the order payload, table-driven, no database."""
import copy
import unittest

from odoo.addons.ecom_channel.services import intake

CATALOG = intake.Catalog(skus={"SKU-1", "SKU-2"}, countries={"CN", "US"},
                         currency="CNY", carriers={"SF Express"})


def good_order(**changes):
    order = {
        "external_ref": "T-1001",
        "ordered_at": "2026-11-20 08:30:00",
        "currency": "CNY",
        "paid": True,
        "customer": {"external_id": "buyer-9", "name": "Li Lei",
                     "email": " Li.Lei@Example.COM ", "phone": "138 0013 8000"},
        "shipping": {"name": "Li Lei", "phone": "+86 138-0013-8000",
                     "street": "1 Nanjing Road", "street2": "", "city": "Shanghai",
                     "state": "SH", "zip": "200000", "country_code": "cn"},
        "lines": [{"sku": "SKU-1", "qty": 2, "price_unit": 99.5}],
        "shipping_method": "sf express",
        "note": "leave at the door",
    }
    order = copy.deepcopy(order)
    for path, value in changes.items():
        target = order
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if value is DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return order


DELETE = object()

# (changes, expected error code, expected field named in the message)
CASES = [
    ({"external_ref": DELETE}, "missing_field", "external_ref"),
    ({"external_ref": "  "}, "missing_field", "external_ref"),
    ({"external_ref": 42}, "invalid_type", "external_ref"),
    ({"external_ref": "X" * 65}, "too_large", "external_ref"),
    ({"ordered_at": DELETE}, "missing_field", "ordered_at"),
    ({"ordered_at": "20/11/2026"}, "invalid_type", "ordered_at"),
    ({"currency": DELETE}, "missing_field", "currency"),
    ({"currency": "USD"}, "unknown_currency", "currency"),
    ({"currency": "XXXX"}, "too_large", "currency"),
    ({"paid": DELETE}, "missing_field", "paid"),
    ({"paid": "yes"}, "invalid_type", "paid"),
    ({"customer": DELETE}, "missing_field", "customer"),
    ({"customer": "Li Lei"}, "invalid_type", "customer"),
    ({"customer__name": ""}, "missing_field", "customer.name"),
    ({"customer__name": "N" * 129}, "too_large", "customer.name"),
    ({"customer__email": "not-an-email"}, "invalid_type", "customer.email"),
    ({"customer__email": ["a@b.c"]}, "invalid_type", "customer.email"),
    ({"customer__phone": "1" * 33}, "too_large", "customer.phone"),
    ({"customer__external_id": 3.5}, "invalid_type", "customer.external_id"),
    ({"shipping": DELETE}, "missing_field", "shipping"),
    ({"shipping": []}, "invalid_type", "shipping"),
    ({"shipping__street": DELETE}, "missing_field", "shipping.street"),
    ({"shipping__city": None}, "missing_field", "shipping.city"),
    ({"shipping__name": ""}, "missing_field", "shipping.name"),
    ({"shipping__zip": "1" * 17}, "too_large", "shipping.zip"),
    ({"shipping__country_code": DELETE}, "missing_field", "shipping.country_code"),
    ({"shipping__country_code": "XX"}, "unknown_country", "shipping.country_code"),
    ({"shipping__country_code": "CHN"}, "too_large", "shipping.country_code"),
    ({"lines": DELETE}, "missing_field", "lines"),
    ({"lines": []}, "missing_field", "lines"),
    ({"lines": {"sku": "SKU-1"}}, "invalid_type", "lines"),
    ({"lines": [{"sku": "SKU-1", "qty": 1, "price_unit": 1}] * 201}, "too_large",
     "lines"),
    ({"lines__0": "SKU-1"}, "invalid_type", "lines[0]"),
    ({"lines__0__sku": DELETE}, "missing_field", "lines.sku"),
    ({"lines__0__sku": "NOPE"}, "unknown_sku", "lines[0].sku"),
    ({"lines__0__qty": DELETE}, "missing_field", "lines[0].qty"),
    ({"lines__0__qty": 0}, "invalid_qty", "lines[0].qty"),
    ({"lines__0__qty": -1}, "invalid_qty", "lines[0].qty"),
    ({"lines__0__qty": "2"}, "invalid_qty", "lines[0].qty"),
    ({"lines__0__qty": True}, "invalid_qty", "lines[0].qty"),
    ({"lines__0__qty": float("nan")}, "invalid_qty", "lines[0].qty"),
    ({"lines__0__price_unit": DELETE}, "missing_field", "lines[0].price_unit"),
    ({"lines__0__price_unit": -0.01}, "invalid_price", "lines[0].price_unit"),
    ({"lines__0__price_unit": "9.9"}, "invalid_price", "lines[0].price_unit"),
    ({"lines__0__price_unit": float("inf")}, "invalid_price", "lines[0].price_unit"),
    ({"shipping_method": "Pigeon"}, "unknown_shipping_method", "shipping_method"),
    ({"note": "n" * 2001}, "too_large", "note"),
    ({"consent": "yes"}, "invalid_type", "consent"),
    ({"consent": {"accepted_at": "2026-11-20 08:00:00"}}, "missing_field",
     "consent.version"),
    ({"consent": {"version": "v3", "accepted_at": "yesterday"}}, "invalid_type",
     "consent.accepted_at"),
]


class TestValidateOrder(unittest.TestCase):
    def test_error_paths(self):
        for changes, code, field in CASES:
            with self.subTest(changes=str(changes)[:60]):
                with self.assertRaises(intake.IntakeError) as caught:
                    intake.validate_order(good_order(**changes), CATALOG)
                self.assertEqual(caught.exception.code, code)
                self.assertEqual(caught.exception.field, field)
                self.assertIn(field, caught.exception.message)

    def test_not_a_dict(self):
        for raw in (None, "T-1", ["T-1"], 3):
            with self.assertRaises(intake.IntakeError) as caught:
                intake.validate_order(raw, CATALOG)
            self.assertEqual(caught.exception.code, "invalid_type")

    def test_every_code_has_a_message(self):
        self.assertEqual(set(intake.ERROR_CODES), set(intake.MESSAGES))

    def test_good_order_is_normalised(self):
        order = intake.validate_order(good_order(), CATALOG)
        self.assertEqual(order["customer"]["email"], "li.lei@example.com")
        self.assertEqual(order["customer"]["phone"], "+8613800138000")
        self.assertEqual(order["shipping"]["phone"], "+8613800138000")
        self.assertEqual(order["shipping"]["country_code"], "CN")
        self.assertIs(order["shipping"]["street2"], False)
        self.assertEqual(order["lines"], [{"sku": "SKU-1", "qty": 2.0,
                                           "price_unit": 99.5}])
        self.assertIs(order["consent"], False)
        self.assertEqual(order["currency"], "CNY")

    def test_optional_fields(self):
        order = intake.validate_order(good_order(
            shipping_method=DELETE, note=DELETE, customer__external_id=123,
            customer__email=DELETE, customer__phone=DELETE,
            consent={"version": "v3", "accepted_at": "2026-11-20 08:00:00"},
        ), CATALOG)
        self.assertIs(order["shipping_method"], False)
        self.assertEqual(order["customer"]["external_id"], "123")
        self.assertIs(order["customer"]["email"], False)
        self.assertEqual(order["consent"]["version"], "v3")

    def test_price_zero_is_allowed(self):
        order = intake.validate_order(good_order(lines__0__price_unit=0), CATALOG)
        self.assertEqual(order["lines"][0]["price_unit"], 0.0)


class TestBatch(unittest.TestCase):
    def test_batch_limits(self):
        self.assertIsNone(intake.check_batch([good_order()]))
        self.assertEqual(intake.check_batch({"a": 1}).code, "invalid_type")
        too_many = intake.check_batch([{}] * (intake.MAX_BATCH + 1))
        self.assertEqual(too_many.code, "too_large")
        self.assertIn("orders", too_many.message)

    def test_collect_keys_skips_garbage(self):
        keys = intake.collect_keys([good_order(), "junk", {"lines": "x"},
                                    good_order(external_ref="T-2",
                                               lines__0__sku="SKU-2")])
        self.assertEqual(keys["skus"], {"SKU-1", "SKU-2"})
        self.assertEqual(keys["refs"], {"T-1001", "T-2"})
        self.assertEqual(keys["countries"], {"CN"})
        self.assertEqual(keys["currencies"], {"CNY"})

    def test_raw_ref_and_result_row(self):
        self.assertEqual(intake.raw_ref({"external_ref": " A-1 "}), "A-1")
        self.assertIs(intake.raw_ref({"external_ref": 5}), False)
        error = intake.IntakeError("unknown_sku", "lines[0].sku", value="Z")
        row = intake.result_row("A-1", "rejected", error=error)
        self.assertEqual(row, {"external_ref": "A-1", "status": "rejected",
                               "order_id": False, "order_name": False,
                               "error_code": "unknown_sku",
                               "message": "lines[0].sku: no storable product with "
                                          "SKU 'Z'"})


class TestNormalise(unittest.TestCase):
    def test_phone(self):
        table = [
            ("138 0013 8000", "+8613800138000"),
            ("+86 138-0013-8000", "+8613800138000"),
            ("0086 13800138000", "+8613800138000"),
            ("(021) 6321 0000", "+862163210000"),
            ("86 138 0013 8000", "+8613800138000"),
            ("n/a", False),
            ("+1 (415) 555-0100", "+14155550100"),
            ("", False),
            ("---", False),
        ]
        for raw, expected in table:
            self.assertEqual(intake.normalize_phone(raw), expected, raw)

    def test_email(self):
        self.assertEqual(intake.normalize_email(" A@B.CN "), "a@b.cn")
        self.assertIs(intake.normalize_email(False), False)
