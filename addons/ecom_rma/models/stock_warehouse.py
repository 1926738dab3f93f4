# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models


class NettedDaily(dict):
    """{date: qty sold} net of restocked returns; ``returned`` {date: qty}
    keeps what was taken off, for the explanation of the suggestion."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.returned = {}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    ecom_rma_location_id = fields.Many2one(
        "stock.location", string="Returns Location", readonly=True,
        help="Returned parcels wait here for inspection (not sellable, not "
             "exported to the channels).")
    ecom_outlet_location_id = fields.Many2one(
        "stock.location", string="Outlet Location", readonly=True,
        help="Returned goods sold as outlet (B condition).")
    ecom_rma_type_id = fields.Many2one(
        "stock.picking.type", string="Returns Receipt Type", readonly=True)

    @api.model
    def create(self, vals):
        warehouse = super().create(vals)
        warehouse._ecom_rma_setup()
        return warehouse

    @api.multi
    def _ecom_rma_setup(self):
        """Returns and outlet locations and the returns receipt type.

        The locations sit outside the warehouse's view location: goods in
        them are not stock the channels may advertise nor what reorder
        rules count as on hand.
        """
        # sudo: configuration records created for the warehouse at install
        locations = self.env["stock.location"].sudo()
        parent = self.env.ref("stock.stock_location_locations")
        customers = self.env.ref("stock.stock_location_customers")
        for warehouse in self.sudo():
            vals = {}
            if not warehouse.ecom_rma_location_id:
                vals["ecom_rma_location_id"] = locations.create({
                    "name": _("%s Returns") % warehouse.code,
                    "location_id": parent.id, "usage": "internal",
                    "company_id": warehouse.company_id.id}).id
            if not warehouse.ecom_outlet_location_id:
                vals["ecom_outlet_location_id"] = locations.create({
                    "name": _("%s Outlet") % warehouse.code,
                    "location_id": parent.id, "usage": "internal",
                    "company_id": warehouse.company_id.id}).id
            if vals:
                warehouse.write(vals)
            if not warehouse.ecom_rma_type_id:
                sequence = self.env["ir.sequence"].sudo().create({
                    "name": _("%s returns receipts") % warehouse.code,
                    "prefix": "%s/RET/" % warehouse.code, "padding": 5,
                    "implementation": "standard",
                    "company_id": warehouse.company_id.id})
                warehouse.ecom_rma_type_id = self.env["stock.picking.type"].sudo() \
                    .create({
                        "name": _("Customer Returns"),
                        "code": "incoming",
                        "sequence_id": sequence.id,
                        "warehouse_id": warehouse.id,
                        "default_location_src_id": customers.id,
                        "default_location_dest_id": warehouse.ecom_rma_location_id.id,
                        "sequence": 90,
                    }).id
        return True

    @api.multi
    def _ecom_rma_type(self):
        self.ensure_one()
        warehouse = self.sudo()
        if not warehouse.ecom_rma_type_id:
            warehouse._ecom_rma_setup()
        return warehouse.ecom_rma_type_id

    # -- ecom_reorder: returned units are not demand -------------------------
    def _ecom_daily_deliveries(self, products, start, end):
        """Deliveries net of the returned units restocked the same day.

        A unit shipped and restocked after a return was not consumed: the
        demand the reorder rules learn from leaves it out (one more grouped
        query). What was taken off is kept on the result for the
        explanation (``NettedDaily.returned``).
        """
        result = super()._ecom_daily_deliveries(products, start, end)
        if not products or not self.ecom_rma_location_id:
            return result
        self.env.cr.execute("""
            SELECT sm.product_id, (sm.date AT TIME ZONE 'UTC')::date AS day,
                   SUM(sm.product_qty)
              FROM stock_move sm
              JOIN stock_picking p ON p.id = sm.picking_id
             WHERE sm.state = 'done' AND p.ecom_rma_disposition = 'restock'
               AND sm.location_id = %s AND sm.product_id = ANY(%s)
               AND sm.date >= %s AND sm.date < %s
             GROUP BY sm.product_id, day
        """, (self.ecom_rma_location_id.id, products.ids,
              fields.Date.to_string(start),
              fields.Date.to_string(end + datetime.timedelta(days=1))))
        for product_id, day, qty in self.env.cr.fetchall():
            day = fields.Date.from_string(day)
            daily = NettedDaily(result.get(product_id, {}))
            daily.returned = getattr(result.get(product_id), "returned", {})
            sold = daily.get(day, 0.0)
            taken = min(sold, qty)
            daily[day] = sold - taken
            if taken:
                daily.returned[day] = daily.returned.get(day, 0.0) + taken
            result[product_id] = daily
        return result


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    def _suggest_one(self, sales, stockouts, promos, vendor, today):
        suggestion = super()._suggest_one(sales, stockouts, promos, vendor, today)
        returned = getattr(sales, "returned", None)
        if not returned:
            return suggestion
        start = today - datetime.timedelta(days=max(self.demand_window_days, 1))
        qty = sum(q for day, q in returned.items() if start <= day < today)
        if not qty:
            return suggestion
        return suggestion._replace(explanation=_(
            "%s; %s returned units restocked, not counted as demand") % (
                suggestion.explanation, ("%f" % qty).rstrip("0").rstrip(".")))
