"""What one ``import_orders`` batch knows while its orders are created.

Plain Python, no ORM. ``ecom.channel._intake_prefetch`` fills an
:class:`IntakeLookup` with the batch's reference data in a few queries (SKUs,
countries, states, carriers, the channel's orders with the batch's refs, its
known buyers and their delivery addresses); every step of the intake then reads
from it instead of querying again, and adds what later orders of the batch may
reuse (the orders it created, new buyers, new addresses).

What one order (or the whole set-based batch) adds is kept apart in a
:class:`LookupChanges` until its write succeeded, then merged with
:meth:`IntakeLookup.apply`: a rejected order leaves nothing behind.
"""

from . import intake

# the buyer maps: value -> partner id (a negative placeholder for a buyer not
# yet stored, see services/buyers.py)
CUSTOMER_KEYS = ("by_external_id", "by_email", "by_phone")
# what grows while the batch is taken (saved and restored around a retry)
CHANGING = ("existing",) + CUSTOMER_KEYS + ("addresses", "partner_refs")


class LookupChanges(object):
    """Buyers, addresses and refs one step adds, merged into the lookup after it.

    ``by_external_id`` / ``by_email`` / ``by_phone``: value -> partner id;
    ``addresses``: address key -> delivery contact id; ``partner_refs``:
    partner id -> its external customer id.
    """

    __slots__ = CUSTOMER_KEYS + ("addresses", "partner_refs")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, {})

    def __bool__(self):
        return any(getattr(self, name) for name in self.__slots__)

    def __repr__(self):
        return "LookupChanges(%s)" % ", ".join(
            "%s=%r" % (name, getattr(self, name)) for name in self.__slots__
            if getattr(self, name))


class IntakeLookup(object):
    """The reference data and running state of one import batch.

    Attributes (all plain dicts or sets, filled by the model):

    - ``refs``: the batch's external refs (set)
    - ``products``: SKU -> product (record, for the order lines)
    - ``product_data``: product id -> {"name", "uom_id", "sale_delay", "tax_ids"}
    - ``countries``: country code (upper) -> id
    - ``states``: (country id, code upper) and (country id, name lower) -> id
    - ``carriers``: carrier name (stripped, lower) -> id
    - ``existing``: external ref -> (order id, order name) of the channel
    - ``by_external_id`` / ``by_email`` / ``by_phone``: value -> partner id
    - ``addresses``: address key -> delivery contact id
    - ``partner_refs``: partner id -> its external customer id (or False)
    """

    def __init__(self, refs=(), products=None, product_data=None, countries=None,
                 states=None, carriers=None, existing=None):
        self.refs = set(refs)
        self.products = dict(products or {})
        self.product_data = dict(product_data or {})
        self.countries = dict(countries or {})
        self.states = dict(states or {})
        self.carriers = dict(carriers or {})
        self.existing = dict(existing or {})
        self.by_external_id = {}
        self.by_email = {}
        self.by_phone = {}
        self.addresses = {}
        self.partner_refs = {}

    # -- reference data ------------------------------------------------------
    def product_values(self, sku):
        """(product, its data) of a validated line's SKU."""
        product = self.products[sku]
        return product, self.product_data[product.id]

    def state_id(self, country_id, state):
        """The state of ``country_id`` coded or named ``state``: False without a
        state, None for one the country does not have."""
        if not state:
            return False
        return self.states.get((country_id, state.upper())) \
            or self.states.get((country_id, state.lower()))

    def carrier_id(self, name, default=False):
        """The carrier called ``name`` (validated), else ``default``."""
        if not name:
            return default
        return self.carriers[name.lower()]

    # -- orders ----------------------------------------------------------------
    def existing_order(self, ref):
        """(order id, order name) of the channel's order ``ref``, or None."""
        return self.existing.get(ref)

    def remember_order(self, ref, order_id, name):
        self.existing[ref] = (order_id, name)

    # -- buyers and addresses --------------------------------------------------
    def known(self, key, value, changes=None):
        """``value``'s entry in the map ``key``: pending changes first; or None."""
        if changes is not None:
            found = getattr(changes, key).get(value)
            if found is not None:
                return found
        return getattr(self, key).get(value)

    def add_customer(self, key, value, partner_id, ref):
        """A stored buyer found by ``key`` (prefetch): the first one found wins."""
        getattr(self, key).setdefault(value, partner_id)
        self.partner_refs[partner_id] = ref

    def add_address(self, key, contact_id):
        self.addresses[key] = contact_id

    def apply(self, changes, customers=None, contacts=None):
        """Merge what a successful step added.

        ``customers`` / ``contacts`` map the placeholders (negative ids) of the
        buyers / delivery contacts a set-based step created to their real ids.
        """
        customers, contacts = customers or {}, contacts or {}
        for key in CUSTOMER_KEYS:
            getattr(self, key).update(
                (value, customers.get(pid, pid))
                for value, pid in getattr(changes, key).items())
        self.partner_refs.update(
            (customers.get(pid, pid), ref)
            for pid, ref in changes.partner_refs.items())
        self.addresses.update(
            (_real_key(key, customers), contacts.get(cid, cid))
            for key, cid in changes.addresses.items())

    # -- retry -----------------------------------------------------------------
    def save(self):
        """A copy of what the batch changes, for :meth:`restore`."""
        return {name: dict(getattr(self, name)) for name in CHANGING}

    def restore(self, saved):
        """Back to :meth:`save`'s state (the set-based attempt was rolled back)."""
        for name, value in saved.items():
            setattr(self, name, dict(value))

    # -- dict-style access of the former lookup dict (overrides written for it)
    def __getitem__(self, key):
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key)

    def __contains__(self, key):
        return key in CHANGING or key in (
            "refs", "products", "product_data", "countries", "states", "carriers")


