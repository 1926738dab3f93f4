"""Validation of the messages a 3PL sends (webhook or XML-RPC), no ORM.

Every message::

    {"message_id": "SF-000123",        # unique per backend: idempotency
     "sequence": 123,                  # the 3PL's order of events, from 1
     "type": "ship_confirm",           # implied by the XML-RPC method
     "payload": {...}}

Payloads (modelled on Qimen ``deliveryorder.confirm``, ``entryorder.confirm``,
``inventory.report`` and ``stockchange.report``)::

    ship_confirm:    {"order_code", "carrier", "tracking_ref",
                      "lines": [{"sku", "qty"}] (optional: all reserved)}
    receipt_confirm: {"asn_code", "lines": [{"sku", "qty"}]}
    stock_snapshot:  {"lines": [{"sku", "qty"}]}   (every SKU the 3PL holds)
    stock_change:    {"lines": [{"sku", "qty_delta"}], "reason"}
    return_notice:   {"order_code", "lines": [{"sku", "qty"}]}
"""
from .errors import ThreePLError
from .protocol import IN_TYPES

MAX_BATCH = 1000
MAX_LINES = 200000
REF_LENGTH = 64


def _text(payload, name, field, required=True, length=REF_LENGTH):
    value = payload.get(name)
    if value in (None, False, ""):
        if required:
            raise ThreePLError("missing_field", field)
        return False
    if not isinstance(value, str) or len(value.strip()) > length:
        raise ThreePLError("invalid_value", field, value=value)
    return value.strip()


def _number(value, field, positive=True, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ThreePLError("invalid_value", field, value=value)
    if integer and int(value) != value:
        raise ThreePLError("invalid_value", field, value=value)
    if positive and value < 0:
        raise ThreePLError("invalid_value", field, value=value)
    return value


def _lines(payload, field, qty_name="qty", required=True, signed=False):
    lines = payload.get("lines")
    if lines in (None, False) and not required:
        return []
    if not isinstance(lines, list) or (required and not lines):
        raise ThreePLError("missing_field" if not lines else "not_a_list", field)
    if len(lines) > MAX_LINES:
        raise ThreePLError("batch_too_large", field, max=MAX_LINES)
    result = []
    for index, line in enumerate(lines):
        where = "%s[%d]" % (field, index)
        if not isinstance(line, dict):
            raise ThreePLError("invalid_value", where, value=line)
        sku = _text(line, "sku", where + ".sku")
        if qty_name not in line:
            raise ThreePLError("missing_field", "%s.%s" % (where, qty_name))
        qty = _number(line[qty_name], "%s.%s" % (where, qty_name),
                      positive=not signed)
        result.append((sku, float(qty)))
    return result


def check_batch(messages, field="messages"):
    if not isinstance(messages, list):
        raise ThreePLError("not_a_list", field)
    if len(messages) > MAX_BATCH:
        raise ThreePLError("batch_too_large", field, max=MAX_BATCH)


def raw_id(message):
    if isinstance(message, dict) and isinstance(message.get("message_id"), str):
        return message["message_id"].strip()[:REF_LENGTH] or False
    return False


def validate(message, msg_type=None):
    """-> normalised dict {message_id, sequence, type, payload, lines}."""
    if not isinstance(message, dict):
        raise ThreePLError("invalid_value", "message", value=message)
    message_id = _text(message, "message_id", "message_id")
    sequence = message.get("sequence")
    if sequence is None:
        raise ThreePLError("missing_field", "sequence")
    sequence = int(_number(sequence, "sequence", integer=True))
    if sequence < 1:
        raise ThreePLError("invalid_value", "sequence", value=sequence)
    msg_type = msg_type or message.get("type")
    if msg_type not in IN_TYPES:
        raise ThreePLError("unknown_type", "type", value=msg_type)
    payload = message.get("payload")
    if not isinstance(payload, dict):
        raise ThreePLError("missing_field", "payload")
    result = {"message_id": message_id, "sequence": sequence, "type": msg_type,
              "payload": payload, "ref": False, "lines": []}
    if msg_type == "ship_confirm":
        result["ref"] = _text(payload, "order_code", "payload.order_code")
        result["carrier"] = _text(payload, "carrier", "payload.carrier",
                                  required=False)
        result["tracking_ref"] = _text(payload, "tracking_ref",
                                       "payload.tracking_ref")
        result["lines"] = _lines(payload, "payload.lines", required=False)
    elif msg_type == "receipt_confirm":
        result["ref"] = _text(payload, "asn_code", "payload.asn_code")
        result["lines"] = _lines(payload, "payload.lines")
    elif msg_type == "stock_snapshot":
        result["lines"] = _lines(payload, "payload.lines", required=False)
    elif msg_type == "stock_change":
        result["lines"] = _lines(payload, "payload.lines", qty_name="qty_delta",
                                 signed=True)
        result["reason"] = _text(payload, "reason", "payload.reason",
                                 required=False, length=256)
    elif msg_type == "return_notice":
        result["ref"] = _text(payload, "order_code", "payload.order_code")
        result["lines"] = _lines(payload, "payload.lines", required=False)
    return result


def plan_sequence(last_seq, waiting, now, gap_timeout):
    """Which received messages to apply now, in the 3PL's order.

    ``waiting``: iterable of (sequence, key, received_epoch) not yet applied.
    A message applies when every earlier sequence has been applied; a gap
    older than ``gap_timeout`` seconds (the 3PL lost a message, or sends it
    hours late) is skipped so the stream does not stop for ever. A message
    below ``last_seq`` (arrived after its gap was skipped) applies at once.

    Returns (keys to apply in order, new last sequence, skipped (from, to)).

    >>> plan_sequence(0, [(2, "b", 0), (1, "a", 0)], 10, 60)
    (['a', 'b'], 2, [])
    >>> plan_sequence(0, [(2, "b", 5)], 10, 60)
    ([], 0, [])
    >>> plan_sequence(0, [(3, "c", 0)], 100, 60)
    (['c'], 3, [(1, 2)])
    """
    keys, skipped = [], []
    for sequence, key, received in sorted(waiting):
        if sequence <= last_seq:
            keys.append(key)
        elif sequence == last_seq + 1:
            keys.append(key)
            last_seq = sequence
        elif now - received >= gap_timeout:
            skipped.append((last_seq + 1, sequence - 1))
            keys.append(key)
            last_seq = sequence
        else:
            break
    return keys, last_seq, skipped


def done_quantities(moves, shipped):
    """Done quantity of each move of one transfer from what the 3PL shipped.

    ``moves``: [(move id, product id, demand)] in the transfer's order;
    ``shipped``: [(product id, qty)] of the confirmation, empty when it gave
    no lines (everything shipped). A product's shipped quantity fills its
    moves in order, each up to its demand; -> [(move id, qty)].

    >>> done_quantities([(1, 7, 2.0), (2, 7, 3.0), (3, 8, 1.0)], [(7, 4.0)])
    [(1, 2.0), (2, 2.0), (3, 0.0)]
    >>> done_quantities([(1, 7, 2.0)], [])
    [(1, 2.0)]
    """
    if not shipped:
        return [(move_id, demand) for move_id, _product, demand in moves]
    wanted = {}
    for product_id, qty in shipped:
        wanted[product_id] = wanted.get(product_id, 0.0) + qty
    result = []
    for move_id, product_id, demand in moves:
        qty = min(wanted.get(product_id, 0.0), demand)
        wanted[product_id] = wanted.get(product_id, 0) - qty
        result.append((move_id, qty))
    return result
