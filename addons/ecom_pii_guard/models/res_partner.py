"""Choke points that keep customers' personal data from restricted roles.

Three levels, decided from the caller's groups (:func:`_ecom_pii_level`):

* ``clear``: superuser, administrators (``base.group_system``) and users of
  no e-commerce role: standard Odoo behaviour.
* ``masked``: customer service (and its managers) and the privacy officer see
  customers' names, their contact fields masked; a purpose-bound reveal
  (:meth:`ecom_pii_reveal`) shows one field, logged and within a quota.
* ``hidden``: warehouse roles, the purchase planner and the integration role
  see no customer data at all: names masked too ("张*三 · SO042" labels),
  customers cannot be found by any personal field.

Protected partners are everyone except vendors (the commercial entity is a
supplier and was not imported from a channel), the partners of companies and
of users: warehouse staff still read vendor names on receipts.

Masking is applied where data leaves the ORM for this user: the user's own
record cache (``_read_from_database``, which also feeds ``read``, exports and
computed fields), ``name_get``, ``read`` post-processing of related fields,
``_search``/``_name_search`` (no oracle on personal fields), and the sudo
display names of many2one fields (see ``fields_patch.py``).
"""
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from odoo.addons.ecom_base.services import masking

from ..services import purpose as purpose_service
from ..services import quota

REVEAL_LIMIT_PARAM = "ecom_pii_guard.reveal_daily_limit"
REVEAL_LIMIT_DEFAULT = 30

#: Personal fields masked for every restricted level.
CONTACT_FIELDS = ("email", "phone", "mobile", "street", "street2", "zip", "city", "vat")
#: Fields derived from personal data, blanked for the masked and hidden levels.
DERIVED_FIELDS = ("contact_address", "email_formatted", "signup_url")
#: More text about the person, hidden from the "hidden" level only.
HIDDEN_EXTRA_FIELDS = (
    "name", "display_name", "parent_name", "commercial_company_name",
    "company_name", "function", "comment", "website", "ref",
)
#: Fields whose use in a search domain would be an oracle for the hidden level.
SEARCH_PII_FIELDS = set(CONTACT_FIELDS + DERIVED_FIELDS + HIDDEN_EXTRA_FIELDS) | {
    "email_normalized", "phone_sanitized",
}

VENDOR_SQL = "COALESCE(c.supplier, p.supplier, false)"
VENDOR_SQL_CHANNEL = ("(COALESCE(c.supplier, p.supplier, false)"
                      " AND p.ecom_channel_id IS NULL AND c.ecom_channel_id IS NULL)")
#: Constant queries (no user input is ever formatted into them).
PROTECTED_QUERY = {
    vendor: """
        SELECT p.id, NOT (%s
            OR EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
            OR EXISTS (SELECT 1 FROM res_company rc
                       WHERE rc.partner_id IN (p.id, c.id)))
          FROM res_partner p
          LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
         WHERE p.id IN %%s""" % vendor
    for vendor in (VENDOR_SQL, VENDOR_SQL_CHANNEL)
}
ALLOWED_QUERY = {
    vendor: """
        SELECT p.id FROM res_partner p
          LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
         WHERE %s
            OR p.id IN (SELECT partner_id FROM res_users)
            OR p.id IN (SELECT partner_id FROM res_company)
            OR c.id IN (SELECT partner_id FROM res_company)""" % vendor
    for vendor in (VENDOR_SQL, VENDOR_SQL_CHANNEL)
}

#: Context for display names without the address/e-mail variants of name_get.
CLEAR_NAME_CONTEXT = {"show_address": False, "show_email": False,
                      "address_inline": False, "show_address_only": False}

HIDDEN_GROUPS = (
    "ecom_base.group_warehouse_operator",
    "ecom_base.group_integration",
    "ecom_base.group_purchase_planner",
)
MASKED_GROUPS = (
    "ecom_base.group_customer_service",
    "ecom_base.group_privacy_officer",
    "sales_team.group_sale_salesman",
)


def _mask_value(field_name, value, level):
    if value in (False, None, ""):
        return value
    if field_name in ("name", "display_name"):
        return masking.mask_name(value) if level == "hidden" else value
    if field_name in DERIVED_FIELDS:
        return False
    if field_name in CONTACT_FIELDS:
        return masking.mask_field(field_name, value)
    if level == "hidden" and field_name in HIDDEN_EXTRA_FIELDS:
        if field_name == "title":
            return False
        return masking.mask_field(field_name, value)
    return value


