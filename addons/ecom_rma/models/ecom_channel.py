# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sales API of the channels: ``import_returns`` and ``return_status``.

Same conventions as ``import_orders``: the integration user calls it, the
answer has one row per return in the order sent, each return is all or
nothing, (channel, external_ref) is unique in the database so a return sent
twice, even by parallel clients to several workers, gives one case and
``exists`` for the others.
"""
import logging
from collections import defaultdict

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import returns as rules
from .ecom_rma import CLOSED_STATES, RMA_REF_CONSTRAINT
from odoo.addons.ecom_base.tools import bulk

_logger = logging.getLogger(__name__)

BULK_FALLBACK_ERRORS = (bulk.BulkUnsupported, UserError, ValidationError,
                        rules.ReturnError, psycopg2.IntegrityError)
IMPORT_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class RmaBatchRetry(Exception):
    """A concurrent transaction changed what this batch read: redo the batch."""


class EcomChannel(models.Model):
    _inherit = "ecom.channel"

    rma_sequence_id = fields.Many2one(
        "ir.sequence", string="After-sales Sequence", copy=False,
        ondelete="restrict", help="Numbers the channel's cases: CODE/R00001.")

    @api.model
    def create(self, vals):
        channel = super().create(vals)
        channel._rma_ensure_sequence()
        return channel

    @api.multi
    def _rma_ensure_sequence(self):
        # sudo: sequences are technical records; channel managers create channels
        for channel in self.sudo().filtered(lambda c: not c.rma_sequence_id):
            code = channel.code.strip().upper()
            channel.rma_sequence_id = self.env["ir.sequence"].sudo().create({
                "name": _("Channel %s after-sales cases") % code,
                "code": "ecom.rma.%s" % code.lower(),
                "prefix": "%s/R" % code,
                "padding": 5,
                # PostgreSQL sequence: parallel imports never wait for a number
                "implementation": "standard",
                "company_id": channel.company_id.id,
            })
        return True

    @api.model
    def _rma_setup_existing(self):
        """Install: every channel gets its case sequence, every warehouse its
        returns and outlet locations and returns operation type."""
        self.search([])._rma_ensure_sequence()
        self.env["stock.warehouse"].search([])._ecom_rma_setup()
        return True

    @api.multi
    def _rma_next_names(self, count):
        self.ensure_one()
        if not self.rma_sequence_id:
            self._rma_ensure_sequence()
        return bulk.next_sequence_values(self.sudo().rma_sequence_id, count)

    # ------------------------------------------------------------------
    # API: import_returns
    # ------------------------------------------------------------------
    @api.model
    def import_returns(self, channel_code, returns):
        """Open the after-sales cases of one batch; one result per return."""
        self._check_api_access()
        # sudo: the caller passed _check_api_access. The batch creates this
        # channel's cases (and returns receipts) from the payload and answers
        # refs, ids, case names and error codes, never customer data.
        channel_model = self.sudo().with_context(**IMPORT_CONTEXT)
        return self._api_retry(
            "import_returns",
            lambda: channel_model._rma_import_batch(channel_code, returns),
            lambda: UserError(_(
                "The channel is busy with parallel imports of the same returns; "
                "nothing of this batch was saved. Send the batch again.")),
            retry=(RmaBatchRetry,))

    @api.model
    def _rma_import_batch(self, channel_code, batch):
        channel = self._get_api_channel(channel_code)
        error = rules.check_batch(batch)
        if not error and not channel:
            error = rules.ReturnError("unknown_channel", "channel_code",
                                      value=channel_code)
        if error:
            if not isinstance(batch, list):
                raise ValidationError(error.message)
            return [rules.result_row(rules.raw_ref(raw), "rejected", error=error)
                    for raw in batch]
        return channel._rma_import(batch)

    @api.multi
    def _rma_import(self, batch):
        self.ensure_one()
        keys = rules.collect_keys(batch)
        lookup = self._rma_prefetch(keys)
        results = [None] * len(batch)
        todo, seen = [], {}
        for index, raw in enumerate(batch):
            ref = rules.raw_ref(raw)
            if ref and ref in lookup["existing"]:
                results[index] = rules.result_row(ref, "exists",
                                                  *lookup["existing"][ref])
                continue
            if ref and ref in seen:
                results[index] = ref   # the same ref twice: "exists" below
                continue
            try:
                ret = rules.validate_return(raw, lookup["orders"])
            except rules.ReturnError as error:
                results[index] = rules.result_row(ref, "rejected", error=error)
                continue
            seen[ref] = index
            rules.reserve(lookup["orders"][ret["order_ref"]], ret["lines"])
            todo.append((index, ret))
        # Returns of the same orders imported in parallel: touching the
        # orders makes the later transaction fail to serialise and start
        # again, so it sees the other's cases (quantities already returned).
        self._rma_touch_orders({ret["order_id"] for _i, ret in todo})
        done = None
        if len(todo) > 1:
            try:
                with self.env.cr.savepoint():
                    done = self._rma_bulk([ret for _i, ret in todo], lookup)
            except BULK_FALLBACK_ERRORS as error:
                _logger.info("ecom.channel import_returns: batch of %d taken one "
                             "by one (%s: %s)", len(todo), type(error).__name__,
                             error)
                self.env.clear()
                done = None
        if done is None:
            done = [self._rma_import_one(ret, lookup) for _i, ret in todo]
        for (index, ret), row in zip(todo, done):
            results[index] = row
            if row["status"] in ("created", "exists"):
                lookup["existing"][ret["external_ref"]] = (row["rma_id"],
                                                           row["rma_name"])
        for index, row in enumerate(results):
            if isinstance(row, str):
                found = lookup["existing"].get(row)
                results[index] = rules.result_row(row, "exists", *found) if found \
                    else results[seen[row]]
        return results

    @api.multi
    def _rma_prefetch(self, keys):
        """The batch's orders, what they delivered and already returned, and
        the cases that exist: four queries whatever the batch size."""
        cr = self.env.cr
        cr.execute("""
            SELECT id, ecom_external_ref, name, partner_id, warehouse_id
              FROM sale_order
             WHERE ecom_channel_id = %s AND ecom_external_ref = ANY(%s)
               AND state IN ('sale', 'done')
        """, (self.id, list(keys["order_refs"])))
        orders = {row[0]: row for row in cr.fetchall()}
        delivered, ordered, prices, products = {}, {}, {}, {}
        if orders:
            cr.execute("""
                SELECT l.order_id, p.default_code, p.id, SUM(l.qty_delivered),
                       SUM(l.product_uom_qty), MAX(l.price_unit)
                  FROM sale_order_line l
                  JOIN product_product p ON p.id = l.product_id
                 WHERE l.order_id = ANY(%s) AND p.default_code IS NOT NULL
                 GROUP BY l.order_id, p.default_code, p.id
            """, (list(orders),))
            for order_id, sku, product_id, qty_delivered, qty, price in \
                    cr.fetchall():
                delivered.setdefault(order_id, {})[sku] = qty_delivered or 0.0
                ordered.setdefault(order_id, {})[sku] = qty or 0.0
                prices[(order_id, sku)] = price or 0.0
                products[sku] = product_id
        returned = defaultdict(dict)
        if orders:
            cr.execute("""
                SELECT r.sale_order_id, p.default_code, SUM(l.qty_requested)
                  FROM ecom_rma_line l
                  JOIN ecom_rma r ON r.id = l.rma_id
                  JOIN product_product p ON p.id = l.product_id
                 WHERE r.sale_order_id = ANY(%s) AND r.state NOT IN %s
                 GROUP BY r.sale_order_id, p.default_code
            """, (list(orders), CLOSED_STATES))
            for order_id, sku, qty in cr.fetchall():
                returned[order_id][sku] = qty
        cr.execute("""
            SELECT external_ref, id, name FROM ecom_rma
             WHERE channel_id = %s AND external_ref = ANY(%s)
        """, (self.id, list(keys["refs"])))
        existing = {ref: (rma_id, name) for ref, rma_id, name in cr.fetchall()}
        facts = {}
        for order_id, ext_ref, name, _partner, _wh in orders.values():
            facts[ext_ref] = rules.OrderFacts(
                order_id, name, delivered.get(order_id, {}),
                ordered.get(order_id, {}), returned.get(order_id, {}))
        return {"orders": facts, "order_rows": orders, "prices": prices,
                "products": products, "existing": existing,
                "refs": keys["refs"]}

    @api.model
    def _rma_touch_orders(self, order_ids):
        if not order_ids:
            return
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            (sorted(order_ids),))
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date WHERE id = ANY(%s)",
            (sorted(order_ids),))

    @api.multi
    def _rma_case_vals(self, ret, lookup):
        """Values of the case of one validated return (lines apart)."""
        _oid, ext_ref, _name, partner_id, warehouse_id = \
            lookup["order_rows"][ret["order_id"]]
        state = "awaiting_return" if ret["type"] in rules.RETURN_TYPES \
            else "approved"
        return {
            "channel_id": self.id,
            "company_id": self.company_id.id,
            "sale_order_id": ret["order_id"],
            "order_ref": ext_ref,
            "partner_id": partner_id,
            "warehouse_id": warehouse_id or self.warehouse_id.id,
            "type": ret["type"],
            "reason": ret["reason"],
            "external_ref": ret["external_ref"],
            "requested_at": ret["requested_at"],
            "return_tracking_ref": ret["return_tracking_ref"],
            "amount_requested": ret["refund_amount"],
            "note": ret["note"],
            "state": state,
        }

    @api.multi
    def _rma_line_vals(self, ret, lookup):
        return [{
            "product_id": lookup["products"][line["sku"]],
            "qty_requested": line["qty"],
            "price_unit": lookup["prices"].get((ret["order_id"], line["sku"]), 0.0),
        } for line in ret["lines"]]

    # -- one return through the ORM (fallback and baseline) -----------------
    @api.multi
    def _rma_import_one(self, ret, lookup):
        """Create one validated return in its own savepoint; its result row."""
        ref = ret["external_ref"]
        try:
            with self.env.cr.savepoint():
                vals = self._rma_case_vals(ret, lookup)
                state = vals.pop("state")
                vals["line_ids"] = [(0, 0, line)
                                    for line in self._rma_line_vals(ret, lookup)]
                rma = self.env["ecom.rma"].create(vals)
                rma.state = state
                if state == "awaiting_return":
                    rma._create_return_pickings()
                self.env["ecom.rma"].recompute()
                rma.line_ids.read(["qty_requested"])
        except psycopg2.IntegrityError as error:
            self.env.clear()
            if error.diag.constraint_name == RMA_REF_CONSTRAINT:
                found = self._rma_committed(lookup)
                if ref in found:
                    return rules.result_row(ref, "exists", *found[ref])
                raise RmaBatchRetry() from error
            rejected = rules.ReturnError(
                "rejected_by_rule", "return",
                detail="violates the database rule %s" % error.diag.constraint_name)
            return rules.result_row(ref, "rejected", error=rejected)
        except (UserError, ValidationError) as error:
            self.env.clear()
            rejected = rules.ReturnError("rejected_by_rule", "return",
                                         detail=error.name)
            return rules.result_row(ref, "rejected", error=rejected)
        return rules.result_row(ref, "created", rma.id, rma.name)

    @api.multi
    def _rma_committed(self, lookup):
        """Cases of the batch's refs committed by other transactions since
        this one began (a new cursor: this snapshot does not show them)."""
        with self.pool.cursor() as cr:
            cr.execute("SELECT external_ref, id, name FROM ecom_rma "
                       "WHERE channel_id = %s AND external_ref = ANY(%s)",
                       (self.id, list(lookup["refs"])))
            found = {ref: (rma_id, name) for ref, rma_id, name in cr.fetchall()}
        lookup["existing"].update(found)
        return found

    # -- the whole batch set-based -------------------------------------------
    @api.multi
    def _rma_bulk(self, todo, lookup):
        """Cases, lines, returns receipts, their moves and move lines of the
        whole batch in a few statements; result rows, or an exception (the
        caller's savepoint rolls everything back and goes one by one)."""
        env = self.env
        prefetch = defaultdict(set)
        names = self._rma_next_names(len(todo))
        case_vals = []
        for name, ret in zip(names, todo):
            vals = self._rma_case_vals(ret, lookup)
            vals["name"] = name
            case_vals.append(vals)
        rmas = bulk.create(env["ecom.rma"], case_vals, prefetch)
        line_vals = []
        for rma_id, ret in zip(rmas.ids, todo):
            for vals in self._rma_line_vals(ret, lookup):
                vals["rma_id"] = rma_id
                line_vals.append(vals)
        lines = bulk.create(env["ecom.rma.line"], line_vals, prefetch)
        created = [rmas, lines]
        returning = [(rma_id, ret) for rma_id, ret in zip(rmas.ids, todo)
                     if ret["type"] in rules.RETURN_TYPES]
        if returning:
            created += self._rma_bulk_pickings(returning, lines, prefetch)
        bulk.recompute(env, created)
        return [rules.result_row(ret["external_ref"], "created", rma_id, name)
                for rma_id, name, ret in zip(rmas.ids, names, todo)]

    @api.multi
    def _rma_bulk_pickings(self, returning, lines, prefetch):
        """The returns receipts of the batch, as ``_create_return_pickings``
        leaves them (confirmed, the moves from the customer location
        reserved: the customer location bypasses reservation)."""
        env = self.env
        moves_model = env["stock.move"].sudo()
        rows = lines.read(["rma_id", "product_id", "qty_requested"], load="")
        by_rma = defaultdict(list)
        for row in rows:
            by_rma[row["rma_id"]].append(row)
        warehouses = {}
        picking_vals, move_groups = [], []
        rmas = env["ecom.rma"].browse([rma_id for rma_id, _r in returning],
                                      prefetch=prefetch)
        for rma in rmas:
            warehouse = rma.warehouse_id
            if warehouse.id not in warehouses:
                warehouses[warehouse.id] = warehouse._ecom_rma_type()
        counters = defaultdict(int)
        for rma in rmas:
            counters[rma.warehouse_id.id] += 1
        picking_names = {
            wh_id: bulk.next_sequence_values(ptype.sequence_id, counters[wh_id])
            for wh_id, ptype in warehouses.items()}
        uoms = {p.id: p.uom_id.id for p in env["product.product"].browse(
            list({row["product_id"] for row in rows}))}
        skus = {p.id: p.display_name for p in env["product.product"].browse(
            list(uoms))}
        now = fields.Datetime.now()
        for rma in rmas:
            ptype = warehouses[rma.warehouse_id.id]
            src = ptype.default_location_src_id.id
            dest = ptype.default_location_dest_id.id
            picking_vals.append({
                "name": picking_names[rma.warehouse_id.id].pop(0),
                "picking_type_id": ptype.id,
                "location_id": src,
                "location_dest_id": dest,
                "origin": "%s %s" % (rma.name, rma.sale_order_id.name),
                "ecom_rma_id": rma.id,
                "company_id": rma.company_id.id,
                "move_type": "direct",
                "scheduled_date": now,
            })
            move_groups.append([{
                "name": "%s: %s" % (rma.name, skus[row["product_id"]]),
                "product_id": row["product_id"],
                "product_uom_qty": row["qty_requested"],
                "ordered_qty": row["qty_requested"],
                "product_uom": uoms[row["product_id"]],
                "location_id": src,
                "location_dest_id": dest,
                "picking_type_id": ptype.id,
                "warehouse_id": rma.warehouse_id.id,
                "company_id": rma.company_id.id,
                "origin": rma.name,
                "ecom_rma_line_id": row["id"],
                "state": "assigned",
                "procure_method": "make_to_stock",
                "date": now,
                "date_expected": now,
            } for row in sorted(by_rma[rma.id], key=lambda r: r["id"])])
        pickings = bulk.create(env["stock.picking"].sudo(), picking_vals, prefetch)
        move_vals = []
        for picking_id, group in zip(pickings.ids, move_groups):
            for vals in group:
                vals["picking_id"] = picking_id
                move_vals.append(vals)
        moves = bulk.create(moves_model, move_vals, prefetch)
        bulk.recompute(env, [pickings, moves])
        ml_vals = []
        for move in moves:
            vals = move._prepare_move_line_vals(quantity=move.product_qty)
            vals["ordered_qty"] = vals.get("product_uom_qty")
            ml_vals.append(vals)
        move_lines = bulk.create(env["stock.move.line"].sudo(), ml_vals, prefetch)
        bulk.recompute(env, [move_lines, moves, pickings])
        if hasattr(move_lines, "_ecom_apply_putaway"):
            move_lines._ecom_apply_putaway()
        return [pickings, moves, move_lines]

    # ------------------------------------------------------------------
    # API: return_status
    # ------------------------------------------------------------------
    @api.model
    def return_status(self, channel_code, refs):
        """Per case ref: state, quantities asked, received and refunded per SKU,
        amounts requested and refunded (no customer data)."""
        self._check_api_access()
        # sudo: the caller passed _check_api_access; states, SKUs, quantities
        # and amounts of the channel's own cases only
        channel = self.sudo()._get_api_channel(channel_code)
        if not channel:
            raise ValidationError(rules.ReturnError(
                "unknown_channel", "channel_code", value=channel_code).message)
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise ValidationError(rules.ReturnError(
                "invalid_type", "refs", expected="a list of strings",
                value=type(refs).__name__).message)
        if len(refs) > rules.MAX_STATUS_REFS:
            raise ValidationError(rules.ReturnError(
                "too_large", "refs", max="%d refs" % rules.MAX_STATUS_REFS).message)
        rmas = self.env["ecom.rma"].sudo().search([
            ("channel_id", "=", channel.id), ("external_ref", "in", refs)])
        rows = rmas.read(["external_ref", "name", "state", "type",
                          "amount_requested", "amount_refunded",
                          "replacement_order_id"], load="")
        lines = rmas.mapped("line_ids").read(
            ["rma_id", "sku", "qty_requested", "qty_received", "qty_refunded",
             "condition", "disposition"], load="")
        by_rma = defaultdict(list)
        for line in lines:
            rma_id = line.pop("rma_id")
            line.pop("id")
            by_rma[rma_id].append(line)
        by_ref = {row["external_ref"]: row for row in rows}
        return [self._rma_status_row(ref, by_ref.get(ref), by_rma) for ref in refs]

    @api.model
    def _rma_status_row(self, ref, row, by_rma):
        result = {"external_ref": ref, "state": "unknown", "rma_id": False,
                  "rma_name": False, "type": False, "qty_requested": 0.0,
                  "qty_received": 0.0, "qty_refunded": 0.0,
                  "amount_requested": 0.0, "amount_refunded": 0.0,
                  "replacement": False, "lines": []}
        if not row:
            return result
        lines = by_rma.get(row["id"], [])
        result.update(
            state=row["state"], rma_id=row["id"], rma_name=row["name"],
            type=row["type"], amount_requested=row["amount_requested"],
            amount_refunded=row["amount_refunded"],
            replacement=bool(row["replacement_order_id"]),
            qty_requested=sum(line["qty_requested"] for line in lines),
            qty_received=sum(line["qty_received"] for line in lines),
            qty_refunded=sum(line["qty_refunded"] for line in lines),
            lines=lines)
        return result
