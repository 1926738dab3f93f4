"""available = max(0, floor((on hand - reserved - buffer) x share%)), capped."""
import unittest

from odoo.addons.ecom_channel.services.stock_policy import available_qty

# (on hand, reserved, buffer, share %, cap, expected)
CASES = [
    (100, 0, 0, 100, 0, 100),
    (100, 20, 0, 100, 0, 80),
    (100, 20, 5, 100, 0, 75),
    (100, 20, 5, 60, 0, 45),       # 75 x 0.6
    (10, 0, 0, 33, 0, 3),          # floor(3.3)
    (10, 0, 0, 30, 0, 3),          # 2.9999999 float noise must not lose a unit
    (5, 4, 2, 100, 0, 0),          # negative -> 0
    (0, 0, 0, 100, 0, 0),
    (1000, 0, 0, 100, 50, 50),     # capped
    (30, 0, 0, 100, 50, 30),       # under the cap
    (100, 0, 0, 0, 0, 0),          # share 0
    (7.5, 0, 0, 100, 0, 7),        # fractional stock
]


class TestAvailableQty(unittest.TestCase):
    def test_table(self):
        for on_hand, reserved, buffer_qty, share, cap, expected in CASES:
            got = available_qty(on_hand, reserved, buffer_qty, share, cap)
            self.assertEqual(got, expected, (on_hand, reserved, buffer_qty, share, cap))
            self.assertIsInstance(got, int)
