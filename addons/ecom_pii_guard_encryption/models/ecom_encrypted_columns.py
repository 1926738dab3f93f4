"""Own text columns of a model stored encrypted with the partner keys.

The same storage as ``ecom_partner_encryption``'s partner fields, for copies
of customer data on other models (``_ecom_encrypted_columns``): ciphertext
``ecg1:<kid>:...`` in the table, associated data bound to model, field and
record id, plaintext for the ORM and its callers. No blind index: these
columns are not searched by value.

- ``_create``: the record id (part of the associated data) is known only
  after the INSERT, so the columns are left out of it and written by one
  UPDATE right after, in the same transaction (plaintext never reaches SQL).
- ``_write``: one UPDATE ... FROM (VALUES ...) for all records.
- ``_read_from_database``: Odoo reads the other columns; these ones by one
  more query under the same record rules, decrypted in one batch per column
  (``_ecom_read_decrypted`` on every model, from ecom_partner_encryption).
- search: only "set / not set"; anything else would compare ciphertext.
"""
from odoo import api, models
from odoo.addons.ecom_partner_encryption import exceptions
from odoo.addons.ecom_partner_encryption.models.res_partner import get_keys
from odoo.addons.ecom_partner_encryption.services import columns


class EcomEncryptedColumns(models.AbstractModel):
    _name = "ecom.encrypted.columns"
    _description = "Columns encrypted at rest (mixin)"

    #: the model's own stored text columns kept encrypted
    _ecom_encrypted_columns = ()

    # --- CRUD -----------------------------------------------------------------

    @api.model
    def _create(self, vals):
        names = [name for name in self._ecom_encrypted_columns if name in vals]
        if not names:
            return super()._create(vals)
        cipher = get_keys(names[0], model=self._name)[0]  # before the INSERT
        new_id = super()._create(
            {key: val for key, val in vals.items() if key not in names})
        self.browse(new_id)._ecom_columns_store(
            cipher, {name: vals[name] for name in names})
        return new_id

    @api.multi
    def _write(self, vals):
        names = [name for name in self._ecom_encrypted_columns if name in vals]
        if not names or not self:
            return super()._write(vals)
        cipher = get_keys(names[0], model=self._name)[0]
        self.check_field_access_rights("write", names)
        rest = {key: val for key, val in vals.items() if key not in names}
        if not rest and not self._log_access:
            self.check_access_rule("write")
        # with write_date/write_uid, also checks the record rules and that
        # the records exist
        result = super()._write(rest)
        self._ecom_columns_store(cipher, {name: vals[name] for name in names})
        return result

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=None):
        names = [name for name in field_names if name in self._ecom_encrypted_columns]
        if not names or not self:
            return super()._read_from_database(
                field_names, inherited_field_names or [])
        get_keys(names[0], model=self._name)  # fail before reading anything
        super()._read_from_database(
            [name for name in field_names if name not in names],
            inherited_field_names or [])
        return self._ecom_read_decrypted(names)

    @api.model
    def _where_calc(self, domain, active_test=True):
        for term in domain or ():
            if isinstance(term, (list, tuple)) and len(term) == 3 \
                    and term[0] in self._ecom_encrypted_columns \
                    and not (term[1] in ("=", "!=") and not term[2]):
                raise exceptions.unsearchable(
                    "%s.%s" % (self._name, term[0]), term[1])
        return super()._where_calc(domain, active_test=active_test)

    # --- storage ----------------------------------------------------------------

    def _ecom_columns_store(self, cipher, values):
        """Encrypt ``values`` ({column: plaintext}) for every record of self."""
        names = sorted(values)
        plain = [self._fields[name].convert_to_cache(values[name], self) or None
                 for name in names]
        columns.update_rows(self._cr, self._table, names, [
            [rec_id] + [cipher.encrypt(value, self._name, name, rec_id)
                        for name, value in zip(names, plain)]
            for rec_id in self.ids])
        self.invalidate_cache(names, self.ids)
        self.modified(names)
        self._validate_fields(names)
        if self.env.recompute and self._context.get("recompute", True):
            self.recompute()

    # --- migration and rotation ---------------------------------------------------

    @api.model
    def _ecom_columns_pending_count(self, rewrite_all=False):
        """Rows with a value not yet under the active key."""
        where, params = columns.pending_where(
            get_keys(model=self._name)[0], self._ecom_encrypted_columns, rewrite_all)
        return columns.count(self._cr, self._table, where, params)

    @api.model
    def _ecom_columns_reencrypt_all(self, batch_size=1000, rewrite_all=False,
                                    commit=False, progress=None):
        """Encrypt legacy plaintext and re-encrypt older keys, in batches
        (install and ``scripts/keys.py rotate``; resumable)."""
        cipher = get_keys(model=self._name)[0]
        names = list(self._ecom_encrypted_columns)
        where, params = columns.pending_where(cipher, names, rewrite_all)
        done = columns.rewrite_all(
            self._cr, self._table, names, where, params,
            columns.reencrypting(cipher, self._name, names),
            batch_size=batch_size, commit=commit, progress=progress)
        self.invalidate_cache(names)
        return done

    @api.model
    def _ecom_columns_decrypt_all(self, batch_size=1000):
        """Write the plaintext back (uninstall), in batches."""
        cipher = get_keys(model=self._name)[0]
        names = list(self._ecom_encrypted_columns)
        where, params = columns.encrypted_where(names)
        done = columns.rewrite_all(
            self._cr, self._table, names, where, params,
            columns.decrypting(cipher, self._name, names), batch_size=batch_size)
        self.invalidate_cache(names)
        return done
