"""res.partner contact fields encrypted at rest.

Why methods and not a custom field class: another add-on redefining
``email = fields.Char(...)`` (to add groups, tracking...) would silently
replace a custom field class; method overrides survive any such redefinition.

- ``_create``: the record id (part of the associated data) is known only after
  the INSERT, so the encrypted fields are left out of it and written by one
  UPDATE right after, in the same transaction (plaintext never reaches SQL).
- ``_write``: one UPDATE ... FROM (VALUES ...) for all records, each value
  encrypted with its own record id.
- ``_read_from_database``: Odoo reads the other columns; the encrypted ones
  are read by one more query (same record rules), decrypted in a batch per
  field and put in the cache as plaintext (ciphertext never enters it).
- search: see models/base.py (domain terms go through the blind index).
"""
import logging
import os
import threading

from psycopg2.extras import execute_values

from odoo import api, fields, models, tools

from .. import exceptions
from ..services import crypto, keyring

_logger = logging.getLogger(__name__)

ENCRYPTED_FIELDS = ("email", "phone", "mobile", "street", "street2", "vat")
# set while a prefetch runs again without the encrypted columns (keys unusable)
_WITHOUT_ENCRYPTED = threading.local()
BIDX = {name: "%s_bidx" % name for name in ENCRYPTED_FIELDS}
MODEL = "res.partner"


def get_keys(field=None, model=MODEL):
    """(Cipher, BlindIndex) from odoo.conf / environment; UserError if unusable
    (naming ``model.field`` when given)."""
    try:
        return keyring.load(tools.config, os.environ)
    except crypto.KeyConfigError as exc:
        raise exceptions.key_error(str(exc), field and "%s.%s" % (model, field))


def _bidx_field(name):
    return fields.Char(
        string="%s blind index" % name, index=True, copy=False, prefetch=False,
        readonly=True, groups="base.group_system",
        help="HMAC-SHA256 of the normalised value, for exact search")


def _unescape_like(pattern):
    """LIKE pattern -> literal text, or None when it holds a '%' wildcard.

    An unescaped '_' is taken literally (e-mail addresses contain it and
    callers using =ilike mean equality).
    """
    out = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(next(chars, "\\"))
        elif char == "%":
            return None
        else:
            out.append(char)
    return "".join(out)


