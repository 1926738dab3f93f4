"""Refilling a table of the suite's own: COPY, and keys off while filling.

A rebuild (daily sales facts of ``ecom_analytics``, warehouse cost history and
margin lines of ``ecom_margin``) rewrites every row of a table only the suite
writes, up to millions of rows. Two things dominate such a fill and neither
is needed row by row:

- the text of the rows: psycopg2's ``execute_values`` has the server parse a
  literal per value; ``COPY ... FROM STDIN`` (:func:`copy_rows`) reads the
  same rows about four times faster;
- the foreign keys (one trigger per key and row, most of an insert's time)
  and the lookup indexes (one index update per row): :func:`drop_for_fill`
  drops them and :func:`restore_after_fill` makes them again at the end, one
  scan or sort each, with the names and ON DELETE rules the ORM gives them.

A derived table (rebuilt from other tables, written set-based only) may also
do without some keys for good (:func:`drop_keys_off`): the many2one fields
named in the model's ``_foreign_keys_off`` keep their column and index but no
key (one trigger per row on every write, incremental ones too); their
ON DELETE rule is applied by :func:`apply_ondelete`, which the referenced
models' ``unlink`` must call. Only for references deleted through ``unlink``
(no database cascade deletes the referenced rows).

Only for tables the caller rewrites wholly, in a maintenance action (a
rebuild): other transactions keep writing the referenced tables meanwhile, so
:func:`restore_after_fill` adds each key ``NOT VALID`` and validates it (no
lock that blocks writers of the referenced table during the scan); a row whose
referenced record was deleted while the key was off is then treated as the key
would have: deleted (``cascade``), emptied (``set null``), or reported
(``restrict``: :class:`FillError`, the key stays off and the run can be
resumed once the cause is fixed). Restoring skips what is present, so an
interrupted rebuild, resumed or run again, ends with the same schema.
"""
import io
import logging

import psycopg2

_logger = logging.getLogger(__name__)

#: how :func:`copy_rows` writes SQL NULL
NULL = "\\N"


class FillError(Exception):
    """A foreign key cannot be restored: rows point to deleted records and
    the key's rule (``restrict``) forbids both deleting and emptying them."""


