"""Set-based writes for the whole suite: many records, a few statements.

Odoo 11 creates and writes records one by one (one INSERT, one
``default_get``, one round of ``modified`` and recomputation each). The suite's
batch paths (order intake, replenishment RFQ lines, bin generation, and the
add-ons built on them) store hundreds of rows of a few models at once. This
module is the one place that does it; it is the only code of the suite that
touches the ORM's internals for writing (``env.all.todo``, ``_field_computed``,
the psycopg2 cursor under Odoo's).

What it offers (see each function):

- :func:`create`: one ``INSERT ... VALUES`` per 1,000 rows with what
  ``create`` stores: defaults (read twice per model and batch, a default that
  differs between the two reads, such as a random token, is read per record),
  ``create_uid``/``write_uid``/dates, many2many ``(6, 0, ids)`` and
  ``(4, id)`` links, booleans ``False`` when not given, then once for all
  records ``modified`` (stored computed fields of these records and of the
  records they point to scheduled, one search per dependency path) and the
  Python constraints. A model storing some fields itself (encrypted columns)
  names them in ``_ecom_bulk_deferred_fields()`` and stores them in
  ``_ecom_bulk_store(rows)`` right after the INSERT.
- :func:`recompute`: the pending recomputations, each group of fields
  computed on the same records written with one ``UPDATE ... FROM (VALUES)``.
- :func:`unchanged`: pending recomputations the caller knows are no-ops.
- :func:`write` / :func:`update`: columns of many records, one UPDATE, with
  ``modified`` and the write date and user, and the cache kept consistent.
- :func:`insert_rows`: the raw INSERT of rows whose column values the caller
  computed itself (models with a parent store, where ``create`` cannot be
  reproduced), with the access columns and the cache invalidated.
- :func:`next_sequence_values`: ``count`` numbers of an ``ir.sequence`` in one
  query (standard sequences) or one locked UPDATE (no-gap ones).
- :func:`fast_path`: the registry check a caller makes first. The set-based
  path does not run the model's ``create``/``write`` overrides; when an
  installed module the caller does not know overrides one of them, the
  caller must take the ORM's own path. The decision is logged once per
  model, method set and module set.
- :func:`execute_values`: psycopg2's paged ``VALUES`` on Odoo's cursor.
- :func:`read_stored`: many rows' plain stored columns as ``read(load='')``
  gives them, one query, without the record cache (the audit chain reads
  every row it seals or verifies, and only once).

Callers catch :class:`BulkUnsupported` (values this module cannot store as
``create`` would) and take the ORM path.
"""
import logging
from collections import defaultdict

from psycopg2 import extras

from odoo.exceptions import MissingError
from odoo.models import MAGIC_COLUMNS

_logger = logging.getLogger(__name__)

NOW = "(now() at time zone 'UTC')"

#: (model, methods, unknown modules) already logged by :func:`fast_path`
_LOGGED = set()


class BulkUnsupported(ValueError):
    """These values need core's ``create``: the caller takes the ORM path."""


def execute_values(cr, query, rows, template=None, page_size=1000, fetch=False):
    """psycopg2's ``execute_values`` on Odoo's cursor (it needs the psycopg2
    cursor underneath: Odoo's wrapper has no ``mogrify`` of its own)."""
    return extras.execute_values(getattr(cr, "_obj", cr), query, rows,
                                 template=template, page_size=page_size,
                                 fetch=fetch)


def overriding_modules(model, method):
    """Modules whose classes define ``method`` for ``model``'s registry class."""
    return {cls._module for cls in type(model).__mro__
            if method in vars(cls) and getattr(cls, "_module", None)}


def fast_path(model, methods, known):
    """True when every installed override of ``methods`` on ``model`` comes
    from a module of ``known`` (whose effect the caller reproduces or does
    not need); otherwise False, logged once, and the caller takes the ORM.

    ``known``: module names (``base`` too where the model's own create in
    base matters, e.g. res.partner's commercial fields).
    """
    unknown = set()
    for method in methods:
        unknown |= overriding_modules(model, method)
    unknown -= set(known)
    if not unknown:
        return True
    key = (model._name, tuple(sorted(methods)), tuple(sorted(unknown)))
    if key not in _LOGGED:
        _LOGGED.add(key)
        _logger.info("bulk: %s takes the ORM path: %s overridden by %s",
                     model._name, ", ".join(sorted(methods)),
                     ", ".join(sorted(unknown)))
    return False


