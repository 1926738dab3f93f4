"""The SQL of the hash-chained audit tables (``ecom.audit.chain.mixin``).

Plain Python, no ORM: query texts for one audit table ``table`` and the
chains' head table. Only table names of the add-on's own models are
formatted into them, never input; values go as parameters.
"""

#: Last sealed position and hash of each chain (key: the audit table).
HEAD_TABLE = "ecom_audit_chain_head"
#: Columns the chain owns: never taken from ``create`` values.
CHAIN_COLUMNS = ("seal_seq", "prev_hash", "row_hash")


def init_queries(table):
    """Schema of a chained table and its head row's source.

    Rows chained before ``seal_seq`` existed (in id order, under a table lock)
    keep their hashes and take their positions in id order.
    """
    schema = """
            UPDATE {t} SET seal_seq = n.pos
              FROM (SELECT id, row_number() OVER (ORDER BY id) AS pos
                      FROM {t} WHERE row_hash IS NOT NULL) n
             WHERE {t}.id = n.id
               AND NOT EXISTS (SELECT 1 FROM {t} WHERE seal_seq IS NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS {t}_seal_seq_uniq ON {t} (seal_seq);
            CREATE INDEX IF NOT EXISTS {t}_unsealed_idx ON {t} (id)
                WHERE seal_seq IS NULL;
            CREATE TABLE IF NOT EXISTS {h} (
                chain varchar PRIMARY KEY,
                seal_seq integer NOT NULL,
                row_hash varchar NOT NULL)
        """.format(t=table, h=HEAD_TABLE)
    last = ("SELECT seal_seq, row_hash FROM {t} WHERE seal_seq IS NOT NULL "
            "ORDER BY seal_seq DESC LIMIT 1".format(t=table))
    head = ("INSERT INTO {h} (chain, seal_seq, row_hash) VALUES (%s, %s, %s) "
            "ON CONFLICT (chain) DO NOTHING".format(h=HEAD_TABLE))
    return schema, last, head


#: The head of a chain, locked until the sealing transaction ends.
LOCK_HEAD = "SELECT seal_seq, row_hash FROM {h} WHERE chain = %s FOR UPDATE".format(
    h=HEAD_TABLE)
#: The head of a chain, as the verifier compares it with the last row.
READ_HEAD = "SELECT row_hash FROM {h} WHERE chain = %s".format(h=HEAD_TABLE)
#: Move the head of a chain.
MOVE_HEAD = "UPDATE {h} SET seal_seq = %s, row_hash = %s WHERE chain = %s".format(
    h=HEAD_TABLE)


def unsealed_ids(table):
    """The next batch of unsealed rows, by id (parameter: batch size)."""
    return "SELECT id FROM {t} WHERE seal_seq IS NULL ORDER BY id LIMIT %s".format(
        t=table)


def seal_update(table, count):
    """Set position, previous hash and hash of ``count`` rows: parameters are
    the rows of ``audit_chain.seal`` flattened (id, position, previous, hash)."""
    return ("UPDATE {t} SET seal_seq = v.pos, prev_hash = v.prev, "
            "row_hash = v.digest FROM (VALUES {values}) "
            "AS v(id, pos, prev, digest) WHERE {t}.id = v.id".format(
                t=table, values=", ".join(["(%s, %s, %s, %s)"] * count)))


def chain_ids(table):
    """The next batch of sealed rows in chain order (parameters: after this
    position, batch size)."""
    return ("SELECT id FROM {t} WHERE seal_seq > %s ORDER BY seal_seq "
            "LIMIT %s".format(t=table))


def counts(table):
    """(sealed rows, unsealed rows) of the table."""
    return ("SELECT count(seal_seq), count(*) - count(seal_seq) FROM {t}"
            .format(t=table))
