"""Builders shared by the ORM tests of ecom_reorder.

Every scenario runs as a purchase planner (``cls.planner_env``); the fixtures
are written as admin because stock history (done moves in the past) is not
something a planner types in."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase


class ReorderCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, no_reset_password=True,
            mail_create_nolog=True))
        # demo promotions would shift every suggestion
        cls.env["ecom.promotion"].search([]).write({"active": False})
        cls.warehouse = cls.env["stock.warehouse"].create({
            "name": "Reorder test WH", "code": "RTW"})
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.suppliers = cls.env.ref("stock.stock_location_suppliers")
        # the planner works in the administrator's time zone (the crons run
        # as the administrator): "today" is the same day for both, whatever
        # the hour (a planner in UTC and an administrator in Brussels
        # disagree on the date between 23:00 and midnight UTC)
        cls.planner = cls.env["res.users"].create({
            "name": "Test planner", "login": "test_ro_planner",
            "tz": cls.env.user.tz,
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("ecom_base.group_purchase_planner").id])],
        })
        cls.planner_env = cls.env(user=cls.planner)
        cls.today = fields.Date.from_string(
            fields.Date.context_today(cls.planner_env.user))
        cls.vendor_a = cls.env["res.partner"].create(
            {"name": "Vendor A", "supplier": True})
        cls.vendor_b = cls.env["res.partner"].create(
            {"name": "Vendor B", "supplier": True})

    @classmethod
    def _create_product(cls, name, vendors=(), qty=0.0):
        """A storable product; ``vendors`` = [(partner, price, min_qty, delay)]."""
        product = cls.env["product.product"].create({
            "name": name, "type": "product",
            "route_ids": [(6, 0, [cls.env.ref("purchase.route_warehouse0_buy").id])],
            "seller_ids": [(0, 0, {"name": partner.id, "price": price,
                                   "min_qty": min_qty, "delay": delay})
                           for partner, price, min_qty, delay in vendors],
        })
        if qty:
            cls._move(product, cls.suppliers, cls.stock, qty, cls.today)
        return product

    @classmethod
    def _rule(cls, product, min_qty=0.0, max_qty=0.0, **values):
        vals = {"product_id": product.id, "warehouse_id": cls.warehouse.id,
                "location_id": cls.stock.id, "product_min_qty": min_qty,
                "product_max_qty": max_qty}
        vals.update(values)
        return cls.env["stock.warehouse.orderpoint"].create(vals)

    @classmethod
    def _day(cls, offset):
        return cls.today + datetime.timedelta(days=offset)

    @classmethod
    def _move(cls, product, source, dest, qty, date, done=True):
        """A move of ``qty`` dated ``date`` (done, or only confirmed)."""
        move = cls.env["stock.move"].create({
            "name": product.name, "product_id": product.id,
            "product_uom": product.uom_id.id, "product_uom_qty": qty,
            "location_id": source.id, "location_dest_id": dest.id,
        })
        move._action_confirm()
        if done:
            move._action_assign()
            move.move_line_ids.unlink()
            move.write({"move_line_ids": [(0, 0, {
                "product_id": product.id, "product_uom_id": product.uom_id.id,
                "qty_done": qty, "location_id": source.id,
                "location_dest_id": dest.id})]})
            move._action_done()
            stamp = fields.Datetime.to_string(
                datetime.datetime.combine(date, datetime.time(12, 0)))
            cls.env.cr.execute("UPDATE stock_move SET date = %s WHERE id = %s",
                               (stamp, move.id))
            move.invalidate_cache()
        return move

    @classmethod
    def _sell(cls, product, qty, date):
        return cls._move(product, cls.stock, cls.customers, qty, date)

    @classmethod
    def _receive(cls, product, qty, date):
        return cls._move(product, cls.suppliers, cls.stock, qty, date)