def next_sequence_values(sequence, count):
    """The next ``count`` values of ``sequence`` (an ``ir.sequence``), as
    ``count`` calls of ``next_by_id`` would give them, in one query."""
    if count <= 0:
        return []
    sequence = sequence.sudo()   # like next_by_id: any user may draw numbers
    if sequence.implementation == "standard":
        cr = sequence.env.cr
        cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
                   ("ir_sequence_%03d" % sequence.id, count))
        numbers = [row[0] for row in cr.fetchall()]
    elif sequence.use_date_range:
        # date ranges pick a sub-sequence per date: the ORM's own path
        return [sequence._next() for _i in range(count)]
    else:
        cr = sequence.env.cr
        cr.execute("SELECT number_next FROM ir_sequence WHERE id = %s FOR UPDATE",
                   (sequence.id,))
        first = cr.fetchone()[0]
        cr.execute("UPDATE ir_sequence SET number_next = number_next + %s "
                   "WHERE id = %s", (sequence.number_increment * count, sequence.id))
        sequence.invalidate_cache(["number_next"], sequence.ids)
        numbers = [first + i * sequence.number_increment for i in range(count)]
    prefix, suffix = sequence._get_prefix_suffix()
    return ["%s%s%s" % (prefix, "%%0%sd" % sequence.padding % number, suffix)
            for number in numbers]


def _batch_defaults(model, names):
    """(shared defaults, names whose default is new for every record)."""
    first = model.default_get(list(names))
    second = model.default_get(list(names))
    per_record = {name for name in first if first.get(name) != second.get(name)}
    return first, per_record


def create(model, vals_list, prefetch=None, computed=()):
    """Create one record of ``model`` per dict of ``vals_list``; the recordset.

    Values as for ``create``; x2many values: many2many ``(6, 0, ids)`` and
    ``(4, id)`` commands only. ``prefetch``: the prefetch object the new
    records join (records of one batch read their fields together).

    ``computed``: names of stored computed fields whose values every dict
    gives, as the field's compute method would compute them (the caller has
    computed them set-based): they are stored as given and not recomputed
    on these records. Every field computed by the same method must be given
    too. Other stored computed fields are scheduled as ``create`` schedules
    them; run :func:`recompute` when the batch is complete.
    """
    if not vals_list:
        return model.browse(prefetch=prefetch)
    trusted = _trusted_fields(model, computed, vals_list)
    if model._inherits or model._parent_store:
        raise BulkUnsupported("%s: _inherits / _parent_store" % model._name)
    fields = model._fields
    missing = {name for name in fields if name not in MAGIC_COLUMNS
               and any(name not in vals for vals in vals_list)}
    defaults, per_record = _batch_defaults(model, missing) if missing else ({}, ())
    rows_vals = []
    for vals in vals_list:
        row = dict(defaults)
        for name in per_record:
            row[name] = model.default_get([name]).get(name)
        row.update(vals)
        rows_vals.append(row)

    # fields the model stores itself after the INSERT (encrypted columns)
    hook = getattr(model, "_ecom_bulk_deferred_fields", None)
    deferred = set(hook()) if hook else set()
    columns, m2m = [], []
    seen = set()
    for row in rows_vals:
        for name in row:
            if name in seen:
                continue
            seen.add(name)
            field = fields.get(name)
            if field is None or not field.store or name in MAGIC_COLUMNS \
                    or name in deferred:
                continue
            if field.type == "many2many":
                m2m.append(field)
            elif field.type == "one2many":
                raise BulkUnsupported("one2many %s" % name)
            elif field.column_type:
                if field.translate and model.env.lang not in (None, "en_US"):
                    # core would also store an ir.translation in the user's lang
                    raise BulkUnsupported("translated %s" % name)
                columns.append(field)
    for name, field in fields.items():
        if field.type == "boolean" and field.store and name not in seen \
                and name not in MAGIC_COLUMNS:
            columns.append(field)

    cr = model.env.cr
    cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
               (model._sequence, len(rows_vals)))
    ids = [row[0] for row in cr.fetchall()]
    empty = model.browse()
    values = []
    for rec_id, row in zip(ids, rows_vals):
        line = [rec_id]
        for field in columns:
            value = row.get(field.name, False if field.type == "boolean" else None)
            line.append(field.convert_to_column(value, empty, row)
                        if value is not None else None)
        if model._log_access:
            line += [model._uid, model._uid]
        values.append(line)
    names = ["id"] + [field.name for field in columns]
    template = ["%s"] * len(names)
    if model._log_access:
        names += ["create_uid", "write_uid", "create_date", "write_date"]
        template += ["%s", "%s", NOW, NOW]
    query = 'INSERT INTO "%s" (%s) VALUES %%s' % (
        model._table, ", ".join('"%s"' % name for name in names))
    execute_values(cr, query, values,
                   template="(%s)" % ", ".join(template), page_size=1000)

    for field in m2m:
        pairs = []
        for rec_id, row in zip(ids, rows_vals):
            linked = []
            for command in row.get(field.name) or ():
                if command[0] == 6:
                    linked = list(command[2])
                elif command[0] == 4:
                    linked.append(command[1])
                else:
                    raise BulkUnsupported(
                        "%s: (6, 0, ids) or (4, id) only" % field.name)
            pairs += [(rec_id, other) for other in dict.fromkeys(linked)]
        if pairs:
            execute_values(
                cr, 'INSERT INTO "%s" ("%s", "%s") VALUES %%s' % (
                    field.relation, field.column1, field.column2),
                pairs, page_size=1000)

    records = model.browse(ids, prefetch=prefetch)
    if deferred & seen:
        records._ecom_bulk_store([{name: row[name] for name in deferred if name in row}
                                  for row in rows_vals])
    records.modified(list(fields))
    for field in trusted:
        # given by the caller as the compute method would: not recomputed
        records._recompute_done(field)
    _cache_trusted(records, trusted, rows_vals)
    records._validate_fields(seen)
    return records


