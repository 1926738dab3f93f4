# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bulk filling of this add-on's own tables (cost history, margin lines).

Interim helpers: the shared toolkit (``ecom_base/tools/bulk.py``) has no COPY
writer and no "foreign keys off while filling" pair yet (``ecom_analytics``
keeps its own copy of the latter); both are reported to be moved there.

- :func:`copy_rows`: ``COPY ... FROM STDIN`` of rows the caller computed. The
  rows of a rebuild are a million tuples: psycopg2's ``execute_values`` spends
  most of its time having the server parse the literals of its ``VALUES``
  lists; COPY reads the same text four times faster.
- :func:`drop_for_fill` / :func:`restore_after_fill`: a full rebuild writes
  every row of the table; its foreign keys (one trigger per key and row: 80 %
  of an insert into the margin lines) and lookup indexes are dropped while it
  fills and created again at its end (one scan / one sort each), with the
  names and rules the ORM gives them. Restoring skips what is present, so an
  interrupted rebuild resumed later, or run again, ends with the same schema.
"""
import io

from odoo.tools import sql

#: how :func:`copy_rows` writes SQL NULL
NULL = "\\N"


def copy_text(value):
    """Free text for :func:`copy_rows` (COPY's escapes); None as NULL."""
    if value is None:
        return NULL
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace(
        "\n", "\\n").replace("\r", "\\r")


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in the order of ``columns``) into ``table``.

    Values are written with ``str``: ints, floats (their shortest exact
    representation, as psycopg2 quotes them; -0.0 as 0.0), booleans, date strings as the
    ORM's cursor returns them; NULL must be given as :data:`NULL` and free
    text through :func:`copy_text` (the caller knows which columns can be
    either)."""
    if not rows:
        return
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        line = "\t".join(map(str, row))
        if "-0.0" in line:
            # psycopg2 quotes -0.0 as " -0.0", which the server reads as
            # minus (numeric) zero, stored as 0.0: the same here
            line = "\t".join(
                "0.0" if text == "-0.0" else text for text in line.split("\t"))
        write(line)
        write("\n")
    buffer.seek(0)
    # table and column names come from the callers' constants, not user input
    cr.copy_expert('COPY "%s" (%s) FROM STDIN' % (
        table, ", ".join('"%s"' % column for column in columns)), buffer)


def db_now(cr):
    """``now() at time zone 'UTC'`` as text (what the toolkit's ``NOW``
    writes into create_date / write_date), for COPY."""
    cr.execute("SELECT (now() at time zone 'UTC')::text")
    return cr.fetchone()[0]


def _lookup_indexes(model, keep):
    return ["%s_%s_index" % (model._table, name)
            for name, field in sorted(model._fields.items())
            if field.store and field.index and name not in keep]


def drop_for_fill(model, keep_indexes=(), commit=None):
    """Drop the foreign keys of ``model``'s table and the indexes of its
    indexed fields (but ``keep_indexes``, field names). ``commit``: called
    at once, so that the locks the drops take on the referenced tables
    (orders, moves, users...) are not held while the caller fills."""
    cr = model.env.cr
    table = model._table
    cr.execute("""SELECT conname FROM pg_constraint
                   WHERE conrelid = %s::regclass AND contype = 'f'""", (table,))
    for (name,) in cr.fetchall():
        # constraint names read from the catalogue, not user input
        cr.execute(  # pylint: disable=sql-injection
            'ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))
    for index in _lookup_indexes(model, keep_indexes):
        # index names are the ORM's for these fields
        cr.execute('DROP INDEX IF EXISTS "%s"' % index)  # pylint: disable=sql-injection
    if commit:
        commit()


def restore_after_fill(model, commit=None):
    """The foreign keys and field indexes of ``model``'s table as the ORM
    creates them (same names, columns and ON DELETE rules as
    ``odoo.tools.sql.add_foreign_key`` / ``create_index``), those missing
    only; then ANALYZE (the table was just rewritten).

    The keys are added NOT VALID, ``commit`` is called (when given), then
    each is validated: one scan of the table per key that, unlike adding a
    checked key, does not block writes to the referenced table meanwhile.
    Keys left unvalidated by an interrupted restore are validated too."""
    cr = model.env.cr
    table = model._table
    cr.execute("""SELECT a.attname FROM pg_constraint c
                    JOIN pg_attribute a ON a.attrelid = c.conrelid
                     AND a.attnum = c.conkey[1]
                   WHERE c.conrelid = %s::regclass AND c.contype = 'f'""", (table,))
    present = {row[0] for row in cr.fetchall()}
    for name, field in sorted(model._fields.items()):
        if not field.store or field.type != "many2one" or name in present:
            continue
        comodel = model.env[field.comodel_name]
        if not comodel._auto or comodel._table == "ir_actions":
            continue    # the ORM makes no foreign key to these either
        # names and rules come from the field definitions
        cr.execute(  # pylint: disable=sql-injection
            'ALTER TABLE "{t}" ADD CONSTRAINT "{t}_{c}_fkey" FOREIGN KEY ("{c}") '
            'REFERENCES "{r}"("id") ON DELETE {rule} NOT VALID'.format(
                t=table, c=name, r=comodel._table,
                rule=(field.ondelete or "set null").upper()))
    for name, field in sorted(model._fields.items()):
        if field.store and field.index:
            sql.create_index(cr, "%s_%s_index" % (table, name), table,
                             ['"%s"' % name])
    if commit:
        commit()
    cr.execute("""SELECT conname FROM pg_constraint
                   WHERE conrelid = %s::regclass AND contype = 'f'
                     AND NOT convalidated""", (table,))
    for (name,) in cr.fetchall():
        cr.execute(  # pylint: disable=sql-injection
            'ALTER TABLE "%s" VALIDATE CONSTRAINT "%s"' % (table, name))
    cr.execute('ANALYZE "%s"' % table)  # pylint: disable=sql-injection
