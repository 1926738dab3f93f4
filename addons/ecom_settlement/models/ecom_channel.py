# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ecom_base.tools import bulk

from ..services import matching
from ..services import settlement_import as si


class EcomChannel(models.Model):
    _inherit = "ecom.channel"

    settlement_days = fields.Integer(
        "Settlement Delay (days)", default=30,
        help="An order shipped longer ago than this without any settlement "
             "line is reported as not settled.")

    # ------------------------------------------------------------------
    # API: settlements
    # ------------------------------------------------------------------
    @api.model
    def import_settlement(self, channel_code, batch):
        """Store and match one payout batch; one result row.

        Idempotent per (channel, batch_ref): the same batch again answers
        "unchanged", a changed one replaces the lines of a batch not yet
        posted ("updated"). A rejected batch stores nothing.
        """
        self._check_api_access()
        # sudo: the caller passed _check_api_access (integration users and sales
        # managers); the batch writes this channel's settlement and reads order
        # references, totals and fees, never partner data.
        channel_model = self.sudo()
        for attempt in (1, 2):
            try:
                with self.env.cr.savepoint():
                    return channel_model._import_settlement(channel_code, batch)
            except psycopg2.IntegrityError:
                if attempt == 2:
                    raise
                self.env.clear()

    @api.model
    def _import_settlement(self, channel_code, batch):
        channel = self._get_api_channel(channel_code)
        try:
            if not channel:
                raise si.SettlementError("unknown_channel", "channel_code",
                                         value=channel_code)
            value = si.validate_batch(batch, channel.currency_id.name or "")
        except si.SettlementError as error:
            if not isinstance(batch, dict) and not isinstance(batch, list):
                raise ValidationError(error.message)
            return si.result_row(batch, "rejected", error=error)
        digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
        settlement_model = self.env["ecom.settlement"]
        existing = settlement_model.search([("channel_id", "=", channel.id),
                                            ("batch_ref", "=", value["batch_ref"])])
        if existing and existing.payload_hash == digest:
            return si.result_row(batch, "unchanged", existing.id,
                                 lines=existing.line_count)
        if existing and existing.state == "posted":
            return si.result_row(batch, "rejected", error=si.SettlementError(
                "already_posted", "batch_ref", value=value["batch_ref"]))
        status = "updated" if existing else "created"
        settlement = channel._store_settlement(value, digest, existing)
        return si.result_row(batch, status, settlement.id,
                             lines=settlement.line_count)

    @api.multi
    def _store_settlement(self, value, digest, existing):
        """Create (or refill) the settlement, its matched lines, its totals."""
        self.ensure_one()
        lines = value["lines"]
        order_of = self._settlement_orders({line["order_ref"] for line in lines
                                            if line["order_ref"]})
        for line in lines:
            line["order_id"] = order_of.get(line["order_ref"])
        facts = self._settlement_facts({oid for oid in order_of.values()})
        matches, unrefunded = matching.match(lines, facts)
        header = dict(
            channel_id=self.id, batch_ref=value["batch_ref"],
            period_start=value["period_start"], period_end=value["period_end"],
            payout_date=value["payout_date"], currency_id=self.currency_id.id,
            payload_hash=digest, line_count=len(lines),
            variance_count=sum(1 for m in matches if m.variance),
            returns_without_refund=len(unrefunded),
            state=matching.batch_state(matches, unrefunded),
            **matching.totals(lines))
        if existing:
            existing.line_ids.unlink()
            existing.write(header)
            settlement = existing
        else:
            settlement = self.env["ecom.settlement"].create(header)
        bulk.create(self.env["ecom.settlement.line"], [{
            "settlement_id": settlement.id, "sequence": index,
            "order_ref": line["order_ref"], "order_id": line["order_id"] or False,
            "type": line["type"], "amount": line["amount"],
            "expected_amount": match.expected, "difference": match.difference,
            "variance": match.variance} for index, (line, match)
            in enumerate(zip(lines, matches))])
        return settlement

    @api.multi
    def _settlement_orders(self, refs):
        """{external ref: order id} of this channel (one query)."""
        if not refs:
            return {}
        self.env.cr.execute("""
            SELECT ecom_external_ref, id FROM sale_order
             WHERE ecom_channel_id = %s AND ecom_external_ref = ANY(%s)""",
                            (self.id, list(refs)))
        return dict(self.env.cr.fetchall())

    @api.multi
    def _settlement_facts(self, order_ids):
        """{order id: OrderFacts}: total paid, contract fee (ecom_margin's
        margin lines, converted to the channel currency), goods returned."""
        order_ids = list(order_ids)
        if not order_ids:
            return {}
        cr = self.env.cr
        cr.execute("""
            SELECT o.id, o.amount_total,
                   (SELECT COALESCE(sum(ml.fee), 0) FROM ecom_margin_line ml
                     WHERE ml.order_id = o.id),
                   EXISTS (SELECT 1 FROM stock_move r
                             JOIN stock_move d ON d.id = r.origin_returned_move_id
                             JOIN sale_order_line sl ON sl.id = d.sale_line_id
                            WHERE sl.order_id = o.id AND r.state = 'done')
              FROM sale_order o WHERE o.id = ANY(%s)""", (order_ids,))
        rows = cr.fetchall()
        company_currency = self.company_id.currency_id
        rate = 1.0
        if self.currency_id and self.currency_id != company_currency:
            rate = self.env["res.currency"]._get_conversion_rate(
                company_currency, self.currency_id)
        return {oid: matching.OrderFacts(total or 0.0, round((fee or 0.0) * rate, 2),
                                         bool(returned))
                for oid, total, fee, returned in rows}

    @api.multi
    def _not_settled_order_ids(self):
        """Orders of these channels delivered more than ``settlement_days``
        ago without any settlement line (variance ``not_settled``)."""
        self.env.cr.execute("""
            SELECT o.id FROM sale_order o
              JOIN ecom_channel c ON c.id = o.ecom_channel_id
             WHERE o.ecom_channel_id = ANY(%s) AND o.state IN ('sale', 'done')
               AND EXISTS (SELECT 1 FROM stock_picking p
                            WHERE p.sale_id = o.id AND p.state = 'done'
                              AND p.date_done < (now() at time zone 'UTC')
                                  - make_interval(days => c.settlement_days))
               AND NOT EXISTS (SELECT 1 FROM ecom_settlement_line l
                                WHERE l.order_id = o.id)
          ORDER BY o.id""", (self.ids,))
        return [r[0] for r in self.env.cr.fetchall()]
