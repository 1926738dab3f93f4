"""Channels each customer ordered in: the database keeps them, these are its queries.

Plain Python, no ORM (``models/res_partner.py`` runs them). A staff-entered
customer has no ``ecom_channel_id``; it belongs to the channels it ordered in,
which customer-service scoping reads. Triggers on ``sale_order`` and
``res_partner`` keep ``ecom_partner_order_channel`` right in the same
statement as any write (ORM, set-based intake, SQL).
"""

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

#: Partners (by their commercial entity) with an order in some channel.
ORDERED_PARTNERS = ("SELECT p.id FROM res_partner p JOIN ecom_partner_order_channel r"
                    " ON r.partner_id = COALESCE(p.commercial_partner_id, p.id)")
SEARCH_OPERATORS = ("=", "in", "!=", "not in")


class InvalidSearch(ValueError):
    """A search on ``ecom_order_channel_ids`` other than by channel ids."""


def search_domain(operator, value):
    """The domain of ``('ecom_order_channel_ids', operator, value)``.

    ``= False`` / ``= []``: never ordered in a channel; ``=`` / ``in`` a
    channel id or ids: ordered in one of them; ``!=`` / ``not in``: the
    opposite. Anything else raises :class:`InvalidSearch`.
    """
    if value is False or value == []:
        op = "inselect" if operator in ("!=", "not in") else "not inselect"
        return [("id", op, (ORDERED_PARTNERS, []))]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if operator not in SEARCH_OPERATORS or not isinstance(value, (list, tuple)) \
            or not all(isinstance(v, int) and not isinstance(v, bool)
                       for v in value):
        raise InvalidSearch(value)
    op = "not inselect" if operator in ("!=", "not in") else "inselect"
    return [("id", op, (ORDERED_PARTNERS + " WHERE r.channel_id IN %s",
                        [tuple(value)]))]


def channels_by_partner(rows):
    """{partner id: [channel ids]} of (partner id, channel id) rows."""
    result = {}
    for partner_id, channel_id in rows:
        result.setdefault(partner_id, []).append(channel_id)
    return result
