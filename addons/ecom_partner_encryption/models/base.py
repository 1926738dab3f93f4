"""Every model: searches on encrypted partner fields go through the blind index.

Covers ``res.partner`` itself, models inheriting it (``res.users.email``) and
dotted paths from any model (``('partner_id.email', '=', x)``).
"""
from odoo import api, models
from odoo.osv.query import Query

from .. import exceptions
from ..services import crypto
from .res_partner import BIDX, ENCRYPTED_FIELDS, MODEL, get_keys


def _is_encrypted_leaf(term):
    return (isinstance(term, (list, tuple)) and len(term) == 3
            and isinstance(term[0], str)
            and term[0].rpartition(".")[2] in ENCRYPTED_FIELDS)


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and any(_is_encrypted_leaf(term) for term in domain):
            domain = self._ecom_rewrite_domain(domain)
        return super(Base, self)._where_calc(domain, active_test=active_test)

    @api.model
    def _ecom_encrypted_target(self, path):
        """Field name when ``path`` ends on an encrypted partner field."""
        model = self
        parts = path.split(".")
        for part in parts[:-1]:
            field = model._fields.get(part)
            if field is None or not field.relational:
                return None
            model = self.env[field.comodel_name]
        field = model._fields.get(parts[-1])
        if field is None:
            return None
        base = field.related_field if field.inherited else field
        if base.model_name == MODEL and base.name in ENCRYPTED_FIELDS \
                and BIDX[base.name] in model._fields:
            return base.name
        return None

    @api.model
    def _ecom_rewrite_domain(self, domain):
        partner = self.env[MODEL]
        result = []
        for term in domain:
            name = _is_encrypted_leaf(term) and self._ecom_encrypted_target(term[0])
            if not name:
                result.append(term)
                continue
            path, operator, value = term
            bidx_path = path.rpartition(".")[0]
            bidx_path = (bidx_path + "." if bidx_path else "") + BIDX[name]
            result += partner._ecom_search_terms(path, bidx_path, name, operator, value)
        return result

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=None):
        # Models inheriting res.partner (res.users) would read the partner
        # columns through a join, as ciphertext: leave them to the related
        # field, which reads (and decrypts) them on res.partner.
        if inherited_field_names and MODEL in self._inherits:
            inherited_field_names = [
                name for name in inherited_field_names
                if name not in ENCRYPTED_FIELDS]
        return super(Base, self)._read_from_database(
            field_names, inherited_field_names or [])

    def _ecom_read_decrypted(self, names):
        """Read the encrypted columns ``names`` of ``self`` and put their
        plaintext in the cache, as ``_read_from_database`` does with columns
        (any model: res.partner here, outgoing e-mails and payment
        transactions in ecom_pii_guard_encryption).

        One query with the same record rules as Odoo's read (records a rule
        hides are not fetched; Odoo's read, just done, marked them failed),
        one batch per field (:meth:`crypto.Cipher.decrypt_column`), values
        stored in the cache's own dicts (Odoo 11 ``api.Cache._data[field]
        [id][key]``; the key does not depend on the record, see
        ``Field.cache_key``). Ciphertext never enters the cache, and the
        ORM's per-value conversion of it, thrown away right after, is not
        paid: this is the read path of every partner list."""
        cipher = get_keys(names[0], model=self._name)[0]
        cr = self._cr
        param_ids = object()
        query = Query(['"%s"' % self._table], ['"%s".id IN %%s' % self._table],
                      [param_ids])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        # column names are constants declared by the encrypting models
        query_str = "SELECT %s FROM %s WHERE %s" % (
            ", ".join('"%s"."%s"' % (self._table, name) for name in ["id"] + names),
            from_clause, where_clause)
        rows = []
        param_pos = params.index(param_ids)
        for sub_ids in cr.split_for_in_conditions(self.ids):
            params[param_pos] = tuple(sub_ids)
            cr.execute(query_str, params)  # pylint: disable=sql-injection
            rows += cr.fetchall()
        if not rows:
            return
        ids = [row[0] for row in rows]
        data = self.env.cache._data
        for index, name in enumerate(names, 1):
            try:
                plains = cipher.decrypt_column(
                    self._name, name, ids, [row[index] for row in rows])
            except crypto.DecryptionError as exc:
                raise exceptions.decrypt_error(str(exc))
            field = self._fields[name]
            key = field.cache_key(self)
            by_id = data[field]
            for rec_id, plain in zip(ids, plains):
                by_id[rec_id][key] = plain or False
