"""Who is a protected customer, in SQL: the queries of ``res.partner``.

Plain Python, no ORM (constant query texts; no user input is ever formatted
into them). A partner is protected when its own ``ecom_pii_protected`` flag,
its parent's or its commercial entity's is set (unset counts as set), unless
it is exempt: the partner of an internal user or of a company, from data only
administrators change. ``res_partner.py`` runs them.
"""

#: "{a} is exempt": the partner of an internal user or of a company. Only
#: administrators create internal users and companies.
_EXEMPT_SQL = """(EXISTS (SELECT 1 FROM res_users u
                          WHERE u.partner_id = {a}.id AND u.share IS NOT TRUE)
      OR EXISTS (SELECT 1 FROM res_company rc WHERE rc.partner_id = {a}.id))"""
_EFFECTIVE_SQL = "(COALESCE({a}.ecom_pii_protected, true) AND NOT %s)" % _EXEMPT_SQL
#: Protected: the partner's own flag, or its parent's, or its commercial
#: entity's (a contact moved under a customer holds the customer's address,
#: copied by core, and shows its name as parent_name).
PROTECTED_SQL = """(%s
        OR (par.id IS NOT NULL AND %s)
        OR (c.id IS NOT NULL AND c.id <> p.id AND %s))""" % (
    _EFFECTIVE_SQL.format(a="p"), _EFFECTIVE_SQL.format(a="par"),
    _EFFECTIVE_SQL.format(a="c"))
_FROM_SQL = """res_partner p
          LEFT JOIN res_partner par ON par.id = p.parent_id
          LEFT JOIN res_partner c ON c.id = p.commercial_partner_id"""
#: Constant queries (no user input is ever formatted into them).
PROTECTED_QUERY = "SELECT p.id, %s FROM %s WHERE p.id IN %%s" % (
    PROTECTED_SQL, _FROM_SQL)
ALLOWED_QUERY = "SELECT p.id FROM %s WHERE NOT %s" % (_FROM_SQL, PROTECTED_SQL)
#: Back-fill of the flag on install/upgrade: the rule the add-on used before
#: it was data (vendors not from a channel, contacts of companies are not
#: protected), computed once from the database as it is.
BACKFILL_QUERY = """
    UPDATE res_partner p
       SET ecom_pii_protected = NOT (
            (COALESCE(c.supplier, p.supplier, false)
             AND p.ecom_channel_id IS NULL AND c.ecom_channel_id IS NULL)
            OR EXISTS (SELECT 1 FROM res_company rc
                       WHERE rc.partner_id IN (p.id, c.id)))
      FROM res_partner p2
      LEFT JOIN res_partner c ON c.id = p2.commercial_partner_id
     WHERE p2.id = p.id"""
