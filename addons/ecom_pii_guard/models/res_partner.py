"""Choke points that keep customers' personal data from restricted roles.

Three levels, decided from the caller's groups (:func:`_ecom_pii_level`,
tables in ``services/pii_policy.py``): ``clear``, ``masked`` (customer
service: names, contact fields masked, purpose-bound reveal) and ``hidden``
(warehouse, purchase planner, integration: no customer data, no oracle).

Who is protected is data (``ecom_pii_protected``), set when the partner is
created (:func:`pii_policy.protected_on_create`: everyone but vendors and
contacts of unprotected partners), raised when the partner joins a channel or
becomes the contact of a protected partner, and changed by hand only by
administrators and the privacy officer; every change is logged
(``ecom.pii.access.log``, kind ``protection``). Restricted roles cannot
unprotect a customer by writing ``supplier``, ``ecom_channel_id`` or
``parent_id``. Partners of internal users (not portal users: portal
customers are customers) and of companies are exempt, from data only
administrators change (``res_users.share``, ``res_company.partner_id``).

Masking is applied where data leaves the ORM for this user: the user's own
record cache (``_read_from_database``, which also feeds ``read``, exports and
computed fields), ``name_get``, ``read`` post-processing of related fields,
``_search``/``_name_search`` (no oracle on personal fields); display names of
many2one fields and ordering on every model: see ``base.py``.
"""
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import sql

from odoo.addons.ecom_base.services import masking

from ..services import pii_policy
from ..services.protection import (  # noqa: F401 (imported by other modules)
    ALLOWED_QUERY,
    BACKFILL_QUERY,
    PROTECTED_QUERY,
    PROTECTED_SQL,
)
from ..services import purpose as purpose_service
from ..services import quota
from ..services.pii_policy import (  # noqa: F401 (imported by other modules)
    CLEAR_NAME_CONTEXT,
    CONTACT_FIELDS,
    DERIVED_FIELDS,
    HIDDEN_EXTRA_FIELDS,
    SEARCH_PII_FIELDS,
)

REVEAL_LIMIT_PARAM = "ecom_pii_guard.reveal_daily_limit"
REVEAL_LIMIT_DEFAULT = 30