def _real_key(key, real):
    """An address key whose first item (the customer) may be a placeholder."""
    if real and isinstance(key, tuple) and key and key[0] in real:
        return (real[key[0]],) + key[1:]
    return key


def split_batch(validated, lookup):
    """Sort validated orders into what to answer and what to create.

    ``validated``: [(raw, order or None, IntakeError or None)]. Returns
    ``(answers, todo)``: ``answers[i]`` is ("rejected", error), ("exists",
    (id, name)), ("repeat", ref) for a ref already earlier in the batch, or
    None for an order to create; ``todo`` lists (index, order) to create, each
    ref once.
    """
    answers, todo, first = [None] * len(validated), [], set()
    for index, (_raw, order, error) in enumerate(validated):
        if error:
            answers[index] = ("rejected", error)
            continue
        ref = order["external_ref"]
        found = lookup.existing_order(ref)
        if found:
            answers[index] = ("exists", found)
        elif ref in first:
            answers[index] = ("repeat", ref)
        else:
            first.add(ref)
            todo.append((index, order))
    return answers, todo


def batch_results(validated, answers, lookup):
    """The answer rows of a batch taken set-based (:func:`split_batch`'s answers,
    ``("created", ref)`` for the orders created)."""
    results = []
    for (raw, order, _error), (kind, value) in zip(validated, answers):
        if kind == "rejected":
            results.append(intake.result_row(intake.raw_ref(raw), "rejected",
                                             error=value))
        elif kind == "exists":
            results.append(intake.result_row(order["external_ref"], "exists", *value))
        else:   # created here, or its ref again later in the batch
            status = "created" if kind == "created" else "exists"
            results.append(intake.result_row(value, status,
                                             *lookup.existing_order(value)))
    return results


def new_refs(validated, lookup):
    """The refs of valid orders the channel does not have yet."""
    return {order["external_ref"] for _raw, order, _error in validated
            if order and lookup.existing_order(order["external_ref"]) is None}