def _trusted_fields(model, computed, vals_list):
    """The fields of ``computed``, checked: stored, computed, given in every
    dict, with every field of the same compute method."""
    trusted = [model._fields[name] for name in computed]
    names = set(computed)
    for field in trusted:
        if not (field.store and field.compute):
            raise BulkUnsupported("%s.%s is not a stored computed field"
                                  % (model._name, field.name))
        siblings = {f.name for f in model._field_computed.get(field, [field])}
        if not siblings <= names:
            raise BulkUnsupported("%s: %s are computed together; give all"
                                  % (model._name, ", ".join(sorted(siblings))))
    if any(name not in vals for vals in vals_list for name in names):
        raise BulkUnsupported("%s: computed values missing" % model._name)
    return trusted


def _cache_trusted(records, trusted, rows_vals):
    """The given computed values, into the cache (as a compute would leave
    them): dependants computed later in the batch read them from here."""
    for rec, row in zip(records, rows_vals):
        rec._cache.update(rec._convert_to_cache(
            {field.name: row[field.name] for field in trusted}, validate=False))


def unchanged(records, names):
    """Drop the pending recomputation of the stored computed fields ``names``
    on ``records``: the caller knows the batch leaves their stored value as
    it is (e.g. new RFQ lines without moves or bills leave the bills and
    receipts of their draft orders unchanged). Say why at the call."""
    for name in names:
        records._recompute_done(records._fields[name])


def recompute(env, records=()):
    """``recompute()`` writing each group of computed fields with one UPDATE.

    Core's ``recompute`` computes a field for all pending records at once but
    then calls ``_write`` once per distinct value: for amounts, states and
    names of a batch that is one UPDATE (and two ``modified`` rounds) per
    record. Here all fields pending on the same records of a model are
    computed, then written with one ``UPDATE ... FROM (VALUES ...)`` and one
    ``modified`` call (the group's own fields protected, so they are not
    scheduled again on these records). Groups that ``_write`` must handle
    itself (translated or non-column fields) still go through it.

    ``records``: recordsets of the batch; they share one prefetch set, so a
    compute method that follows a link from one record (move -> picking)
    reads the field for all records of the batch at once, not one by one.
    (The intake runs this with ``prefetch_fields=False``: a read fetches the
    one column asked for, for all records of the batch, instead of every
    column of wide tables such as product.template and res.partner.)
    """
    prefetch = records[0]._prefetch if records else defaultdict(set)
    created = defaultdict(set)
    for recs in records:
        prefetch[recs._name].update(recs.ids)
        created[recs._name].update(recs.ids)
    while env.has_todo():
        # pending records join the batch's prefetch set: a compute that reads
        # another pending field computes it on all its records in one go;
        # and they read one column at a time (prefetch_fields=False), not
        # every column of every record they touch
        todo = env.all.todo
        for pending_field in list(todo):
            todo[pending_field] = [
                r.with_context(prefetch_fields=False).with_prefetch(prefetch)
                for r in todo[pending_field]]
        field, recs = env.get_todo()
        model = env[field.model_name]
        prefetch[recs._name].update(recs.ids)
        recs = recs.with_prefetch(prefetch)
        computed = _pending_group(env, field, recs)
        cache = env.cache
        for group_field in computed:
            # compute into the cache on these records (the records core would
            # compute on, the todo set, have a prefetch set of their own); a
            # method computing several fields runs once
            if group_field.store and group_field.compute and not all(
                    cache.contains(rec, group_field) for rec in recs):
                group_field.compute_value(recs)
        names = [f.name for f in computed if f.store]
        rows = []
        for rec in recs:
            try:
                vals = rec._convert_to_write({name: rec[name] for name in names})
            except MissingError:
                continue
            rows.append((rec, vals))
        plain = all(model._fields[name].column_type
                    and not model._fields[name].translate for name in names)
        for computed_field in computed:
            recs._recompute_done(computed_field)
        with recs.env.norecompute():
            if plain and rows:
                with env.protecting(computed, recs):
                    _update_rows(model, names, rows,
                                 fresh=set(recs.ids) <= created[model._name])
            else:
                for rec, vals in rows:
                    rec._write(dict(vals))


