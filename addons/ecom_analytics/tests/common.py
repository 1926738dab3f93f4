"""Builders shared by the ORM tests of ecom_analytics.

Fixtures are written as admin (orders, stock history); scenarios run as the
role that uses the figures: warehouse operators and their manager, a
planner, a customer service agent."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase


class AnalyticsCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, no_reset_password=True,
            mail_create_nolog=True, mail_notrack=True))
        # demo promotions would tag the facts and shift the lifts
        cls.env["ecom.promotion"].search([]).write({"active": False})
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Analytics test WH", "code": "ATW"})
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.suppliers = cls.env.ref("stock.stock_location_suppliers")
        currency = cls.env.user.company_id.currency_id
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Analytics test", "currency_id": currency.id})
        cls.channel = cls.env["ecom.channel"].create({
            "name": "Analytics Tmall", "code": "ATM", "platform": "tmall",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id})
        cls.channel_jd = cls.env["ecom.channel"].create({
            "name": "Analytics JD", "code": "AJD", "platform": "jd",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Analytics Canary Customer", "email": "canary@analytics.test",
             "phone": "+86 138 0000 1111", "customer": True})
        cls.categ = cls.env["product.category"].create({"name": "Analytics test"})
        cls.product_a = cls._create_product("Analytics A", "AN-A")
        cls.product_b = cls._create_product("Analytics B", "AN-B")
        cls.today = fields.Date.from_string(fields.Date.context_today(
            cls.env.user))
        group = cls.env.ref
        cls.operator = cls._user("an_operator", "ecom_base.group_warehouse_operator")
        cls.operator2 = cls._user("an_operator2", "ecom_base.group_warehouse_operator")
        cls.manager = cls._user("an_wh_manager", "ecom_base.group_warehouse_manager")
        cls.planner = cls._user("an_planner", "ecom_base.group_purchase_planner")
        cls.agent = cls._user("an_agent", "ecom_base.group_customer_service")
        cls.agent_group = group("ecom_base.group_customer_service")

    @classmethod
    def _user(cls, login, group):
        return cls.env["res.users"].create({
            "name": login, "login": login, "tz": cls.env.user.tz,
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref(group).id])]})

    @classmethod
    def _create_product(cls, name, code, qty=0.0):
        product = cls.env["product.product"].create({
            "name": name, "default_code": code, "type": "product",
            "categ_id": cls.categ.id, "list_price": 10.0, "standard_price": 4.0,
            "taxes_id": [(5, 0, 0)]})
        if qty:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.stock, qty)
        return product

    @classmethod
    def _day(cls, offset):
        return cls.today + datetime.timedelta(days=offset)

    @classmethod
    def _order(cls, channel, lines, day, confirm=True):
        """A channel order dated ``day`` (noon UTC): ``lines`` [(product,
        qty, unit price)]."""
        order = cls.env["sale.order"].create({
            "partner_id": cls.customer.id, "ecom_channel_id": channel.id,
            "warehouse_id": channel.warehouse_id.id,
            "pricelist_id": cls.pricelist.id,
            "order_line": [(0, 0, {
                "product_id": product.id, "product_uom_qty": qty,
                "price_unit": price, "tax_id": [(5, 0, 0)]})
                for product, qty, price in lines]})
        if confirm:
            order.action_confirm()
        stamp = fields.Datetime.to_string(
            datetime.datetime.combine(day, datetime.time(12, 0)))
        cls.env.cr.execute("UPDATE sale_order SET date_order = %s WHERE id = %s",
                           (stamp, order.id))
        order.invalidate_cache()
        return order

    @classmethod
    def _move(cls, product, source, dest, qty, day):
        """A done move of ``qty`` dated ``day`` (noon UTC)."""
        move = cls.env["stock.move"].create({
            "name": product.name, "product_id": product.id,
            "product_uom": product.uom_id.id, "product_uom_qty": qty,
            "location_id": source.id, "location_dest_id": dest.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.unlink()
        move.write({"move_line_ids": [(0, 0, {
            "product_id": product.id, "product_uom_id": product.uom_id.id,
            "qty_done": qty, "location_id": source.id,
            "location_dest_id": dest.id})]})
        move._action_done()
        stamp = fields.Datetime.to_string(
            datetime.datetime.combine(day, datetime.time(12, 0)))
        cls.env.cr.execute("UPDATE stock_move SET date = %s WHERE id = %s",
                           (stamp, move.id))
        move.invalidate_cache()
        return move

    def _recount(self):
        """{(date, channel, warehouse, product): (units, revenue)} counted
        straight from the confirmed order lines (the facts' reference)."""
        self.env.cr.execute("""
            SELECT so.date_order::date, so.ecom_channel_id, so.warehouse_id,
                   sol.product_id, SUM(sol.product_uom_qty), SUM(sol.price_subtotal)
              FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
             WHERE so.state IN ('sale', 'done') AND so.ecom_channel_id = ANY(%s)
             GROUP BY 1, 2, 3, 4""", ([self.channel.id, self.channel_jd.id],))
        return {row[:4]: (row[4], row[5]) for row in self.env.cr.fetchall()}

    def _facts(self):
        self.env.cr.execute("""
            SELECT date, channel_id, warehouse_id, product_id, units, revenue
              FROM ecom_sales_daily WHERE channel_id = ANY(%s)""",
                            ([self.channel.id, self.channel_jd.id],))
        return {row[:4]: (row[4], row[5]) for row in self.env.cr.fetchall()}
