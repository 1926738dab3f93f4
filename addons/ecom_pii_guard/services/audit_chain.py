"""Hash chain of append-only audit rows; pure Python, no ORM.

Each audit row stores the hash of its predecessor and its own hash, computed
over a canonical serialisation of its payload. Changing, deleting or
re-ordering any row breaks the chain from that row on, which
:func:`verify` reports as the first broken link.
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


def verify(rows):
    """Check rows in chain order; return ``None`` if intact, else the first broken row.

    ``rows`` is an iterable of ``(key, payload, previous_hash, row_hash)``. A row
    is broken when its stored previous hash differs from the hash of the row
    before it (a row was deleted, inserted or re-ordered) or when its own hash
    does not match its payload (the row was changed). Returns
    ``(key, reason)`` for the first broken row.
    """
    expected_previous = GENESIS
    for key, payload, previous_hash, row_hash in rows:
        if previous_hash != expected_previous:
            return key, "previous_hash"
        if chain_hash(previous_hash, payload) != row_hash:
            return key, "hash"
        expected_previous = row_hash
    return None