def write(records, name, values):
    """Write ``values`` (one per record of ``records``, in order) into the
    column of field ``name``: one UPDATE, with what ``_write`` does around it
    (``modified`` before and after, write date and user)."""
    if records:
        _update_rows(records, [name], [
            (rec, {name: value}) for rec, value in zip(records, values)])


def update(records, rows):
    """Write a dict of column values per record (``rows``, in the order of
    ``records``, every dict with the same keys): one UPDATE for all, with
    ``modified`` before and after, the write date and user, and the written
    values in the cache. Plain stored columns only (no x2many, no
    translated field): :class:`BulkUnsupported` otherwise."""
    if not records:
        return
    names = list(rows[0])
    for name in names:
        field = records._fields[name]
        if not field.store or not field.column_type or field.translate:
            raise BulkUnsupported("%s.%s: not a plain column" % (records._name, name))
    _update_rows(records, names, list(zip(records, rows)))


def increment(records, name, deltas):
    """Add ``deltas`` (one per record, in order) to the numeric column of
    field ``name`` in one UPDATE (``col = col + delta``: safe against a
    concurrent increment of the same row), with the write date and user,
    ``modified`` and the cache dropped for that column."""
    if not records:
        return
    model = records.browse()
    extra = ", write_uid = %d, write_date = %s" % (int(model._uid), NOW) \
        if model._log_access else ""
    execute_values(
        model.env.cr,
        'UPDATE "%s" AS t SET "%s" = COALESCE(t."%s", 0) + v.delta%s '
        'FROM (VALUES %%s) AS v(id, delta) WHERE t.id = v.id' % (
            model._table, name, name, extra),
        list(zip(records.ids, deltas)), template="(%s, %s::numeric)")
    records.invalidate_cache([name], records.ids)
    records.modified([name])


def insert_rows(model, rows, returning=True):
    """INSERT ``rows`` (dicts of column values, already as the database stores
    them, every dict with the same keys) into ``model``'s table; the new ids.

    For models whose ``create`` cannot be reproduced row by row (a parent
    store numbered by the caller afterwards): nothing is computed, no default
    is read; ``create_uid``/``write_uid`` and the dates are set, the model's
    cache is invalidated. The caller owns the meaning of the columns.
    """
    if not rows:
        return []
    columns = sorted(rows[0])
    names = list(columns)
    template = ["%s"] * len(columns)
    if model._log_access:
        names += ["create_uid", "write_uid", "create_date", "write_date"]
        template += ["%s", "%s", NOW, NOW]
    values = [[row[column] for column in columns] +
              ([model._uid, model._uid] if model._log_access else [])
              for row in rows]
    query = 'INSERT INTO "%s" (%s) VALUES %%s%s' % (
        model._table, ", ".join('"%s"' % name for name in names),
        " RETURNING id" if returning else "")
    fetched = execute_values(model.env.cr, query, values,
                             template="(%s)" % ", ".join(template),
                             page_size=len(values), fetch=returning)
    model.invalidate_cache()
    return [row[0] for row in fetched] if returning else []


