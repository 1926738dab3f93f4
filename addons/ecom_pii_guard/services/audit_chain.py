"""Hash chain of append-only audit rows; pure Python, no ORM.

Each audit row stores the hash of its predecessor and its own hash, computed
over a canonical serialisation of its payload. Changing, deleting or
re-ordering any row breaks the chain from that row on, which
:func:`verify` reports as the first broken link.

Rows are written unchained by the business transaction and *sealed* into the
chain afterwards, in batches (:func:`seal`): see the model mixin
``ecom.audit.chain.mixin`` for why and for the locking.
"""
import hashlib
import json

#: Hash of the (virtual) row before the first one.
GENESIS = "0" * 64


def _normalise(value):
    """Values as JSON sees them, identical whatever Odoo returns (False/None/"")."""
    if value is None or value is False:
        return None
    if isinstance(value, float):
        # Quantities: fixed precision so 1.0 and 1.00000001 from the DB agree.
        return "%.6f" % value
    if isinstance(value, (list, tuple)):
        return [_normalise(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _normalise(item) for key, item in value.items()}
    if isinstance(value, (int, str)):
        return value
    return str(value)


def canonical(payload):
    """Canonical text of a payload dict: sorted keys, no spaces, UTF-8 kept."""
    if not isinstance(payload, dict):
        raise TypeError("payload must be a dict, got %s" % type(payload).__name__)
    return json.dumps(
        _normalise(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def chain_hash(previous_hash, payload):
    """sha256 over the previous row's hash and this row's canonical payload."""
    if not previous_hash or len(previous_hash) != 64:
        raise ValueError("previous_hash must be a 64-character hex digest")
    text = previous_hash + "\n" + canonical(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(previous_hash, rows, last_position=0):
    """Chain ``rows`` after the row whose hash is ``previous_hash``.

    ``rows`` is an iterable of ``(key, payload)`` in the order they join the
    chain; ``last_position`` is the chain position of ``previous_hash`` (0 for
    :data:`GENESIS`). Returns ``[(key, position, previous hash, row hash)]``,
    ready to store; the last row hash is where the next batch continues.
    """
    sealed = []
    for position, (key, payload) in enumerate(rows, last_position + 1):
        digest = chain_hash(previous_hash, payload)
        sealed.append((key, position, previous_hash, digest))
        previous_hash = digest
    return sealed


def verify(rows, head_hash=None):
    """Check rows in chain order; return ``None`` if intact, else the first broken row.

    ``rows`` is an iterable of ``(key, payload, previous_hash, row_hash)``. A row
    is broken when its stored previous hash differs from the hash of the row
    before it (a row was deleted, inserted or re-ordered) or when its own hash
    does not match its payload (the row was changed). Returns
    ``(key, reason)`` for the first broken row. ``head_hash``, when given, is
    the hash the chain was last sealed with (kept apart from the rows): if the
    last row does not end on it, the newest rows were removed and the result
    is ``(None, "head")``.
    """
    expected_previous = GENESIS
    for key, payload, previous_hash, row_hash in rows:
        if previous_hash != expected_previous:
            return key, "previous_hash"
        if chain_hash(previous_hash, payload) != row_hash:
            return key, "hash"
        expected_previous = row_hash
    if head_hash is not None and head_hash != expected_previous:
        return None, "head"
    return None