class ResPartner(models.Model):
    _inherit = "res.partner"

    # -- who sees what ----------------------------------------------------

    @api.model
    def _ecom_pii_level(self):
        """``clear``, ``masked`` or ``hidden`` for the current user (cached per env)."""
        env = self.env
        cache = env.all.__dict__.setdefault("_ecom_pii_levels", {})
        if env.uid in cache:
            return cache[env.uid]
        if env.uid == SUPERUSER_ID:
            level = "clear"
        else:
            user = env.user
            if user.has_group("base.group_system"):
                level = "clear"
            elif any(user.has_group(g) for g in MASKED_GROUPS):
                level = "masked"
            elif any(user.has_group(g) for g in HIDDEN_GROUPS):
                level = "hidden"
            else:
                level = "clear"
        cache[env.uid] = level
        return level

    @api.model
    def _ecom_pii_vendor_sql(self):
        """SQL test "p is a vendor" (p: the partner, c: its commercial entity)."""
        field = self._fields.get("ecom_channel_id")
        if field is not None and field.store:
            # a channel's customer is a customer even if also flagged supplier
            return VENDOR_SQL_CHANNEL
        return VENDOR_SQL

    @api.model
    def _ecom_pii_protected_ids(self, ids):
        """Subset of ``ids`` that are customers (protected), cached per transaction.

        Reads only non-personal columns (supplier flag, commercial entity,
        channel, links from users and companies), so plain SQL is fine here
        even with ecom_partner_encryption installed.
        """
        cache = self.env.all.__dict__.setdefault("_ecom_pii_protected", {})
        ids = {i for i in ids if isinstance(i, int)}
        missing = tuple(ids - set(cache))
        if missing:
            vendor = self._ecom_pii_vendor_sql()
            self.env.cr.execute(PROTECTED_QUERY[vendor], (missing,))
            cache.update(dict(self.env.cr.fetchall()))
        return {i for i in ids if cache.get(i, True)}

    @api.model
    def _ecom_pii_allowed_domain(self):
        """Domain of what the hidden level may find: vendors, users, companies."""
        vendor = self._ecom_pii_vendor_sql()
        self.env.cr.execute(ALLOWED_QUERY[vendor])
        return [("id", "in", [row[0] for row in self.env.cr.fetchall()])]

    @api.model
    def _ecom_pii_reference(self, record):
        """Order reference shown next to a masked customer on ``record``."""
        if record is None or not record:
            return ""
        model = record._name
        names = {
            "stock.picking": ("origin", "name"),
            "stock.move": ("origin", "reference"),
            "stock.move.line": ("reference",),
            "sale.order": ("name",),
            "sale.order.line": ("order_id",),
            "account.invoice": ("origin", "number"),
            "purchase.order": ("name",),
        }.get(model, ())
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

    # -- reads ---------------------------------------------------------------

    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        super()._read_from_database(field_names, inherited_field_names)
        level = self._ecom_pii_level()
        if level == "clear":
            return
        protected = self._ecom_pii_protected_ids(self.ids)
        if not protected:
            return
        names = [n for n in field_names if n in SEARCH_PII_FIELDS]
        cache = self.env.cache
        for record in self.browse(sorted(protected)):
            for name in names:
                field = self._fields[name]
                if cache.contains_value(record, field):
                    value = cache.get_value(record, field)
                    cache.set(record, field, _mask_value(name, value, level))

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
        if self._ecom_pii_level() != "hidden":
            return domain
        for leaf in domain or []:
            if expression.is_leaf(leaf) and not expression.is_operator(leaf):
                left = leaf[0]
                if not isinstance(left, str):
                    continue
                name = left.split(".")[0]
                # ecom_partner_encryption rewrites e-mail/phone/... leaves to
                # their blind-index column "<field>_bidx": the same oracle.
                if name.endswith("_bidx"):
                    name = name[:-len("_bidx")]
                if name in SEARCH_PII_FIELDS:
                    return expression.AND(
                        [self._ecom_pii_allowed_domain(), domain])
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
            # over the records ``args`` select: narrow them to non-customers
            args = expression.AND([self._ecom_pii_allowed_domain(), args or []])
        return super().name_search(name, args=args, operator=operator, limit=limit)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        level = self._ecom_pii_level()
        if level != "clear":
            groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
            fnames = [g.split(":")[0] for g in groupbys]
            fnames += [f.split(":")[0] for f in fields or []]
            blocked = SEARCH_PII_FIELDS if level == "hidden" else set(
                CONTACT_FIELDS + DERIVED_FIELDS)
            bad = [f for f in fnames if f in blocked]
            if bad:
                raise AccessError(_(
                    "Grouping customers by personal field %s is not allowed for "
                    "your role.") % bad[0])
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
        start, end = quota.day_window(fields.Datetime.from_string(
            fields.Datetime.now()))
        used = log.search_count([
            ("kind", "=", "reveal"), ("user_id", "=", user.id),
            ("logged_at", ">=", start), ("logged_at", "<", end)])
        try:
            quota.check(limit, used)
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
        personal = ["name", "type"] + list(CONTACT_FIELDS)
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
            for row in rows:
                for key, value in list(row.items()):
                    if isinstance(value, tuple):
                        row[key] = value[1]
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
        blank = {name: False for name in CONTACT_FIELDS + (
            "function", "comment", "website", "ref")}
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
