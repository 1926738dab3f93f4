# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import threading
import time

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk_fill


_logger = logging.getLogger(__name__)

BATCH_PRODUCTS = 500


class EcomCostRebuild(models.Model):
    """A rebuild of the warehouse costs and then the line margins.

    Runs product batch after product batch, committing each one (outside
    tests), and records how far it got (``last_product_id``,
    ``products_done``): when interrupted, *Resume* continues from there.
    The margins of every channel order line are refreshed afterwards, in
    batches of orders, also resumable (``last_order_id``).
    """

    _name = "ecom.cost.rebuild"
    _description = "Rebuild of warehouse costs and margins"
    _order = "id desc"

    name = fields.Char(default=lambda self: fields.Datetime.now(), readonly=True)
    state = fields.Selection([
        ("draft", "To run"),
        ("costs", "Costs in progress"),
        ("margins", "Margins in progress"),
        ("done", "Done"),
    ], default="draft", required=True, readonly=True)
    products_total = fields.Integer(readonly=True)
    products_done = fields.Integer(readonly=True)
    last_product_id = fields.Integer(readonly=True)
    orders_total = fields.Integer(readonly=True)
    orders_done = fields.Integer(readonly=True)
    last_order_id = fields.Integer(readonly=True)
    rows_written = fields.Integer("Cost Rows", readonly=True)
    lines_written = fields.Integer("Margin Lines", readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    seconds = fields.Float(readonly=True, digits=(16, 1))

    @api.depends("products_total", "products_done", "orders_total", "orders_done")
    def _compute_progress(self):
        for run in self:
            total = run.products_total + run.orders_total
            done = run.products_done + run.orders_done
            run.progress = 100.0 * done / total if total else (
                100.0 if run.state == "done" else 0.0)

    @api.multi
    def action_run(self):
        """Start or resume (the same button: a run continues where it stopped)."""
        for run in self:
            run._run()
        return True

    @api.multi
    def _run(self, batch_products=BATCH_PRODUCTS, batch_orders=None):
        self.ensure_one()
        started = time.time()
        cost_model = self.env["ecom.warehouse.cost"]
        line_model = self.env["ecom.margin.line"]
        if self.state in ("draft", "costs"):
            product_ids = cost_model._all_product_ids()
            todo = [p for p in product_ids if p > self.last_product_id]
            self.write({"state": "costs", "products_total": len(product_ids),
                        "products_done": len(product_ids) - len(todo)})
            loc_wh = cost_model._location_warehouses()
            # every row is rewritten: foreign keys and lookup indexes off while
            # filling (the per-product index serves the batches' deletes)
            bulk_fill.drop_for_fill(cost_model, commit=self._commit)
            for start in range(0, len(todo), batch_products):
                chunk = todo[start:start + batch_products]
                rows = cost_model._rebuild_products(chunk, loc_wh)
                self.write({"last_product_id": chunk[-1],
                            "products_done": self.products_done + len(chunk),
                            "rows_written": self.rows_written + rows})
                self._commit()
            bulk_fill.restore_after_fill(cost_model, commit=self._commit)
            self.write({"state": "margins"})
        if self.state == "margins":
            order_ids = line_model._channel_order_ids()
            todo = [o for o in order_ids if o > self.last_order_id]
            self.write({"orders_total": len(order_ids),
                        "orders_done": len(order_ids) - len(todo)})
            batch_orders = batch_orders or line_model._BATCH_ORDERS_REBUILD
            # the batches delete by order and upsert by order line
            bulk_fill.drop_for_fill(line_model, keep_indexes=("order_id",),
                                    commit=self._commit)
            line_model = line_model._prepare_rebuild_tables()
            for start in range(0, len(todo), batch_orders):
                chunk = todo[start:start + batch_orders]
                count = line_model._refresh_orders(chunk)
                self.write({"last_order_id": chunk[-1],
                            "orders_done": self.orders_done + len(chunk),
                            "lines_written": self.lines_written + count})
                self._commit()
            line_model._drop_rebuild_tables()
            # the batches read the shipped costs as they were when the scratch
            # table was filled (by this call; a resumed run by an earlier one
            # too): orders delivered since the run began, from the live tables
            self.env["ecom.margin.line"]._refresh_delivered_since(self.create_date)
            self._commit()
            bulk_fill.restore_after_fill(line_model, commit=self._commit)
            self.write({"state": "done"})
        self.write({"seconds": self.seconds + time.time() - started})
        _logger.info("ecom_margin rebuild %s: %s cost rows, %s margin lines, %.1f s",
                     self.id, self.rows_written, self.lines_written, self.seconds)
        return True

    def _commit(self):
        """Each batch is kept even if the run is interrupted (not in tests,
        whose transaction is rolled back at the end)."""
        if not getattr(threading.currentThread(), "testing", False) and \
                not self.env.context.get("ecom_margin_no_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit
