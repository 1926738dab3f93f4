"""Customer-service channel scope: the SQL sub-selects and domains.

Plain Python, no ORM (``models/ecom_cs_scope.py`` is the glue): a plain
customer-service user sees the buyers, orders, deliveries, invoices, their
chatter and followers of the channels it is assigned to. Each scoped model's
record rule reads ``[('ecom_cs_visible_to', '=', user.id)]``, which becomes
one of the domains below: an ``inselect`` sub-select per model, with the user
id as its only parameter (repeated ``count`` times).
"""

#: Channels of the user (the single ``%s`` parameter).
MY_CHANNELS = "SELECT channel_id FROM ecom_channel_cs_user_rel WHERE user_id = %s"
ORDERS = "SELECT id FROM sale_order WHERE ecom_channel_id IN (%s)" % MY_CHANNELS
ORDER_LINES = ("SELECT l.id FROM sale_order_line l JOIN sale_order o"
               " ON o.id = l.order_id WHERE o.ecom_channel_id IN (%s)" % MY_CHANNELS)
PICKINGS = "SELECT id FROM stock_picking WHERE ecom_channel_id IN (%s)" % MY_CHANNELS
INVOICES = "SELECT id FROM account_invoice WHERE ecom_channel_id IN (%s)" % (
    MY_CHANNELS)
MOVES = ("SELECT id FROM stock_move WHERE picking_id IN (%s) OR sale_line_id IN (%s)"
         % (PICKINGS, ORDER_LINES))
#: Partners: by their channel, else their commercial entity's, else the
#: channels the commercial entity ordered in (none: not a channel buyer).
PARTNERS = """
    SELECT p.id FROM res_partner p
      LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
     WHERE CASE
        WHEN p.ecom_channel_id IS NOT NULL THEN p.ecom_channel_id IN (%(my)s)
        WHEN c.ecom_channel_id IS NOT NULL THEN c.ecom_channel_id IN (%(my)s)
        ELSE NOT EXISTS (SELECT 1 FROM ecom_partner_order_channel r
                          WHERE r.partner_id = COALESCE(c.id, p.id))
          OR EXISTS (SELECT 1 FROM ecom_partner_order_channel r
                      WHERE r.partner_id = COALESCE(c.id, p.id)
                        AND r.channel_id IN (%(my)s))
     END""" % {"my": MY_CHANNELS}
PARTNER_PARAMS = 3
#: Documents whose chatter, followers and activities are scoped like them.
DOCUMENTS = {
    "sale.order": (ORDERS, 1),
    "stock.picking": (PICKINGS, 1),
    "account.invoice": (INVOICES, 1),
    "res.partner": (PARTNERS, PARTNER_PARAMS),
}


def _sub(query, count, uid):
    """An ``inselect`` operand: the query and its parameters (the user id)."""
    return (query, [uid] * count)


def partner_domain(field, uid):
    """``field`` (many2one to res.partner) empty or a partner in the scope."""
    return ["|", (field, "=", False),
            (field, "inselect", _sub(PARTNERS, PARTNER_PARAMS, uid))]


def document_domain(model_field, uid):
    """``(model_field, res_id)`` of no scoped model, or of a document in scope."""
    domain = ["|", (model_field, "=", False), (model_field, "not in", list(DOCUMENTS))]
    for model, (query, count) in sorted(DOCUMENTS.items()):
        domain = ["|"] + domain + [
            "&", (model_field, "=", model),
            ("res_id", "inselect", _sub(query, count, uid))]
    return domain
