"""Chatter of pickings and orders as restricted roles may see it.

Warehouse roles may read the documents messages are attached to (pickings,
and sale orders through stock), so core would show them the customer's
e-mails on the order, author names, notified partners and tracking values
such as "Partner: 张小三 -> 李四" (core builds them as superuser). For the
hidden level, messages of customer documents are unreachable, and on other
documents partner names are labelled and partner tracking values masked; in
free text (body, subject, record name) the customers of the document are
masked by name as well as phones and e-mails (``ecom_pii_text.py``).
"""
from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from odoo.addons.ecom_base.services import masking

from ..services import chatter
from ..services.chatter import (  # noqa: F401 (importable here as before)
    CUSTOMER_DOCUMENT_MODELS, NAMED_TEXT_FIELDS)

mask_free_text = chatter.mask_free_text  # importable here as before


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _ecom_pii_hidden(self):
        return self.env["res.partner"]._ecom_pii_level() == "hidden"

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self._ecom_pii_hidden():
            args = expression.AND(
                [[("model", "not in", CUSTOMER_DOCUMENT_MODELS)], args or []])
        return super()._search(args, offset=offset, limit=limit, order=order,
                               count=count, access_rights_uid=access_rights_uid)

    @api.multi
    def check_access_rule(self, operation):
        if operation == "read" and self._ecom_pii_hidden() and self.ids:
            self.env.cr.execute(
                "SELECT id FROM mail_message WHERE id IN %s AND model IN %s",
                (tuple(self.ids), tuple(CUSTOMER_DOCUMENT_MODELS)))
            if self.env.cr.fetchall():
                raise AccessError(_(
                    "Messages about customers are not available to your role."))
        return super().check_access_rule(operation)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        level = self.env["res.partner"]._ecom_pii_level()
        if level == "clear":
            return result
        chatter.mask_senders(result)
        if level == "hidden" and any("body" in row for row in result):
            self._ecom_pii_mask_bodies(result)
        if level == "hidden" and any(
                name in row for row in result for name in NAMED_TEXT_FIELDS):
            self._ecom_pii_mask_names(result)
        return result

    @api.model
    def _ecom_pii_mask_bodies(self, rows):
        """Hide what customers wrote; mask e-mails and phone numbers in the rest."""
        ids = tuple(row["id"] for row in rows)
        self.env.cr.execute(
            "SELECT id, author_id FROM mail_message WHERE id IN %s", (ids,))
        authors = dict(self.env.cr.fetchall())
        protected = self.env["res.partner"]._ecom_pii_protected_ids(
            [a for a in authors.values() if a])
        for row in rows:
            if "body" not in row:
                continue
            body = chatter.body_for_hidden(row["body"], authors.get(row["id"]),
                                           protected)
            row["body"] = _("<p>(message from the customer hidden)</p>") \
                if body is None else body

    @api.model
    def _ecom_pii_mask_names(self, rows):
        """Mask the customers of the messages' documents in their free text.

        "Called Zhang San about delivery" on a picking of Zhang San: the name
        (and any phone, e-mail, street or tax number of those customers) is
        masked in body, subject and record name. The customers are the
        partners of each message's document (with their commercial entity and
        its contacts), its author and its recipients: a few queries for the
        whole list of messages, one masker for all of them.
        """
        ids = tuple(row["id"] for row in rows)
        cr = self.env.cr
        cr.execute("SELECT model, res_id, author_id FROM mail_message"
                   " WHERE id IN %s", (ids,))
        meta = cr.fetchall()
        cr.execute("SELECT res_partner_id FROM mail_message_res_partner_rel"
                   " WHERE mail_message_id IN %s", (ids,))
        people = {row[0] for row in cr.fetchall()} | {a for _m, _r, a in meta if a}
        texts = self.env["ecom.pii.text"]
        partner_ids = texts._ecom_document_partner_ids(
            [(model, res_id) for model, res_id, _a in meta])
        partner_ids |= texts._ecom_related_partner_ids(people)
        masker = texts._ecom_text_masker(partner_ids, "hidden")
        if masker is None:
            return
        for row in rows:
            for name in NAMED_TEXT_FIELDS:
                if row.get(name):
                    row[name] = masker.html(row[name]) if name == "body" \
                        else masker(row[name])

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        res = super()._message_read_dict_postprocess(messages, message_tree)
        partners = self.env["res.partner"]
        level = partners._ecom_pii_level()
        if level == "clear":
            return res
        ids = chatter.message_partner_ids(messages)
        labels = partners._ecom_pii_labels(partners.browse(ids)) if ids else {}
        protected = partners._ecom_pii_protected_ids(ids)
        tracking_ids = [
            t["id"] for m in messages for t in m.get("tracking_value_ids", [])]
        tracked = {
            t.id: t for t in self.env["mail.tracking.value"].sudo().browse(tracking_ids)
        }
        personal = {tracking_id for tracking_id in tracking_ids
                    if self._ecom_pii_tracking_is_personal(
                        tracked.get(tracking_id), level)}
        for message in messages:
            chatter.relabel_message(message, labels, protected, personal)
        return res

    @api.model
    def _ecom_pii_tracking_is_personal(self, tracking, level):
        if not tracking:
            return True
        model = tracking.mail_message_id.model
        field = self.env[model]._fields.get(tracking.field) if model in self.env \
            else None
        return chatter.tracking_is_personal(
            model, field.type if field is not None else None,
            getattr(field, "comodel_name", None), level)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.multi
    def message_get_suggested_recipients(self):
        result = super().message_get_suggested_recipients()
        if self.env["res.partner"]._ecom_pii_level() == "hidden":
            # suggestions carry "Name <e-mail>" of the customer
            return {res_id: [] for res_id in result}
        return result


class MailChannelPartner(models.Model):
    _inherit = "mail.channel.partner"

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # partner_email is related to partner_id.email, computed as superuser
        result = super().read(fields=fields, load=load)
        partners = self.env["res.partner"]
        if partners._ecom_pii_level() == "clear" or not any(
                "partner_email" in row for row in result):
            return result
        owners = {rec.id: rec.sudo().partner_id.id for rec in self}
        protected = partners._ecom_pii_protected_ids(list(owners.values()))
        for row in result:
            if "partner_email" in row and owners.get(row["id"]) in protected:
                row["partner_email"] = masking.mask_email(row["partner_email"])
        return result
