"""Whole-table passes over encrypted columns, in batches (install, uninstall,
key rotation).

No ORM: callers hand a database cursor, the table, the model name (part of
the associated data) and the column names; rows are walked by id (keyset
pagination), so a pass interrupted between batches resumes where the data
says. Used by this add-on's uninstall hook and by the columns other add-ons
encrypt with the same keys (``ecom_pii_guard_encryption``: outgoing e-mail
bodies, payment transactions' copies of the customer).
"""
from psycopg2.extras import execute_values

from .crypto import PREFIX


def encrypted_where(names):
    """SQL condition (and params) of rows holding ciphertext in any of ``names``."""
    conds = ['left("%s", %%s) = %%s' % name for name in names]
    return " OR ".join(conds), [len(PREFIX), PREFIX] * len(names)


def pending_where(cipher, names, rewrite_all=False):
    """SQL condition (and params) of rows with a value in ``names`` that is not
    ciphertext of the active key (legacy plaintext or an older key)."""
    if rewrite_all:
        return "TRUE", []
    prefix = "%s%s:" % (PREFIX, cipher.active_kid)
    conds = ['("%s" IS NOT NULL AND left("%s", %%s) <> %%s)' % (name, name)
             for name in names]
    return " OR ".join(conds), [len(prefix), prefix] * len(names)


def reencrypting(cipher, model, names):
    """Row transform: stored values (plaintext or any key) -> active key."""
    def transform(row):
        rec_id = row[0]
        return [rec_id] + [
            cipher.encrypt(cipher.decrypt(stored, model, name, rec_id),
                           model, name, rec_id)
            for name, stored in zip(names, row[1:])]
    return transform


def decrypting(cipher, model, names):
    """Row transform: stored values -> plaintext (uninstall)."""
    def transform(row):
        rec_id = row[0]
        return [rec_id] + [cipher.decrypt(stored, model, name, rec_id)
                           for name, stored in zip(names, row[1:])]
    return transform


def update_rows(cr, table, names, rows):
    """rows: [[id, value of names[0], ...]] -> one UPDATE per 1000 rows."""
    if not rows:
        return
    cols = ", ".join('"%s"' % name for name in names)
    query = 'UPDATE "%s" AS t SET %s FROM (VALUES %%s) AS v(id, %s) ' \
        "WHERE t.id = v.id" % (
            table, ", ".join('"%s" = v."%s"' % (name, name) for name in names), cols)
    # execute_values needs the psycopg2 cursor under Odoo's
    execute_values(getattr(cr, "_obj", cr), query, rows, page_size=1000)


def count(cr, table, where, params):
    cr.execute('SELECT count(*) FROM "%s" WHERE %s' % (table, where), params)
    return cr.fetchone()[0]


def rewrite_batch(cr, table, names, where, params, transform, after_id=0,
                  batch_size=1000):
    """Rewrite up to ``batch_size`` rows with id > ``after_id`` matching
    ``where`` through ``transform``. -> (rows, last id), last id None when
    nothing is left."""
    cr.execute(
        'SELECT id, %s FROM "%s" WHERE id > %%s AND (%s) ORDER BY id LIMIT %%s' % (
            ", ".join('"%s"' % name for name in names), table, where),
        [after_id] + list(params) + [batch_size])
    fetched = cr.fetchall()
    if not fetched:
        return 0, None
    update_rows(cr, table, names, [transform(row) for row in fetched])
    return len(fetched), fetched[-1][0]


def rewrite_all(cr, table, names, where, params, transform, batch_size=1000,
                commit=False, progress=None):
    """Loop of :func:`rewrite_batch`; ``commit`` after each batch (resumable
    rotation); ``progress(done, total, last_id)``. -> rows rewritten."""
    total = count(cr, table, where, params) if progress else None
    done, last_id = 0, 0
    while True:
        rows, last_id = rewrite_batch(
            cr, table, names, where, params, transform, last_id, batch_size)
        if last_id is None:
            return done
        done += rows
        if commit:
            cr.commit()  # pylint: disable=invalid-commit
        if progress:
            progress(done, total, last_id)