_mask_value = pii_policy.mask_value


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecom_pii_protected = fields.Boolean(
        string="Protected customer", default=True, readonly=True, copy=False,
        index=True,
        help="Customer personal data: masked for warehouse roles, the "
             "purchase planner, integration and customer service. Set when "
             "the partner is created (vendors and contacts of unprotected "
             "partners are not protected), raised when it buys through a "
             "channel or becomes the contact of a protected partner; changed "
             "by hand only by administrators and the privacy officer, logged.")

    # -- who sees what ----------------------------------------------------

    @api.model
    def _ecom_pii_level(self):
        """``clear``, ``masked`` or ``hidden`` for the current user (cached per env)."""
        env = self.env
        cache = env.all.__dict__.setdefault("_ecom_pii_levels", {})
        if env.uid not in cache:
            user = env.user
            cache[env.uid] = pii_policy.level_for(
                env.uid == SUPERUSER_ID, user.has_group)
        return cache[env.uid]

    @api.model
    def _ecom_pii_protected_ids(self, ids):
        """Subset of ``ids`` that are customers (protected), cached per transaction.

        One query for N ids. Reads only non-personal columns (the protection
        flags of the partner, its parent and commercial entity, links from
        internal users and companies), so plain SQL is fine here even with
        ecom_partner_encryption installed.
        """
        cache = self.env.all.__dict__.setdefault("_ecom_pii_protected", {})
        ids = {i for i in ids if isinstance(i, int)}
        missing = tuple(ids - set(cache))
        if missing:
            self.env.cr.execute(PROTECTED_QUERY, (missing,))
            cache.update(dict(self.env.cr.fetchall()))
        return {i for i in ids if cache.get(i, True)}

    @api.model
    def _ecom_pii_forget_protection(self, ids=None):
        """Drop cached protection answers (after the flags changed)."""
        cache = self.env.all.__dict__.setdefault("_ecom_pii_protected", {})
        if ids is None:
            cache.clear()
        for i in ids or ():
            cache.pop(i, None)

    @api.model
    def _ecom_pii_allowed_domain(self):
        """Domain of what the hidden level may find: vendors, users, companies."""
        self.env.cr.execute(ALLOWED_QUERY)
        return [("id", "in", [row[0] for row in self.env.cr.fetchall()])]

    @api.model
    def _ecom_pii_reference(self, record):
        """Order reference shown next to a masked customer on ``record``."""
        if record is None or not record:
            return ""
        names = pii_policy.REFERENCE_FIELDS.get(record._name, ())
        # read as the caller, who is reading ``record`` right now (no second
        # full read of the record set in another environment)
        for name in names:
            if name not in record._fields:
                continue
            try:
                value = record[name]
                if hasattr(value, "_name"):
                    value = value.name
            except AccessError:
                continue
            if value:
                return value
        return ""

    @api.model
    def _ecom_pii_labels(self, partners, record=None):
        """{partner id: label} as the current user may see the display name."""
        level = self._ecom_pii_level()
        if level == "clear":
            return dict(partners.sudo().with_context(**CLEAR_NAME_CONTEXT).name_get())
        cache = self.env.all.__dict__.setdefault("_ecom_pii_protected", {})
        ids = partners.ids
        if any(i not in cache for i in ids):
            # classify the whole prefetch set at once: one query for N rows
            prefetch = (partners._prefetch or {}).get("res.partner") or ()
            self._ecom_pii_protected_ids(set(ids) | set(prefetch))
        labels = {}
        reference = None
        # sudo: only names are read, and customers' leave this method masked
        # (hidden level) or as the plain name customer service may see.
        # Iterating keeps the prefetch set: one query for a list of N rows.
        for partner in partners.sudo():
            if not cache.get(partner.id, True):
                # vendors, companies, users: core's name, never address or e-mail
                labels[partner.id] = partner.with_context(
                    **CLEAR_NAME_CONTEXT).name_get()[0][1]
            elif level == "masked":
                labels[partner.id] = partner.display_name or partner.name or ""
            else:
                if reference is None:
                    reference = self._ecom_pii_reference(record)
                labels[partner.id] = masking.masked_label(partner.name, reference)
        return labels

    # -- protection: data, not writable by the people it protects against ------

    @api.model_cr_context
    def _auto_init(self):
        # The flag of existing partners is computed once from the database
        # (install and upgrade), set-based; new partners get it in create().
        if not sql.column_exists(self._cr, self._table, "ecom_pii_protected"):
            sql.create_column(self._cr, self._table, "ecom_pii_protected", "boolean")
            self._ecom_pii_backfill_protection()
        return super()._auto_init()

    @api.model
    def _ecom_pii_backfill_protection(self):
        """Compute the flag of every partner from the database as it is."""
        self._cr.execute(BACKFILL_QUERY)
        self._ecom_pii_forget_protection()

    @api.model
    def _ecom_pii_check_protection_write(self):
        user = self.env.user
        if self.env.uid == SUPERUSER_ID or any(
                user.has_group(g) for g in pii_policy.PROTECTION_MANAGER_GROUPS):
            return
        raise AccessError(_(
            "Only administrators and the privacy officer may change the field "
            "%s (protected customer).") % "ecom_pii_protected")

    @api.multi
    def _ecom_pii_log_protection(self, protected, reason):
        """One ``protection`` row per partner whose flag was set to ``protected``."""
        log = self.env["ecom.pii.access.log"].sudo()  # append-only, created here
        for partner in self:
            log.create({
                "kind": "protection", "partner_id": partner.id,
                "field_names": "ecom_pii_protected",
                "note": "%s: %s" % ("on" if protected else "off", reason),
                "user_id": self.env.uid})

    @api.multi
    def _ecom_pii_store_protection(self, protected, reason):
        """Set the flag of ``self`` to ``protected``; log those that changed.

        One UPDATE for all records (a non-personal column). Logged as the
        current user, who asked for it.
        """
        ids = tuple(self.ids)
        if not ids:
            return
        self.env.cr.execute(
            "UPDATE res_partner SET ecom_pii_protected = %s"
            " WHERE id IN %s AND ecom_pii_protected IS DISTINCT FROM %s"
            " RETURNING id", (protected, ids, protected))
        changed = self.browse([row[0] for row in self.env.cr.fetchall()])
        if changed:
            self.invalidate_cache(["ecom_pii_protected"], changed.ids)
            self._ecom_pii_forget_protection()
            changed._ecom_pii_log_protection(protected, reason)

    @api.multi
    def _ecom_pii_raise_protection(self, reason):
        """Protect those of ``self`` that are not flagged yet (anyone may)."""
        self._ecom_pii_store_protection(True, reason)

    @api.multi
    def ecom_pii_set_protection(self, protected):
        """Protect (or stop protecting) these partners by hand, logged.

        Administrators and the privacy officer only (who need no write
        access to partners for it): e.g. a vendor wrongly entered as a
        customer, or the other way round.
        """
        self._ecom_pii_check_protection_write()
        self.check_access_rights("read")
        self.check_access_rule("read")
        self._ecom_pii_store_protection(bool(protected), "set by hand")
        return True

    @api.model
    def create(self, vals):
        if "ecom_pii_protected" in vals and vals["ecom_pii_protected"] is not True:
            self._ecom_pii_check_protection_write()
            logged = True
        else:
            logged = False
            parent = vals.get("parent_id")
            parent_protected = None
            if parent:
                parent_protected = bool(self._ecom_pii_protected_ids([parent]))
            vals = dict(vals, ecom_pii_protected=pii_policy.protected_on_create(
                vals, parent_protected) or bool(vals.get("ecom_pii_protected")))
        partner = super().create(vals)
        if logged:
            partner._ecom_pii_log_protection(
                bool(vals["ecom_pii_protected"]), "set at creation")
        return partner

    @api.multi
    def write(self, vals):
        protected = None
        if "ecom_pii_protected" in vals:
            self._ecom_pii_check_protection_write()
            vals = dict(vals)
            protected = bool(vals.pop("ecom_pii_protected"))
        result = super().write(vals)
        if protected is not None:
            self._ecom_pii_store_protection(protected, "set by hand")
        if "parent_id" in vals or "ecom_channel_id" in vals:
            self._ecom_pii_forget_protection()
        if vals.get("ecom_channel_id"):
            self._ecom_pii_raise_protection("buys through a channel")
        if vals.get("parent_id") and self._ecom_pii_protected_ids([vals["parent_id"]]):
            self._ecom_pii_raise_protection("contact of a protected partner")
        return result

    @api.multi
    def copy_data(self, default=None):
        # a copy of a customer holds the customer's data: protected as well
        rows = super().copy_data(default=default)
        protected = self._ecom_pii_protected_ids(self.ids)
        for partner, row in zip(self, rows):
            if partner.id in protected:
                row["ecom_pii_protected"] = True
        return rows

    # -- reads ---------------------------------------------------------------

    @api.model
    def _ecom_pii_mask_on_read(self):
        """Whether ``_read_from_database`` masks here.

        ``ecom_pii_guard_encryption`` answers False and masks in its own
        override, which runs after decryption whatever the load order.
        """
        return True

    @api.multi
    def _ecom_pii_mask_cache(self, field_names):
        """Mask, in the caller's cache, the personal fields just read for self."""
        level = self._ecom_pii_level()
        if level == "clear":
            return
        names = [n for n in field_names if n in SEARCH_PII_FIELDS]
        if not names:
            return
        protected = self._ecom_pii_protected_ids(self.ids)
        if not protected:
            return
        cache = self.env.cache
        for record in self.browse(sorted(protected)):
            for name in names:
                field = self._fields[name]
                if cache.contains_value(record, field):
                    value = cache.get_value(record, field)
                    cache.set(record, field, _mask_value(name, value, level))

    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        super()._read_from_database(field_names, inherited_field_names)
        if self._ecom_pii_mask_on_read():
            self._ecom_pii_mask_cache(field_names)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        level = self._ecom_pii_level()
        if level == "clear":
            return result
        protected = self._ecom_pii_protected_ids([row["id"] for row in result])
        labels = {}
        if protected and any("display_name" in row for row in result):
            labels = self._ecom_pii_labels(self.browse(sorted(protected)))
        for row in result:
            if row["id"] not in protected:
                continue
            for name in list(row):
                if name == "display_name":
                    row[name] = labels[row["id"]]
                elif name in SEARCH_PII_FIELDS and not self._fields[name].store:
                    # stored fields come masked from _read_from_database already;
                    # related ones (parent_name) are computed as superuser
                    row[name] = _mask_value(name, row[name], level)
        return result

    @api.multi
    def name_get(self):
        level = self._ecom_pii_level()
        if level == "clear":
            return super().name_get()
        labels = self._ecom_pii_labels(self)
        return [(partner.id, labels[partner.id]) for partner in self]

    # -- searches --------------------------------------------------------------

    @api.model
    def _ecom_pii_guard_domain(self, domain):
        """``domain`` restricted to unprotected partners when it reads a
        personal field, for the hidden level: its answer (ids, count) then
        says nothing about customers. Paths through relations (``child_ids.
        name``) are searched on res.partner again by core, and guarded there.
        """
        if self._ecom_pii_level() == "hidden" and \
                pii_policy.domain_reads_personal(domain):
            return expression.AND([self._ecom_pii_allowed_domain(), domain])
        return domain

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        args = self._ecom_pii_guard_domain(args)
        return super()._search(args, offset=offset, limit=limit, order=order,
                               count=count, access_rights_uid=access_rights_uid)

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        if self._ecom_pii_level() == "hidden":
            # core's res.partner.name_search matches e-mail, name and vat in SQL
            # over the records ``args`` select: narrow them to non-customers.
            # Core's domains (``('partner_id', 'ilike', 'x')``, child_of 'x')
            # come here too.
            args = expression.AND([self._ecom_pii_allowed_domain(), args or []])
        return super().name_search(name, args=args, operator=operator, limit=limit)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        level = self._ecom_pii_level()
        if level == "masked":
            bad = pii_policy.first_blocked(
                pii_policy.partner_group_names(fields, groupby),
                pii_policy.masked_group_blocked())
            if bad:
                raise AccessError(_(
                    "Grouping customers by personal field %s is not allowed for "
                    "your role.") % bad)
        # hidden level: base.read_group refuses every personal field
        return super().read_group(domain, fields, groupby, offset=offset,
                                  limit=limit, orderby=orderby, lazy=lazy)

    # -- purpose-bound reveal and privacy-officer actions -------------------------

    @api.multi
    def ecom_pii_reveal(self, field_name, purpose, note=False):
        """Return one personal field of one customer in clear, logged and counted.

        Customer service (within its channels: the record rules decide which
        customers it can read), customer-service managers and the privacy
        officer (unlimited, still logged). Returns ``{"field", "value"}``.
        """
        self.ensure_one()
        try:
            field_name, purpose, note = purpose_service.validate(
                field_name, purpose, note)
        except purpose_service.InvalidReveal as err:
            raise UserError(err.message)
        user = self.env.user
        officer = user.has_group("ecom_base.group_privacy_officer")
        if not (officer or user.has_group("ecom_base.group_customer_service")):
            raise AccessError(_("Your role cannot reveal customer data."))
        self.check_access_rights("read")
        self.check_access_rule("read")  # channel scoping of customer service
        limit = None
        if not officer:
            params = self.env["ir.config_parameter"].sudo()  # reading a setting
            limit = quota.parse_limit(params.get_param(REVEAL_LIMIT_PARAM),
                                      REVEAL_LIMIT_DEFAULT)
        log = self.env["ecom.pii.access.log"].sudo()  # append-only, created here
        try:
            # sudo: the caller's own counter row; it holds under parallel calls
            self.env["ecom.pii.quota.usage"].sudo()._consume("reveal", user, limit)
        except quota.QuotaExceeded:
            raise UserError(_(
                "Daily reveal limit of %s reached: ask a customer-service manager or "
                "the privacy officer.") % limit)
        log.create({"kind": "reveal", "partner_id": self.id,
                    "field_names": field_name,
                    "purpose": purpose, "note": note or False, "user_id": user.id})
        # sudo: access to this customer was checked above and the reveal is logged
        value = self.sudo()[field_name]
        return {"field": field_name, "value": value or ""}

    @api.model
    def _ecom_privacy_check(self):
        if not self.env.user.has_group("ecom_base.group_privacy_officer"):
            raise AccessError(_("Only the privacy officer may do this."))

    @api.multi
    def ecom_privacy_export(self):
        """Access request (PIPL art. 45, GDPR art. 15): all data on one customer."""
        self.ensure_one()
        self._ecom_privacy_check()
        # sudo: privacy officer only (checked above); the export is logged
        partner = self.sudo().commercial_partner_id
        contacts = partner | partner.child_ids
        personal = list(pii_policy.EXPORT_FIELDS)
        data = {
            "customer": partner.read(personal + ["lang"])[0],
            "contacts": contacts.read(personal),
            "orders": [],
            "consents": [],
        }
        if "sale.order" in self.env:
            orders = self.env["sale.order"].sudo().search(
                [("partner_id", "child_of", partner.id)])
            data["orders"] = orders.read(["name", "date_order", "state",
                                          "amount_total"])
        if "ecom.pii.consent" in self.env:
            data["consents"] = self.env["ecom.pii.consent"].sudo().search(
                [("partner_id", "=", partner.id)]).read(
                    ["version", "accepted_at", "order_ref"], load="")
        for rows in (data["contacts"], data["orders"], data["consents"], [data[
                "customer"]]):
            pii_policy.flatten_many2one(rows)
        self.env["ecom.pii.access.log"].sudo().create({
            "kind": "export", "partner_id": partner.id,
            "field_names": ",".join(personal), "user_id": self.env.uid})
        return data

    @api.multi
    def ecom_privacy_erase(self):
        """Erasure: anonymise the customer, its contacts and their messages.

        Orders, deliveries, invoices and stock history stay (they reference
        the partner record, which keeps existing under a neutral name).
        """
        self._ecom_privacy_check()
        # sudo: privacy officer only (checked above); logged per customer
        partners = self.sudo().mapped("commercial_partner_id")
        contacts = partners | partners.with_context(active_test=False).mapped(
            "child_ids")
        protected = self._ecom_pii_protected_ids(contacts.ids)
        if set(contacts.ids) - protected:
            raise UserError(_(
                "Only customers can be erased: vendors, companies and users are "
                "not customers."))
        blank = dict.fromkeys(pii_policy.ERASED_FIELDS, False)
        for contact in contacts:
            contact.with_context(tracking_disable=True).write(dict(
                blank, name=_("Erased customer %s") % contact.id))
        messages = self.env["mail.message"].sudo().search(
            ["|", "&", ("model", "=", "res.partner"), ("res_id", "in", contacts.ids),
             ("author_id", "in", contacts.ids)])
        if messages:
            messages.write({"body": _("<p>Erased</p>"), "email_from": False,
                            "subject": False})
            self.env["mail.tracking.value"].sudo().search(
                [("mail_message_id", "in", messages.ids)]).unlink()
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", "mail.message"), ("res_id", "in", messages.ids)]
            ).unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "in", contacts.ids)]
        ).unlink()
        Log = self.env["ecom.pii.access.log"].sudo()
        for partner in partners:
            Log.create({"kind": "erase", "partner_id": partner.id,
                        "field_names": ",".join(sorted(blank) + ["name"]),
                        "user_id": self.env.uid})
        return True