class ResPartner(models.Model):
    _inherit = "res.partner"

    email_bidx = _bidx_field("E-mail")
    phone_bidx = _bidx_field("Phone")
    mobile_bidx = _bidx_field("Mobile")
    street_bidx = _bidx_field("Street")
    street2_bidx = _bidx_field("Street 2")
    vat_bidx = _bidx_field("Tax ID")

    # --- CRUD -----------------------------------------------------------------

    @api.model
    def _create(self, vals):
        names = [name for name in ENCRYPTED_FIELDS if name in vals]
        if not names:
            return super(ResPartner, self)._create(vals)
        get_keys(names[0])  # fail before the INSERT, not after
        rest = {key: val for key, val in vals.items() if key not in names}
        new_id = super(ResPartner, self)._create(rest)
        record = self.browse(new_id)
        encrypted = {name: vals[name] for name in names}
        if any(encrypted.values()):
            record._ecom_store(encrypted)
        record._ecom_after_store(names)
        return new_id

    @api.multi
    def _write(self, vals):
        names = [name for name in ENCRYPTED_FIELDS if name in vals]
        if not names or not self:
            return super(ResPartner, self)._write(vals)
        get_keys(names[0])
        self.check_field_access_rights("write", names)
        rest = {key: val for key, val in vals.items() if key not in names}
        # also checks the record rules and that the records exist
        result = super(ResPartner, self)._write(rest)
        self._ecom_store({name: vals[name] for name in names})
        self._ecom_after_store(names)
        return result

    @api.model
    def _ecom_bulk_deferred_fields(self):
        """Fields a set-based insert (ecom_channel's intake) must leave out of
        its INSERT and hand to ``_ecom_bulk_store``."""
        return ENCRYPTED_FIELDS

    @api.multi
    def _ecom_bulk_store(self, rows):
        """Encrypt and store ``rows`` ([{field: plaintext}], one per record of
        self, in order) right after a set-based INSERT of these records.

        Recomputation is left to the caller, which recomputes the batch once.
        """
        names = sorted({name for row in rows for name in row
                        if name in ENCRYPTED_FIELDS})
        if not names:
            return
        cipher, index = get_keys(names[0])
        cc = self._ecom_default_region()
        out = []
        for rec_id, row in zip(self.ids, rows):
            line = [rec_id]
            for name in names:
                value = self._fields[name].convert_to_cache(
                    row.get(name), self) or None
                line.append(cipher.encrypt(value, MODEL, name, rec_id))
                line.append(index.token(name, value, cc) if value else None)
            out.append(line)
        self._ecom_update_rows(names, out)
        self.invalidate_cache(names + [BIDX[name] for name in names], self.ids)
        self.modified(names)
        self._validate_fields(names)

    def _ecom_after_store(self, names):
        self.invalidate_cache(names + [BIDX[name] for name in names], self.ids)
        self.modified(names)
        self._validate_fields(names)
        if self.env.recompute and self._context.get("recompute", True):
            self.recompute()

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=None):
        names = [name for name in field_names if name in ENCRYPTED_FIELDS]
        if not names or not self:
            return super(ResPartner, self)._read_from_database(
                field_names, inherited_field_names or [])
        if getattr(_WITHOUT_ENCRYPTED, "on", False):
            # prefetch without usable keys (see _prefetch_field): the other
            # columns, and placeholders the caller drops right after
            super(ResPartner, self)._read_from_database(
                [name for name in field_names if name not in ENCRYPTED_FIELDS],
                inherited_field_names or [])
            cache = self.env.cache
            for name in names:
                for record in self:
                    cache.set(record, self._fields[name], False)
            return None
        get_keys(names[0])  # fail before reading anything
        super(ResPartner, self)._read_from_database(
            [name for name in field_names if name not in ENCRYPTED_FIELDS],
            inherited_field_names or [])
        return self._ecom_read_decrypted(names)

    def _prefetch_field(self, field):
        """With the keys missing or wrong, reading a field that is not
        encrypted (a partner's name on a sale order list) still works.

        Odoo prefetches every column of the model with the field asked for,
        the encrypted ones included; when decrypting them fails, the fetch is
        done again without them (placeholders in the cache, dropped right
        after, so that reading an encrypted field itself still raises the
        error naming the option or the record that does not decrypt).
        """
        if field.name in ENCRYPTED_FIELDS or getattr(_WITHOUT_ENCRYPTED, "on", False):
            return super(ResPartner, self)._prefetch_field(field)
        try:
            return super(ResPartner, self)._prefetch_field(field)
        except (exceptions.KeyUnusable, exceptions.DecryptFailed):
            _WITHOUT_ENCRYPTED.on = True
            try:
                result = super(ResPartner, self)._prefetch_field(field)
            finally:
                _WITHOUT_ENCRYPTED.on = False
                self.invalidate_cache(list(ENCRYPTED_FIELDS))
            return result

    # --- storage ----------------------------------------------------------------

    @api.model
    def _ecom_default_region(self):
        """Country (ISO code, e.g. ``CN``) whose national phone numbers are
        understood without a ``+``: the main company's country."""
        # xmlid lookup is ormcached; env.ref() would add an exists() query
        company_id = self.env["ir.model.data"].xmlid_to_res_id(
            "base.main_company", raise_if_not_found=False)
        # sudo: only the main company's country code is read (public data),
        # so that every user normalises phone numbers the same way.
        company = self.env["res.company"].sudo().browse(company_id)
        return (company.country_id.code or "") if company_id else ""

    def _ecom_store(self, values):
        """Encrypt ``values`` ({field: plaintext}) for every record of self."""
        cipher, index = get_keys(sorted(values)[0])
        cc = self._ecom_default_region()
        names = sorted(values)
        plain = {}
        for name in names:
            value = self._fields[name].convert_to_cache(values[name], self)
            plain[name] = value or None
        rows = []
        for rec_id in self.ids:
            row = [rec_id]
            for name in names:
                value = plain[name]
                row.append(cipher.encrypt(value, MODEL, name, rec_id))
                row.append(index.token(name, value, cc) if value else None)
            rows.append(row)
        self._ecom_update_rows(names, rows)

    def _ecom_update_rows(self, names, rows):
        """rows: [id, name1, name1_bidx, name2, ...] -> one UPDATE per 1000 rows."""
        if not rows:
            return
        cols = []
        for name in names:
            cols += [name, BIDX[name]]
        query = 'UPDATE "res_partner" AS t SET %s FROM (VALUES %%s) AS v(id, %s) ' \
            "WHERE t.id = v.id" % (
                ", ".join('"%s" = v."%s"' % (col, col) for col in cols),
                ", ".join('"%s"' % col for col in cols))
        # execute_values needs the psycopg2 cursor; values are ciphertext only
        execute_values(self._cr._obj, query, rows, page_size=1000)

    # --- migration and rotation ---------------------------------------------------

    def _ecom_pending_where(self, cipher, index, reindex=False):
        """SQL condition (and params) of rows not yet on the active keys."""
        if reindex:
            return "TRUE", []
        data_prefix = "%s%s:" % (crypto.PREFIX, cipher.active_kid)
        index_prefix = "%s:" % index.active_kid
        conds, params = [], []
        for name in ENCRYPTED_FIELDS:
            bidx = BIDX[name]
            conds.append(
                '("{f}" IS NOT NULL AND (left("{f}", %s) <> %s OR "{b}" IS NULL '
                'OR left("{b}", %s) <> %s))'.format(f=name, b=bidx))
            params += [len(data_prefix), data_prefix, len(index_prefix), index_prefix]
        return " OR ".join(conds), params

    @api.model
    def _ecom_pending_count(self, reindex=False):
        cipher, index = get_keys()
        where, params = self._ecom_pending_where(cipher, index, reindex)
        self._cr.execute("SELECT count(*) FROM res_partner WHERE %s" % where, params)
        return self._cr.fetchone()[0]

    @api.model
    def _ecom_reencrypt_batch(self, after_id=0, batch_size=1000, reindex=False):
        """Bring up to ``batch_size`` rows with id > after_id onto the active keys.

        Encrypts legacy plaintext, re-encrypts values of older keys, rebuilds
        blind-index tokens of older index keys. Returns (rows, last id) with
        last id None when nothing is left after ``after_id``. Idempotent:
        rerunning after an interruption picks up the rows not yet done.
        """
        cipher, index = get_keys()
        cc = self._ecom_default_region()
        where, params = self._ecom_pending_where(cipher, index, reindex)
        cols = ", ".join('"%s"' % name for name in ENCRYPTED_FIELDS)
        self._cr.execute(
            "SELECT id, %s FROM res_partner WHERE id > %%s AND (%s) "
            "ORDER BY id LIMIT %%s" % (cols, where),
            [after_id] + params + [batch_size])
        fetched = self._cr.fetchall()
        if not fetched:
            return 0, None
        rows = []
        for record in fetched:
            rec_id = record[0]
            row = [rec_id]
            for name, stored in zip(ENCRYPTED_FIELDS, record[1:]):
                try:
                    value = cipher.decrypt(stored, MODEL, name, rec_id)
                except crypto.DecryptionError as exc:
                    raise exceptions.decrypt_error(str(exc))
                row.append(cipher.encrypt(value, MODEL, name, rec_id))
                row.append(index.token(name, value, cc) if value else None)
            rows.append(row)
        self._ecom_update_rows(list(ENCRYPTED_FIELDS), rows)
        self.invalidate_cache(
            list(ENCRYPTED_FIELDS) + list(BIDX.values()), [row[0] for row in rows])
        return len(rows), fetched[-1][0]

    @api.model
    def _ecom_reencrypt_all(self, batch_size=1000, reindex=False, commit=False,
                            progress=None):
        """Loop of _ecom_reencrypt_batch; ``commit`` after each batch (resumable)."""
        total = self._ecom_pending_count(reindex)
        done, last_id = 0, 0
        while True:
            count, last_id = self._ecom_reencrypt_batch(last_id, batch_size, reindex)
            if last_id is None:
                break
            done += count
            if commit:
                # the rotate-keys command: each batch is durable, so a killed
                # run resumes where it stopped (never used inside a request)
                self._cr.commit()  # pylint: disable=invalid-commit
            if progress:
                progress(done, total, last_id)
        return done

    @api.model
    def _ecom_reindex_resumable(self, batch_size=2000, commit=True):
        """Rebuild every row's blind index (after the normalisation changed:
        11.0.1.1.0 indexes phones as E.164 with the company's country as
        default region), committing per batch with progress in the log.

        Resumable: the last id done is kept in the system parameter
        ``ecom_partner_encryption.reindex_after_id`` until the pass ends, so
        an interrupted upgrade continues where it stopped.
        """
        params = self.env["ir.config_parameter"].sudo()
        param = "ecom_partner_encryption.reindex_after_id"
        last_id = int(params.get_param(param, "0") or 0)
        self._cr.execute("SELECT count(*) FROM res_partner WHERE id > %s", [last_id])
        total = self._cr.fetchone()[0]
        if last_id:
            _logger.info("ecom_partner_encryption: re-index resumes after id %d",
                         last_id)
        done = 0
        while True:
            count, next_id = self._ecom_reencrypt_batch(last_id, batch_size, True)
            if next_id is None:
                break
            done += count
            last_id = next_id
            params.set_param(param, str(last_id))
            if commit:
                # each batch durable: a killed upgrade resumes from the parameter
                self._cr.commit()  # pylint: disable=invalid-commit
            _logger.info("ecom_partner_encryption: re-indexed %d/%d partners "
                         "(last id %d)", done, total, last_id)
        params.search([("key", "=", param)]).unlink()
        _logger.info("ecom_partner_encryption: re-index done, %d partners", done)
        return done

    # --- search -------------------------------------------------------------------

    @api.model
    def _ecom_search_terms(self, path, bidx_path, name, operator, value):
        """Domain (prefix notation) replacing one term on an encrypted field."""
        op = (operator or "").lower()
        if op in ("=", "!=") and (value is False or value is None):
            return [(path, operator, value)]
        if op in ("=like", "=ilike"):
            # exact match unless a real wildcard: callers (mail) escape \\ % _
            literal = _unescape_like(value) if isinstance(value, str) else None
            if literal is None:
                raise exceptions.unsupported_operator(name, operator)
            op, value = "=", literal
        elif op == "ilike" and name == "email" and isinstance(value, str) \
                and value.startswith("<") and value.endswith(">"):
            # core mail looks up '<addr>' inside 'Name <addr>' values: the
            # blind index only knows whole addresses, so match the address
            literal = _unescape_like(value[1:-1])
            if literal is None:
                raise exceptions.unsupported_operator(name, operator)
            op, value = "=", literal
        if op in ("=", "!="):
            values, positive = [value], op == "="
        elif op in ("in", "not in"):
            values = list(value) if isinstance(value, (list, tuple, set)) else [value]
            positive = op == "in"
        else:
            raise exceptions.unsupported_operator(name, operator)
        index = get_keys(name)[1]
        cc = self._ecom_default_region()
        tokens = []
        has_empty = False
        for item in values:
            if item is False or item is None or item == "":
                has_empty = True
            else:
                tokens += index.tokens(name, "%s" % (item,), cc)
        if positive:
            domain = [(bidx_path, "in", tokens)]
            if has_empty:
                domain = ["|", (path, "=", False)] + domain
        else:
            domain = [(bidx_path, "not in", tokens)]
            if has_empty:
                domain = ["&", (path, "!=", False)] + domain
        return domain

    @api.model
    def _ecom_exact_domain(self, name):
        """OR of exact matches of ``name`` on e-mail, phone, mobile and VAT."""
        text = (name or "").strip()
        terms = []
        if "@" in text:
            terms.append(("email", "=", text))
        digits = sum(ch.isdigit() for ch in text)
        if digits >= 4 and all(ch.isdigit() or ch in " +-()./" for ch in text):
            terms += [("phone", "=", text), ("mobile", "=", text)]
        if len(text) >= 4 and "@" not in text:
            terms.append(("vat", "=", text))
        return ["|"] * (len(terms) - 1) + terms if terms else []

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Name/reference as usual, plus exact e-mail, phone and VAT matches.

        The core implementation matches e-mail and VAT with ILIKE in raw SQL,
        which on ciphertext finds nothing useful (or random hits).
        """
        if not name or operator not in ("=", "ilike", "=ilike", "like", "=like"):
            return super(ResPartner, self).name_search(
                name, args=args, operator=operator, limit=limit)
        domain = ["|", ("display_name", operator, name), ("ref", operator, name)]
        exact = self._ecom_exact_domain(name)
        if exact:
            domain = ["|"] + domain + exact
        ids = self._search(list(args or []) + domain, limit=limit)
        return self.browse(ids).name_get()

    @api.model
    def get_mention_suggestions(self, search, limit=8):
        """mail's @-mention lookup: name with ilike, e-mail exactly."""
        search_dom = ["|", ("name", "ilike", search), ("email", "=", search)]
        fields_ = ["id", "name", "email"]
        users = self.search_read(
            [("user_ids.id", "!=", False)] + search_dom, fields_, limit=limit)
        partners = []
        if len(users) < limit:
            user_ids = {user["id"] for user in users}
            partners = [
                partner
                for partner in self.search_read(search_dom, fields_, limit=limit)
                if partner["id"] not in user_ids]
        return [users, partners]
