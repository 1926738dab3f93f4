# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict",
        copy=False, help="The channel this customer was imported from.")
    ecom_customer_ref = fields.Char(
        "Channel Customer Id", index=True, copy=False,
        help="The buyer's account id on the channel.")

    @api.model
    def _get_default_image(self, partner_type, is_company, parent_id):
        # Imported buyers get no generated avatar: drawing and storing three
        # images per partner was a third of the intake time of an order.
        if self.env.context.get("ecom_intake"):
            return False
        return super()._get_default_image(partner_type, is_company, parent_id)

    @api.model
    def _add_missing_default_values(self, values):
        if not self.env.context.get("ecom_intake"):
            return super()._add_missing_default_values(values)
        # Intake: a company-dependent field left empty reads the company default
        # (ir.property) anyway; core would read that default and store it back,
        # ~5 queries per field and partner for the same result. Fields with a
        # user-defined or context default keep core's behaviour.
        user_defaults = self.env["ir.default"].get_model_defaults(self._name)
        skip = [name for name, field in self._fields.items()
                if field.company_dependent and name not in values
                and name not in user_defaults
                and "default_" + name not in self.env.context]
        result = super()._add_missing_default_values(
            dict(values, **dict.fromkeys(skip)))
        for name in skip:
            result.pop(name, None)
        return result

    @api.multi
    def _commercial_sync_from_company(self):
        if not self.env.context.get("ecom_intake"):
            return super()._commercial_sync_from_company()
        # Intake: write only the commercial fields that differ from the parent's
        # (core writes all of them, which stores every company-dependent value
        # again for a new delivery contact that already has the same ones).
        commercial_partner = self.commercial_partner_id
        if commercial_partner != self:
            names = self._commercial_fields()
            wanted = commercial_partner._update_fields_values(names)
            current = self._update_fields_values(names)
            changed = {name: value for name, value in wanted.items()
                       if current.get(name) != value}
            if changed:
                self.write(changed)

    @api.model_cr
    def init(self):
        # One customer per buyer account and channel, also when two workers import
        # the same new buyer at once (the loser retries its batch and finds it).
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_ecom_customer_ref_uniq
                ON res_partner (ecom_channel_id, ecom_customer_ref)
             WHERE parent_id IS NULL AND ecom_customer_ref IS NOT NULL
        """)


#: Channels each customer (commercial entity) ordered in: maintained by database
#: triggers on sale_order, so the ORM path, the set-based intake (bulk.py) and
#: any SQL write keep it right in the same statement; filled at install.
ORDER_CHANNEL_SQL = """
CREATE TABLE IF NOT EXISTS ecom_partner_order_channel (
    partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
    channel_id integer NOT NULL REFERENCES ecom_channel(id) ON DELETE CASCADE,
    PRIMARY KEY (partner_id, channel_id)
);
CREATE INDEX IF NOT EXISTS ecom_partner_order_channel_channel_idx
    ON ecom_partner_order_channel (channel_id);

CREATE OR REPLACE FUNCTION ecom_partner_order_channel_refresh(ids integer[])
RETURNS void AS $$
BEGIN
    DELETE FROM ecom_partner_order_channel WHERE partner_id = ANY(ids);
    INSERT INTO ecom_partner_order_channel (partner_id, channel_id)
    SELECT DISTINCT COALESCE(p.commercial_partner_id, p.id), o.ecom_channel_id
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.ecom_channel_id IS NOT NULL
       AND COALESCE(p.commercial_partner_id, p.id) = ANY(ids);
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION ecom_sale_order_channel_trg() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ecom_partner_order_channel (partner_id, channel_id)
        SELECT COALESCE(p.commercial_partner_id, p.id), NEW.ecom_channel_id
          FROM res_partner p WHERE p.id = NEW.partner_id
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM ecom_partner_order_channel_refresh(ARRAY(
            SELECT COALESCE(p.commercial_partner_id, p.id) FROM res_partner p
             WHERE p.id IN (OLD.partner_id, NEW.partner_id)));
    ELSE
        PERFORM ecom_partner_order_channel_refresh(ARRAY(
            SELECT COALESCE(p.commercial_partner_id, p.id) FROM res_partner p
             WHERE p.id = OLD.partner_id));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION ecom_res_partner_channel_trg() RETURNS trigger AS $$
BEGIN
    -- a contact moved to another company takes its orders along
    IF EXISTS (SELECT 1 FROM sale_order
                WHERE partner_id = NEW.id AND ecom_channel_id IS NOT NULL) THEN
        PERFORM ecom_partner_order_channel_refresh(ARRAY[
            COALESCE(OLD.commercial_partner_id, OLD.id),
            COALESCE(NEW.commercial_partner_id, NEW.id)]);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- every trigger depends on an ecom_* column: dropping the column when the
