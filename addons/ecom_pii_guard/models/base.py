"""Generic choke points on every model: no oracle, masked display names.

For the hidden level (warehouse, purchase planner, integration) on every
model:

* ordering by a personal field, or by a many2one to a person (core orders by
  the target's ``display_name``), orders by id instead
  (:meth:`_generate_order_by_inner`, also used by ``read_group``);
* searching and counting through a personal field only ever matches
  unprotected partners: res.partner and res.users restrict such domains
  (:meth:`_search`), relations that core would join in SQL (``auto_join``)
  are searched on their model instead, so the same guard applies there;
  searching by a plain copy of customer data (``mail.message.email_from``) is
  refused;
* grouping by a personal field is refused; groups by a many2one to a person
  are labelled as the caller may see the person and ordered by id.

For every restricted level, display names of many2one values pointing to
people (core computes them as superuser, ``Many2one.convert_to_read``) are
replaced in ``read`` (and ``search_read``) and ``onchange`` answers, related
fields copying a personal field are masked, exports of personal fields are
refused. All of it is inheritance the registry sees: nothing in core is
patched.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError

from odoo.addons.ecom_base.services import masking

from ..services import pii_policy

PARTNER = "res.partner"
#: x2many commands carrying values (create, update) in onchange answers.
_VALUE_COMMANDS = (0, 1)


_related_personal = pii_policy.related_personal


class Base(models.AbstractModel):
    _inherit = "base"

    # -- what is personal on this model ---------------------------------------

    @api.model
    def _setup_complete(self):
        super()._setup_complete()
        type(self)._ecom_pii_personal = None  # fields may have changed

    @api.model
    def _ecom_pii_person_link(self):
        """Field leading from this model to the partner it is, or None.

        ``id`` for res.partner, the ``_inherits`` field for models that are
        partners too (res.users: a portal user is a customer).
        """
        if self._name == PARTNER:
            return "id"
        return self._inherits.get(PARTNER)

    @api.model
    def _ecom_pii_personal_fields(self):
        """Names of the fields of this model holding customers' personal data."""
        cls = type(self)
        personal = getattr(cls, "_ecom_pii_personal", None)
        if personal is None:
            names = set(pii_policy.COPIED_PII_FIELDS.get(self._name, ()))
            is_person = self._ecom_pii_person_link() is not None
            for name, field in self._fields.items():
                if is_person and name in pii_policy.SEARCH_PII_FIELDS:
                    names.add(name)
                elif not field.relational and _related_personal(field):
                    names.add(name)
            personal = cls._ecom_pii_personal = frozenset(names)
        return personal

    @api.model
    def _ecom_pii_is_person_model(self, model_name):
        return self.env[model_name]._ecom_pii_person_link() is not None

    # -- ordering --------------------------------------------------------------

    @api.model
    def _generate_order_by_inner(self, alias, order_spec, query,
                                 reverse_direction=False, seen=None):
        # Called for the model searched and, through many2one terms, for each
        # model ordered by (res.partner's _order is display_name): one place
        # for search(order=...), the default order and read_group's orderby.
        level = self.env[PARTNER]._ecom_pii_level()
        if level != "clear" and order_spec:
            blocked = pii_policy.order_blocked_fields(
                level, self._ecom_pii_personal_fields() if level == "hidden" else (),
                self._ecom_pii_person_link() is not None)
            if blocked:
                order_spec = pii_policy.sanitize_order(
                    order_spec, blocked.__contains__)
        return super()._generate_order_by_inner(
            alias, order_spec, query, reverse_direction=reverse_direction,
            seen=seen)

    # -- searching and counting ---------------------------------------------------

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if args and self.env[PARTNER]._ecom_pii_level() == "hidden":
            args = self._ecom_pii_guard_leaves(args)
        return super()._search(args, offset=offset, limit=limit, order=order,
                               count=count, access_rights_uid=access_rights_uid)

    @api.model
    def _ecom_pii_guard_leaves(self, domain):
        """``domain`` whose answer says nothing about protected partners.

        Leaves on a personal field of a person model are restricted to
        unprotected partners (res.partner does it in its own ``_search``);
        relations core would join in SQL are searched on their model (guarded
        there in turn); plain copies of personal data are refused.
        """
        personal = self._ecom_pii_personal_fields()
        link = self._ecom_pii_person_link()
        result = []
        for leaf in domain:
            name = pii_policy.leaf_field_name(leaf)
            action = pii_policy.leaf_action(
                leaf, self._fields.get(name) if name else None, personal, link)
            if action[0] == "restrict":
                partners = self.env[PARTNER]._ecom_pii_allowed_domain()[0][2]
                result += ["&", (link, "in", partners), leaf]
            elif action[0] == "refuse":
                raise AccessError(_(
                    "Searching %s by the personal field %s is not allowed "
                    "for your role.") % (self._name, action[1]))
            elif action[0] == "subsearch":
                comodel = self.env[self._fields[action[1]].comodel_name]
                ids = comodel.with_context(active_test=False)._search([action[2]])
                result.append((action[1], "in", ids))
            else:   # keep, rewrite
                result.append(action[1])
        return result

    # -- grouping ----------------------------------------------------------------

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        if self.env[PARTNER]._ecom_pii_level() == "hidden":
            bad = pii_policy.first_blocked(
                pii_policy.group_names(fields, groupby, orderby),
                self._ecom_pii_personal_fields())
            if bad:
                raise AccessError(_(
                    "Grouping %s by the personal field %s is not allowed for "
                    "your role.") % (self._name, bad))
        return super().read_group(domain, fields, groupby, offset=offset,
                                  limit=limit, orderby=orderby, lazy=lazy)

    def _read_group_resolve_many2one_fields(self, data, fields):
        # core labels groups with sudo().name_get(): label people as the caller.
        # Without prefetch: name_get reads a few columns of each group's
        # record, not every column (decrypting contact fields it never shows)
        super(Base, self.with_context(prefetch_fields=False)) \
            ._read_group_resolve_many2one_fields(data, fields)
        if self.env[PARTNER]._ecom_pii_level() == "clear":
            return
        names = [f["field"] for f in fields if f["type"] == "many2one"
                 and self._ecom_pii_is_person_model(
                     self._fields[f["field"]].comodel_name)]
        for name in names:
            comodel = self._fields[name].comodel_name
            ids = {d[name][0] for d in data if d[name]}
            labels = self._ecom_pii_person_labels(comodel, ids)
            for row in data:
                if row[name] and row[name][0] in labels:
                    row[name] = (row[name][0], labels[row[name][0]])

    # -- display names of people, as the caller may see them ---------------------

    @api.model
    def _ecom_pii_person_names(self, model_name, ids):
        """{id: name} of the protected ones of ``ids`` (records of a person model).

        The name is what the label is made of: the display name customer
        service may see, or the name the hidden level gets masked. Two
        queries for N ids; unprotected people are left out (core's label).
        """
        partners = self.env[PARTNER]
        people = self.env[model_name].browse(ids)
        link = people._ecom_pii_person_link()
        if link == "id":
            partner_of = {person_id: person_id for person_id in ids}
        else:
            # sudo: only the link to the partner is read, to classify people
            partner_of = {row["id"]: row[link] for row in people.sudo().read(
                [link], load="_classic_write") if row[link]}
        protected = partners._ecom_pii_protected_ids(set(partner_of.values()))
        if not protected:
            return {}
        # sudo: names are read to be masked (hidden level) or shown as
        # customer service may see them (never the address/e-mail variants)
        clear = partners.sudo().browse(sorted(protected)).with_context(
            **pii_policy.CLEAR_NAME_CONTEXT)
        if partners._ecom_pii_level() == "masked":
            names = dict(clear.name_get())
        else:
            names = {partner.id: partner.name for partner in clear}
        return {person_id: names[partner_id]
                for person_id, partner_id in partner_of.items()
                if partner_id in protected}

    @api.model
    def _ecom_pii_person_labels(self, model_name, ids, record=None):
        """{id: label} for the protected ones of ``ids`` seen from ``record``."""
        names = self._ecom_pii_person_names(model_name, ids)
        partners = self.env[PARTNER]
        if partners._ecom_pii_level() == "masked" or not names:
            return names
        reference = partners._ecom_pii_reference(record)
        return {key: masking.masked_label(name, reference)
                for key, name in names.items()}

    @api.multi
    def _ecom_pii_relabel_rows(self, rows):
        """Replace, in ``read`` rows of self, labels and related values of people."""
        partners = self.env[PARTNER]
        level = partners._ecom_pii_level()
        if level == "clear" or not rows:
            return
        keys = set(rows[0])
        m2o = [name for name in keys if name in self._fields
               and self._fields[name].type == "many2one"
               and self._ecom_pii_is_person_model(self._fields[name].comodel_name)]
        records = {record.id: record for record in self}
        for name in m2o:
            comodel = self._fields[name].comodel_name
            names = self._ecom_pii_person_names(
                comodel, {row[name][0] for row in rows if row[name]})
            for row in rows:
                value = row[name]
                if not value or value[0] not in names:
                    continue
                label = names[value[0]]
                if level == "hidden":
                    # the order reference next to the masked name, per row
                    label = masking.masked_label(label, partners._ecom_pii_reference(
                        records.get(row["id"])))
                row[name] = (value[0], label)
        if self._ecom_pii_person_link() is not None:
            return  # res.partner and res.users mask their own fields
        personal = self._ecom_pii_personal_fields()
        for name in keys & personal:
            field = self._fields[name]
            if not field.related:
                continue
            path = ".".join(field.related[:-1])
            for row in rows:
                # sudo: the path to the person is followed to classify it only
                people = records[row["id"]].sudo().mapped(path)
                link = people._ecom_pii_person_link()
                ids = people.ids if link == "id" else people.mapped(link).ids
                if partners._ecom_pii_protected_ids(ids):
                    row[name] = pii_policy.mask_value(
                        field.related[-1], row[name], level)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        if load == "_classic_read" and result:
            self.browse([row["id"] for row in result])._ecom_pii_relabel_rows(result)
        return result

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        result = super().onchange(values, field_name, field_onchange)
        if self.env[PARTNER]._ecom_pii_level() != "clear":
            self._ecom_pii_relabel_onchange(result.get("value") or {})
        return result

    @api.model
    def _ecom_pii_relabel_onchange(self, values):
        """Relabel people in an onchange answer (and in its x2many commands)."""
        for name, value in values.items():
            field = self._fields.get(name)
            if field is None or not value:
                continue
            if field.type == "many2one" and isinstance(value, (list, tuple)) \
                    and self._ecom_pii_is_person_model(field.comodel_name):
                labels = self._ecom_pii_person_labels(
                    field.comodel_name, [value[0]], self)
                if value[0] in labels:
                    values[name] = (value[0], labels[value[0]])
            elif field.type in ("one2many", "many2many") and \
                    isinstance(value, list):
                comodel = self.env[field.comodel_name]
                for command in value:
                    if isinstance(command, (list, tuple)) and len(command) == 3 \
                            and command[0] in _VALUE_COMMANDS \
                            and isinstance(command[2], dict):
                        comodel._ecom_pii_relabel_onchange(command[2])

    # -- people stored in other tables (res.users inherits res.partner) ----------

    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        super()._read_from_database(field_names, inherited_field_names)
        link = self._inherits.get(PARTNER)
        if not link or not self:
            return
        level = self.env[PARTNER]._ecom_pii_level()
        names = [name for name in list(field_names) + list(inherited_field_names)
                 if name in pii_policy.SEARCH_PII_FIELDS]
        if level == "clear" or not names:
            return
        cache = self.env.cache
        link_field = self._fields[link]
        partner_of = {}
        for record in self:
            if cache.contains_value(record, link_field):
                # the cache holds the id (a 1-tuple in Odoo 11), not a record
                value = cache.get_value(record, link_field)
                partner_of[record.id] = value[0] if value else False
        protected = self.env[PARTNER]._ecom_pii_protected_ids(
            [i for i in partner_of.values() if i])
        for record in self:
            # a person whose partner was not read is masked: fail closed
            if record.id in partner_of and partner_of[record.id] not in protected:
                continue
            for name in names:
                field = self._fields[name]
                if cache.contains_value(record, field):
                    cache.set(record, field, pii_policy.mask_value(
                        name, cache.get_value(record, field), level))

    # -- exports ------------------------------------------------------------------

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        level = self.env[PARTNER]._ecom_pii_level()
        if level != "clear":
            for path in fields_to_export:
                self._ecom_pii_check_export_path(path, level)
        return super().export_data(fields_to_export, raw_data=raw_data)

    @api.model
    def _ecom_pii_check_export_path(self, path, level):
        model = self
        for part in pii_policy.export_path_parts(path):
            blocked = pii_policy.export_blocked_fields(
                level, model._ecom_pii_personal_fields() if level == "hidden" else (),
                model._ecom_pii_person_link() is not None)
            if part in blocked:
                raise AccessError(_(
                    "Exporting the personal field %s of customers is not allowed "
                    "for your role.") % path)
            field = model._fields.get(part)
            if field is None or not field.relational:
                return
            model = self.env[field.comodel_name]
