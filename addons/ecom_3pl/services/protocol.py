"""The 3PL wire protocol: canonical JSON, HMAC signatures, hashes, backoff.

Plain Python (no ORM), shared by the add-on, the fake 3PL server of the tests
and the benchmark. Requests and webhooks carry::

    X-Ecom-3PL-Timestamp: <unix seconds>
    X-Ecom-3PL-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

The body is the UTF-8 JSON document exactly as sent; the receiver checks the
signature over the raw bytes (never over a re-serialised copy) and refuses a
timestamp further than ``MAX_SKEW`` seconds from its clock (replays).
"""
import hashlib
import hmac
import json
import time

SIGNATURE_HEADER = "X-Ecom-3PL-Signature"
TIMESTAMP_HEADER = "X-Ecom-3PL-Timestamp"
SCHEME = "sha256="
MAX_SKEW = 300

#: Message types of the outbox (to the 3PL) and the inbox (from it).
OUT_TYPES = ("item_sync", "outbound", "cancel", "asn")
IN_TYPES = ("ship_confirm", "receipt_confirm", "stock_snapshot", "stock_change",
            "return_notice")
#: Qimen method each type is modelled on (README).
QIMEN = {
    "item_sync": "singleitem.synchronize",
    "outbound": "deliveryorder.create",
    "cancel": "order.cancel",
    "asn": "entryorder.create",
    "ship_confirm": "deliveryorder.confirm",
    "receipt_confirm": "entryorder.confirm",
    "stock_snapshot": "inventory.report",
    "stock_change": "stockchange.report",
    "return_notice": "returnorder.confirm",
}


def canonical(document):
    """Stable JSON text of ``document`` (sorted keys, no spaces, UTF-8)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def payload_hash(document):
    """SHA-256 hex of the canonical JSON: equal payloads, equal hashes."""
    return hashlib.sha256(canonical(document).encode("utf-8")).hexdigest()


def sign(secret, body, timestamp=None):
    """Headers signing ``body`` (bytes) with ``secret`` (str)."""
    timestamp = str(int(timestamp if timestamp is not None else time.time()))
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                   hashlib.sha256).hexdigest()
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: SCHEME + mac}


def verify(secret, body, headers, now=None, max_skew=MAX_SKEW):
    """None when ``headers`` sign ``body`` with ``secret``, else the reason code.

    Reason codes: ``signature_missing``, ``signature_invalid``,
    ``timestamp_invalid`` (missing, not a number, or too far from ``now``).
    """
    get = headers.get
    signature = get(SIGNATURE_HEADER) or get(SIGNATURE_HEADER.lower())
    timestamp = get(TIMESTAMP_HEADER) or get(TIMESTAMP_HEADER.lower())
    if not signature or not timestamp or not secret:
        return "signature_missing"
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return "timestamp_invalid"
    now = time.time() if now is None else now
    if abs(now - stamp) > max_skew:
        return "timestamp_invalid"
    expected = sign(secret, body, stamp)[SIGNATURE_HEADER]
    if not hmac.compare_digest(expected, signature):
        return "signature_invalid"
    return None


def backoff_seconds(attempts, base=10, cap=3600):
    """Delay before attempt ``attempts + 1``: base * 2**(attempts-1), capped.

    >>> [backoff_seconds(n, base=10) for n in (1, 2, 3, 4)]
    [10, 20, 40, 80]
    """
    if attempts < 1:
        return 0
    return min(cap, base * 2 ** (attempts - 1))
