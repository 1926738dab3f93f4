"""Customers named in free text: which partners a document is about, and a masker.

Chatter (``mail_message.py``) and printed reports (``ir_actions_report_masking.py``)
both hold text written or assembled outside the fields the ORM masks. They ask
here for the protected partners of their documents and get a
:class:`~..services.pii_text.TextMasker` over those partners' values. Set-based:
a handful of queries for a whole list of documents, whatever its length.
"""
from collections import defaultdict

from odoo import api, models

from ..services.pii_text import FIELDS_BY_LEVEL, TextMasker

#: Extra links from a document to the people it concerns, beyond its own
#: many2one fields to res.partner: (model, SQL returning (document id, partner id)).
EXTRA_PARTNER_QUERIES = {
    "stock.picking": "SELECT picking_id, partner_id FROM stock_move"
                     " WHERE picking_id IN %s AND partner_id IS NOT NULL",
}


class EcomPiiText(models.AbstractModel):
    _name = "ecom.pii.text"
    _description = "Customers named in free text (chatter, notes, reports)"

    @api.model
    def _ecom_partner_columns(self, model):
        """Stored many2one columns of ``model`` that point to res.partner."""
        Model = self.env[model]
        return sorted(
            name for name, field in Model._fields.items()
            if field.type == "many2one" and field.comodel_name == "res.partner"
            and field.store and field.column_type)

    @api.model
    def _ecom_document_partner_ids(self, documents):
        """Partners the documents ``[(model, id), ...]`` are about, with their
        commercial entity and its other contacts (a delivery contact often
        bears the buyer's name). Plain SQL over non-personal columns: ids only.
        """
        by_model = defaultdict(set)
        for model, res_id in documents:
            if model and isinstance(res_id, int) and res_id:
                by_model[model].add(res_id)
        partner_ids = set()
        cr = self.env.cr
        for model, ids in by_model.items():
            if model not in self.env or self.env[model]._abstract:
                continue
            ids = tuple(ids)
            if model == "res.partner":
                partner_ids.update(ids)
            columns = self._ecom_partner_columns(model)
            if columns:
                # column names come from the registry, never from the caller
                cr.execute('SELECT %s FROM "%s" WHERE id IN %%s' % (
                    ", ".join('"%s"' % c for c in columns), self.env[model]._table),
                    (ids,))
                partner_ids.update(v for row in cr.fetchall() for v in row if v)
            if model in EXTRA_PARTNER_QUERIES:
                cr.execute(EXTRA_PARTNER_QUERIES[model], (ids,))
                partner_ids.update(row[1] for row in cr.fetchall())
        return self._ecom_related_partner_ids(partner_ids)

    @api.model
    def _ecom_related_partner_ids(self, partner_ids):
        """``partner_ids``, their commercial entities and those entities' contacts."""
        if not partner_ids:
            return set()
        cr = self.env.cr
        cr.execute("""
            SELECT c.id FROM res_partner p
              JOIN res_partner c ON c.commercial_partner_id = p.commercial_partner_id
             WHERE p.id IN %s""", (tuple(partner_ids),))
        return set(partner_ids) | {row[0] for row in cr.fetchall()}

    @api.model
    def _ecom_text_masker(self, partner_ids, level=None):
        """A :class:`TextMasker` over the protected partners among ``partner_ids``
        for the current user's level, or ``None`` when there is nothing to mask.
        """
        partners = self.env["res.partner"]
        level = level or partners._ecom_pii_level()
        if level not in FIELDS_BY_LEVEL or not partner_ids:
            return None
        protected = partners._ecom_pii_protected_ids(partner_ids)
        if not protected:
            return None
        # sudo: the values are only used to find and mask them in text; they
        # never leave this method (decrypted by ecom_partner_encryption if any)
        people = partners.sudo().with_context(active_test=False).browse(
            sorted(protected)).read(list(FIELDS_BY_LEVEL[level]), load="")
        masker = TextMasker(people, level=level)
        return masker if masker else None
