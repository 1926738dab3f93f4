"""11.0.1.1.0: the channel of settlement lines stored by the set-based import
(it had been left to a recompute that never ran)."""


def migrate(cr, version):
    cr.execute("""
        UPDATE ecom_settlement_line l SET channel_id = s.channel_id
          FROM ecom_settlement s
         WHERE s.id = l.settlement_id AND l.channel_id IS NULL""")
