"""Builders of the ecom_settlement ORM tests (shared by every file)."""
from odoo.addons.ecom_margin.tests.common import MarginCase


def new_user(env, login, *groups):
    """A user of ``groups`` (xml ids) in the current user's company."""
    company = env.user.company_id
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login, "login": login, "email": login + "@example.com",
        "company_id": company.id, "company_ids": [(6, 0, company.ids)],
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])]})


class SettlementCase(MarginCase):
    """ecom_margin's fixture plus five orders of channel MTEST (a 5 %
    commission rule, goods without tax) and the channel's settlement
    accounts from the company chart:

    S-OK 2 x 50 (all fine), S-LOW 1 x 50 (paid 45), S-FEE 1 x 50 (commission
    4.00 instead of 2.50), S-REF 1 x 50 (refunded, goods not back), S-RET
    1 x 50 (goods back, no refund in the batch, when ``RETURN_GOODS``).
    """

    RETURN_GOODS = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("SettleTea")
        cls.product.taxes_id = [(5, 0, 0)]      # totals without sales tax
        cls._receive(cls.wh1, cls.product, 50, 10.0)
        cls.env["ecom.channel.fee.rule"].create({
            "channel_id": cls.channel.id, "name": "Commission", "kind": "percent",
            "value": 5.0})
        cls.currency = cls.channel.currency_id.name
        cls.orders = {}
        for ref, qty in (("S-OK", 2), ("S-LOW", 1), ("S-FEE", 1), ("S-REF", 1),
                         ("S-RET", 1)):
            order = cls._order(cls.channel, [(cls.product, qty, 50.0)], confirm=False)
            order.ecom_external_ref = ref
            order.action_confirm()
            cls.orders[ref] = order
        cls.channel.action_settlement_default_accounts()
        if cls.RETURN_GOODS:
            cls._return_goods(cls.orders["S-RET"])

    @classmethod
    def _return_goods(cls, order):
        """Ship ``order`` and take all its goods back (done return)."""
        cls._ship(order)
        delivery = order.picking_ids
        wizard = cls.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_ids=delivery.ids).create({})
        return_id, _type = wizard._create_returns()
        cls._validate(cls.env["stock.picking"].browse(return_id))

    def _batch(self, **extra):
        lines = [
            {"order_ref": "S-OK", "type": "sale", "amount": 100.0},
            {"order_ref": "S-OK", "type": "commission", "amount": -5.0},
            {"order_ref": "S-LOW", "type": "sale", "amount": 45.0},
            {"order_ref": "S-FEE", "type": "sale", "amount": 50.0},
            {"order_ref": "S-FEE", "type": "commission", "amount": -4.0},
            {"order_ref": "S-REF", "type": "sale", "amount": 50.0},
            {"order_ref": "S-REF", "type": "refund", "amount": -50.0},
            {"order_ref": "S-RET", "type": "sale", "amount": 50.0},
            {"order_ref": "S-NONE", "type": "sale", "amount": 20.0},
            {"order_ref": "S-OK", "type": "shipping", "amount": -6.0},
            {"type": "ads", "amount": -12.0},
            {"type": "subsidy", "amount": 3.0},
            {"type": "adjustment", "amount": 1.5},
            {"type": "other", "amount": -0.5},
        ]
        batch = {"batch_ref": "TM-2026-01", "period_start": "2026-01-01",
                 "period_end": "2026-01-31", "currency": self.currency,
                 "payout_date": "2026-02-05", "lines": lines}
        batch.update(extra)
        return batch

    @classmethod
    def _user(cls, login, *groups):
        return new_user(cls.env, login, *groups)

    def _import(self, batch=None):
        """The test batch imported as admin; its settlement."""
        result = self.env["ecom.channel"].import_settlement(
            "MTEST", batch or self._batch())
        self.assertIn(result["status"], ("created", "updated"), result)
        return self.env["ecom.settlement"].browse(result["settlement_id"])