def _pending_group(env, field, recs):
    """The fields pending on exactly ``recs`` in ``field``'s model (with the
    fields computed by the same methods): written with one UPDATE."""
    model = env[field.model_name]
    ids = set(recs.ids)
    group = list(model._field_computed[field])
    for other, pending in list(env.all.todo.items()):
        if other.model_name != model._name or other in group:
            continue
        if any(r.env == recs.env and set(r.ids) == ids for r in pending):
            group += [f for f in model._field_computed[other] if f not in group]
    return group


def _update_rows(model, names, rows, fresh=False):
    """One UPDATE of ``names`` for every (record, values) of ``rows``.

    ``_write`` calls ``modified`` before its UPDATE too, for the records that
    depended on the old values. ``fresh``: all records were created by the
    batch (:func:`create`), so they have no old values and the call after the
    UPDATE is enough.
    """
    records = model.browse([rec.id for rec, _vals in rows])
    extra = ["write_date", "write_uid"] if model._log_access else []
    if not fresh:
        records.modified(names + extra)
    fields = [model._fields[name] for name in names]
    values = []
    for rec, vals in rows:
        line = [rec.id]
        for field in fields:
            value = field.convert_to_column(vals[field.name], rec, vals)
            line.append(value)
        values.append(line)
    assignments = ", ".join('"%s" = v."%s"' % (name, name) for name in names)
    if extra:
        assignments += ", write_uid = %d, write_date = %s" % (int(model._uid), NOW)
    # column types for the VALUES list: NULLs in the first row would be text
    casts = ", ".join("%%s::%s" % _sql_type(field) for field in fields)
    execute_values(
        model.env.cr,
        'UPDATE "%s" AS t SET %s FROM (VALUES %%s) AS v(id, %s) WHERE t.id = v.id' % (
            model._table, assignments, ", ".join('"%s"' % name for name in names)),
        values, template="(%%s, %s)" % casts, page_size=1000)
    records.modified(names + extra)
    # the values just stored, back into the cache (modified() dropped them):
    # computes of dependent fields read them from here, not row by row
    for rec, vals in rows:
        rec._cache.update(rec._convert_to_cache(vals, validate=False))


def _sql_type(field):
    column_type = field.column_type[1]
    return column_type.split("(")[0] if column_type.startswith("VARCHAR") \
        else column_type


#: Field types whose column value ``convert_to_cache`` turns into the cache
#: value without other records or attachments (x2many, binary, reference,
#: html sanitising and company-dependent properties are left to the ORM).
_PLAIN_READ_TYPES = frozenset(["char", "text", "selection", "integer", "float",
                               "monetary", "boolean", "many2one", "date",
                               "datetime"])


def read_stored(model, ids, names, page=2000):
    """``model.browse(ids).read(names, load='')`` of stored plain columns, in
    the order of ``ids`` (missing ids left out), or ``None`` when a field is
    not a plain stored column (see ``_PLAIN_READ_TYPES``; translated,
    company-dependent, or stored by the model itself: encrypted) and the
    caller must read through the ORM.

    Why: ``read`` of a few thousand rows goes through the record cache (a
    cache write and read per value, the prefetch bookkeeping) for rows read
    once; here each value goes through the field's own conversions
    (``convert_to_cache`` without validation, ``convert_to_record``,
    ``convert_to_read``), as ``read`` does. No access rules and no record
    rules are applied: for callers that would read with ``sudo()``; say why
    at the call.
    """
    fields = model._fields
    hook = getattr(model, "_ecom_bulk_deferred_fields", None)
    deferred = set(hook()) if hook else set()
    columns = []
    for name in names:
        field = fields.get(name)
        if field is None or not field.store or not field.column_type \
                or field.type not in _PLAIN_READ_TYPES or field.translate \
                or field.company_dependent or name in deferred:
            return None
        columns.append(field)
    cr = model.env.cr
    # column and table names from the model's own fields, not user input
    query = 'SELECT id%s FROM "%s" WHERE id = ANY(%%s)' % (
        "".join(', "%s"' % field.name for field in columns), model._table)
    by_id = {}
    ids = list(ids)
    for start in range(0, len(ids), page):
        cr.execute(query, [ids[start:start + page]])  # pylint: disable=sql-injection
        for row in cr.fetchall():
            values = {"id": row[0]}
            for field, raw in zip(columns, row[1:]):
                value = field.convert_to_cache(raw, model, validate=False)
                value = field.convert_to_record(value, model)
                values[field.name] = field.convert_to_read(value, model,
                                                           use_name_get=False)
            by_id[row[0]] = values
    return [by_id[record_id] for record_id in ids if record_id in by_id]