-- add-on is uninstalled (DROP COLUMN ... CASCADE) drops the trigger with it
DROP TRIGGER IF EXISTS ecom_order_channel_ins ON sale_order;
CREATE TRIGGER ecom_order_channel_ins AFTER INSERT ON sale_order
    FOR EACH ROW WHEN (NEW.ecom_channel_id IS NOT NULL)
    EXECUTE PROCEDURE ecom_sale_order_channel_trg();
DROP TRIGGER IF EXISTS ecom_order_channel_upd ON sale_order;
CREATE TRIGGER ecom_order_channel_upd
    AFTER UPDATE OF partner_id, ecom_channel_id ON sale_order
    FOR EACH ROW WHEN (OLD.partner_id IS DISTINCT FROM NEW.partner_id
                       OR OLD.ecom_channel_id IS DISTINCT FROM NEW.ecom_channel_id)
    EXECUTE PROCEDURE ecom_sale_order_channel_trg();
DROP TRIGGER IF EXISTS ecom_order_channel_del ON sale_order;
CREATE TRIGGER ecom_order_channel_del AFTER DELETE ON sale_order
    FOR EACH ROW WHEN (OLD.ecom_channel_id IS NOT NULL)
    EXECUTE PROCEDURE ecom_sale_order_channel_trg();
DROP TRIGGER IF EXISTS ecom_order_channel_partner ON res_partner;
CREATE TRIGGER ecom_order_channel_partner
    AFTER UPDATE OF commercial_partner_id, ecom_channel_id ON res_partner
    FOR EACH ROW WHEN (OLD.commercial_partner_id
                       IS DISTINCT FROM NEW.commercial_partner_id)
    EXECUTE PROCEDURE ecom_res_partner_channel_trg();
"""

ORDER_CHANNEL_FILL = """
INSERT INTO ecom_partner_order_channel (partner_id, channel_id)
SELECT DISTINCT COALESCE(p.commercial_partner_id, p.id), o.ecom_channel_id
  FROM sale_order o
  JOIN res_partner p ON p.id = o.partner_id
 WHERE o.ecom_channel_id IS NOT NULL
ON CONFLICT DO NOTHING
"""


class ResPartnerOrderChannels(models.Model):
    """Channels a customer ordered in (``ecom_order_channel_ids``).

    A staff-entered customer has no ``ecom_channel_id``; it belongs to the
    channels it ordered in, which customer-service scoping reads from here.
    The relation is kept by the database (see ``ORDER_CHANNEL_SQL``), so
    nobody can write it through the ORM and no order path can forget it.
    """

    _inherit = "res.partner"

    ecom_order_channel_ids = fields.Many2many(
        "ecom.channel", string="Ordered In",
        compute="_compute_ecom_order_channel_ids",
        search="_search_ecom_order_channel_ids",
        help="Channels of the orders of this customer (its commercial entity).")

    @api.depends("sale_order_ids.ecom_channel_id", "commercial_partner_id")
    def _compute_ecom_order_channel_ids(self):
        by_partner = {}
        commercial = {p.id: p.commercial_partner_id.id or p.id for p in self}
        ids = tuple(set(commercial.values()) - {False})
        if ids:
            self.env.cr.execute(
                "SELECT partner_id, channel_id FROM ecom_partner_order_channel "
                "WHERE partner_id IN %s ORDER BY channel_id", (ids,))
            for partner_id, channel_id in self.env.cr.fetchall():
                by_partner.setdefault(partner_id, []).append(channel_id)
        for partner in self:
            partner.ecom_order_channel_ids = [
                (6, 0, by_partner.get(commercial[partner.id], []))]

    @api.model
    def _search_ecom_order_channel_ids(self, operator, value):
        query = ("SELECT p.id FROM res_partner p JOIN ecom_partner_order_channel r"
                 " ON r.partner_id = COALESCE(p.commercial_partner_id, p.id)")
        if value is False or value == []:
            # ('ecom_order_channel_ids', '=', False): never ordered in a channel
            op = "inselect" if operator in ("!=", "not in") else "not inselect"
            return [("id", op, (query, []))]
        if isinstance(value, int):
            value = [value]
        if operator not in ("=", "in", "!=", "not in") or not all(
                isinstance(v, int) for v in value):
            raise UserError(_(
                "Ordered In (ecom_order_channel_ids) can only be searched by "
                "channel ids, not %r.") % (value,))
        op = "not inselect" if operator in ("!=", "not in") else "inselect"
        return [("id", op, (query + " WHERE r.channel_id IN %s", [tuple(value)]))]

    @api.model_cr
    def init(self):
        super().init()
        cr = self.env.cr
        cr.execute("SELECT to_regclass('ecom_partner_order_channel')")
        new = cr.fetchone()[0] is None
        cr.execute(ORDER_CHANNEL_SQL)
        if new:
            cr.execute(ORDER_CHANNEL_FILL)
