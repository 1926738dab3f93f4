"""Builders of the ecom_margin ORM tests (documented, shared by every file)."""
from odoo.tests.common import SavepointCase

TEST_CONTEXT = {"tracking_disable": True, "mail_create_nolog": True,
                "mail_notrack": True}


class MarginCase(SavepointCase):
    """Two warehouses (the demo one and ``wh2``), a FIFO real-time category
    (landed costs need it), a channel on ``wh1`` with its own pricelist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **TEST_CONTEXT))
        env = cls.env
        cls.company = env.user.company_id
        cls.wh1 = env.ref("stock.warehouse0")
        cls.wh2 = env["stock.warehouse"].create({"name": "Margin WH2", "code": "MWH2"})
        cls.supplier_loc = env.ref("stock.stock_location_suppliers")
        cls.customer_loc = env.ref("stock.stock_location_customers")
        categ_all = env.ref("product.product_category_all")
        cls.categ = env["product.category"].create({
            "name": "Margin FIFO", "parent_id": categ_all.id,
            "property_cost_method": "fifo", "property_valuation": "real_time"})
        cls.sub_categ = env["product.category"].create({
            "name": "Margin FIFO / Tea", "parent_id": cls.categ.id})
        for field in ("property_stock_account_input_categ_id",
                      "property_stock_account_output_categ_id",
                      "property_stock_valuation_account_id",
                      "property_stock_journal"):
            # a chart of accounts without stock accounts (the Chinese demo
            # company's) leaves them empty: the test brings its own
            value = categ_all[field] or cls._stock_property(env, field)
            for categ in (cls.categ, cls.sub_categ):
                categ[field] = value
        cls.journal = env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1)
        cls.expense_account = env["account.account"].search(
            [("user_type_id", "=", env.ref("account.data_account_type_expenses").id)],
            limit=1)
        cls.freight = env["product.product"].create({
            "name": "Freight (margin test)", "type": "service",
            "landed_cost_ok": True, "split_method": "equal",
            "property_account_expense_id": cls.expense_account.id})
        cls.pricelist = env["product.pricelist"].create({
            "name": "Margin test pricelist",
            "currency_id": cls.company.currency_id.id})
        cls.channel = env["ecom.channel"].create({
            "name": "Margin Test Shop", "code": "MTEST", "platform": "tmall",
            "warehouse_id": cls.wh1.id, "pricelist_id": cls.pricelist.id})
        cls.channel2 = env["ecom.channel"].create({
            "name": "Margin Test Shop 2", "code": "MTEST2", "platform": "jd",
            "warehouse_id": cls.wh2.id, "pricelist_id": cls.pricelist.id})
        cls.customer = env["res.partner"].create({"name": "Margin Test Customer"})
        cls.cost_model = env["ecom.warehouse.cost"]
        cls.margin_model = env["ecom.margin.line"]

    # ------------------------------------------------------------------
    @classmethod
    def _stock_property(cls, env, field):
        """A stock account or journal for ``field`` of the test category."""
        company = env.user.company_id
        if field == "property_stock_journal":
            return env["account.journal"].create({
                "name": "Margin test stock journal", "code": "MSTJ",
                "type": "general", "company_id": company.id})
        return env["account.account"].create({
            "name": "Margin test %s" % field, "code": "MT%d" % (
                abs(hash(field)) % 100000),
            "user_type_id": env.ref("account.data_account_type_current_assets").id,
            "reconcile": field != "property_stock_valuation_account_id",
            "company_id": company.id})

    @classmethod
    def _create_product(cls, name, categ=None, price=100.0, standard_price=0.0):
        """A storable product in the FIFO category (or ``categ``)."""
        return cls.env["product.product"].create({
            "name": name, "type": "product", "default_code": name.upper()[:20],
            "categ_id": (categ or cls.categ).id, "list_price": price,
            "standard_price": standard_price})

    @classmethod
    def _picking(cls, picking_type, src, dst, lines, done=True):
        """A picking of ``lines`` [(product, qty, price_unit)], validated."""
        picking = cls.env["stock.picking"].create({
            "picking_type_id": picking_type.id, "location_id": src.id,
            "location_dest_id": dst.id,
            "move_lines": [(0, 0, {
                "name": product.name, "product_id": product.id,
                "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "price_unit": price, "location_id": src.id,
                "location_dest_id": dst.id}) for product, qty, price in lines]})
        if done:
            cls._validate(picking)
        return picking

    @classmethod
    def _validate(cls, picking):
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_lines:
            for ml in move.move_line_ids:
                ml.qty_done = ml.product_uom_qty
            if not move.move_line_ids:
                move.quantity_done = move.product_uom_qty
        picking.action_done()
        return picking

    @classmethod
    def _receive(cls, warehouse, product, qty, price):
        return cls._picking(warehouse.in_type_id, cls.supplier_loc,
                            warehouse.lot_stock_id, [(product, qty, price)])

    @classmethod
    def _purchase(cls, warehouse, product, qty, price):
        """A purchase order of ``qty`` at ``price``, received in ``warehouse``."""
        vendor = cls.env["res.partner"].create({"name": "Margin vendor",
                                                "supplier": True})
        order = cls.env["purchase.order"].create({
            "partner_id": vendor.id, "picking_type_id": warehouse.in_type_id.id,
            "order_line": [(0, 0, {
                "name": product.name, "product_id": product.id, "product_qty": qty,
                "product_uom": product.uom_id.id, "price_unit": price,
                "date_planned": "2026-01-01 00:00:00"})]})
        order.button_confirm()
        for picking in order.picking_ids:
            cls._validate(picking)
        return order

    @classmethod
    def _transfer(cls, src_wh, dst_wh, product, qty):
        return cls._picking(src_wh.int_type_id, src_wh.lot_stock_id,
                            dst_wh.lot_stock_id, [(product, qty, 0.0)])

    @classmethod
    def _landed_cost(cls, picking, amount):
        cost = cls.env["stock.landed.cost"].create({
            "picking_ids": [(6, 0, picking.ids)],
            "account_journal_id": cls.journal.id,
            "cost_lines": [(0, 0, {
                "name": "Freight", "product_id": cls.freight.id,
                "price_unit": amount, "split_method": "equal",
                "account_id": cls.expense_account.id})]})
        cost.compute_landed_cost()
        cost.button_validate()
        return cost

    @classmethod
    def _order(cls, channel, lines, confirm=True):
        """A channel order of ``lines`` [(product, qty, unit price)]."""
        order = cls.env["sale.order"].create({
            "partner_id": cls.customer.id, "ecom_channel_id": channel.id,
            "warehouse_id": channel.warehouse_id.id,
            "pricelist_id": channel.pricelist_id.id,
            "order_line": [(0, 0, {
                "product_id": product.id, "product_uom_qty": qty,
                "price_unit": price}) for product, qty, price in lines]})
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _ship(cls, order):
        for picking in order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")):
            cls._validate(picking)

    def _last_cost(self, warehouse, product):
        return self.cost_model._cost_at([(warehouse.id, product.id)]).get(
            (warehouse.id, product.id))

    def _margin_of(self, order):
        return self.margin_model.search([("order_id", "=", order.id)])