def copy_text(value):
    """Free text for :func:`copy_rows` (COPY's escapes); None as NULL."""
    if value is None:
        return NULL
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace(
        "\n", "\\n").replace("\r", "\\r")


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in the order of ``columns``) into ``table``.

    Values are written with ``str``: ints, floats (their shortest exact
    representation, as psycopg2 quotes them; -0.0 as 0.0), booleans, date
    strings as the ORM's cursor returns them; NULL must be given as
    :data:`NULL` and free text through :func:`copy_text` (the caller knows
    which columns can be either)."""
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
    """``now() at time zone 'UTC'`` as text (what ``bulk.NOW`` writes into
    create_date / write_date), for COPY."""
    cr.execute("SELECT (now() at time zone 'UTC')::text")
    return cr.fetchone()[0]


def lookup_indexes(model, keep=()):
    """{index name: column} of ``model``'s indexed stored fields (the ORM's
    names ``<table>_<field>_index``) but the field names in ``keep``."""
    return {"%s_%s_index" % (model._table, name): name
            for name, field in sorted(model._fields.items())
            if field.store and field.index and field.column_type
            and name not in keep}


def keys_off(model):
    """The many2one fields of ``model`` whose keys are off for good
    (``_foreign_keys_off``, module docstring)."""
    return tuple(getattr(model, "_foreign_keys_off", ()))


def foreign_keys(model):
    """{column: (referenced table, ON DELETE rule)} the ORM keeps on
    ``model``'s table (stored many2one fields to tables it creates), but
    those of :func:`keys_off`."""
    keys = {}
    off = keys_off(model)
    for name, field in sorted(model._fields.items()):
        if not field.store or field.type != "many2one" or name in off:
            continue
        comodel = model.env[field.comodel_name]
        if not comodel._auto or comodel._table == "ir_actions":
            continue    # the ORM makes no foreign key to these either
        keys[name] = (comodel._table, (field.ondelete or "set null").lower())
    return keys


def drop_keys_off(model):
    """Drop the keys of the columns of :func:`keys_off`; for the model's
    ``init``: the ORM adds its keys again when a module of the model is
    installed or updated, after ``init`` (the registry's post-init queue), so
    the drop is queued there too."""
    _drop_keys_off(model)
    model.pool.post_init(_drop_keys_off, model)


def _present_keys(cr, table):
    """[(column, constraint name, validated)] of the foreign keys on
    ``table`` (by their first column: the ORM's have one)."""
    cr.execute("""SELECT a.attname, c.conname, c.convalidated FROM pg_constraint c
                    JOIN pg_attribute a ON a.attrelid = c.conrelid
                     AND a.attnum = c.conkey[1]
                   WHERE c.conrelid = %s::regclass AND c.contype = 'f'""", (table,))
    return cr.fetchall()


def _drop_keys_off(model):
    off = keys_off(model)
    if not off:
        return
    cr = model.env.cr
    for column, name, _valid in _present_keys(cr, model._table):
        if column not in off:
            continue
        # constraint names read from the catalogue, not user input
        cr.execute(  # pylint: disable=sql-injection
            'ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (model._table, name))


def apply_ondelete(models, comodel_name, ids):
    """What the keys off (:func:`keys_off`) of ``models`` would do when the
    ``comodel_name`` records ``ids`` are deleted: their rows deleted
    (``cascade``) or the column emptied (``set null``). Called by the
    comodel's ``unlink`` before it deletes; a ``restrict`` field cannot be
    off (ValueError)."""
    ids = list(ids)
    if not ids:
        return
    for model in models:
        cr = model.env.cr
        for name in keys_off(model):
            field = model._fields[name]
            if field.comodel_name != comodel_name:
                continue
            rule = (field.ondelete or "set null").lower()
            # table and column names come from the field definitions
            if rule == "cascade":
                cr.execute(  # pylint: disable=sql-injection
                    'DELETE FROM "%s" WHERE "%s" = ANY(%%s)' % (model._table, name),
                    (ids,))
            elif rule == "set null":
                cr.execute(  # pylint: disable=sql-injection
                    'UPDATE "%s" SET "%s" = NULL WHERE "%s" = ANY(%%s)'
                    % (model._table, name, name), (ids,))
            else:
                raise ValueError("%s.%s: a key ON DELETE %s cannot be off"
                                 % (model._name, name, rule.upper()))
        model.invalidate_cache()


def drop_for_fill(model, keep_indexes=(), commit=None):
    """Drop the foreign keys of ``model``'s table and the indexes of its
    indexed fields (but those of ``keep_indexes``, field names). ``commit``
    (the caller's, when it commits its batches): called at once, so that the
    locks the drops take on the referenced tables (orders, moves, users...)
    are not held while the caller fills."""
    cr = model.env.cr
    table = model._table
    cr.execute("""SELECT conname FROM pg_constraint
                   WHERE conrelid = %s::regclass AND contype = 'f'""", (table,))
    for (name,) in cr.fetchall():
        # constraint names read from the catalogue, not user input
        cr.execute(  # pylint: disable=sql-injection
            'ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))
    for index in lookup_indexes(model, keep_indexes):
        # index names are the ORM's for these fields
        cr.execute('DROP INDEX IF EXISTS "%s"' % index)  # pylint: disable=sql-injection
    if commit:
        commit()


def restore_after_fill(model, commit=None):
    """The foreign keys and field indexes of ``model``'s table as the ORM
    makes them, those missing only; then ANALYZE (the table was rewritten).

    The missing keys are added NOT VALID, ``commit`` is called (when given:
    adding a key locks the referenced table), then every key of the table
    not validated yet is validated, one scan each, without blocking writers
    of the referenced table; keys an interrupted restore left unvalidated
    are validated too. Rows left pointing to deleted records are handled by
    the key's rule (module docstring)."""
    cr = model.env.cr
    table = model._table
    keys = foreign_keys(model)
    present = {column: (name, valid)
               for column, name, valid in _present_keys(cr, table)}
    for column, (target, rule) in keys.items():
        if column not in present:
            constraint = "%s_%s_fkey" % (table, column)
            # names and rules come from the field definitions, not user input
            cr.execute(  # pylint: disable=sql-injection
                'ALTER TABLE "{t}" ADD CONSTRAINT "{c}" FOREIGN KEY ("{col}") '
                'REFERENCES "{target}"(id) ON DELETE {rule} NOT VALID'.format(
                    t=table, c=constraint, col=column, target=target,
                    rule=rule.upper()))
            present[column] = (constraint, False)
    for index, column in lookup_indexes(model).items():
        # names come from the field definitions
        cr.execute(  # pylint: disable=sql-injection
            'CREATE INDEX IF NOT EXISTS "%s" ON "%s" ("%s")' % (index, table, column))
    if commit:
        commit()
    for column, (constraint, valid) in sorted(present.items()):
        if not valid:
            target, rule = keys.get(column, (None, "restrict"))
            _validate(cr, table, constraint, column, target, rule)
    cr.execute('ANALYZE "%s"' % table)  # pylint: disable=sql-injection


def _validate(cr, table, constraint, column, target, rule):
    """VALIDATE the key; on a violation, the orphans handled by ``rule`` and
    the validation run again."""
    validate = 'ALTER TABLE "%s" VALIDATE CONSTRAINT "%s"' % (table, constraint)
    try:
        with cr.savepoint():
            cr.execute(validate)  # pylint: disable=sql-injection
        return
    except psycopg2.IntegrityError:
        if target is None:
            raise
    orphans = ('"{t}"."{col}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{target}" r '
               'WHERE r.id = "{t}"."{col}")').format(t=table, col=column, target=target)
    if rule == "cascade":
        cr.execute(  # pylint: disable=sql-injection
            'DELETE FROM "%s" WHERE %s' % (table, orphans))
    elif rule == "set null":
        cr.execute(  # pylint: disable=sql-injection
            'UPDATE "%s" SET "%s" = NULL WHERE %s' % (table, column, orphans))
    else:
        raise FillError("%s.%s: rows point to deleted %s records (ON DELETE %s)"
                        % (table, column, target, rule.upper()))
    _logger.warning("%s.%s: %s rows pointed to deleted %s records while the key "
                    "was off (ON DELETE %s applied)", table, column, cr.rowcount,
                    target, rule.upper())
    cr.execute(validate)  # pylint: disable=sql-injection
