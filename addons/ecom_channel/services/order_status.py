"""Where a channel order is, as ``order_status`` answers it.

Plain Python, no ORM: the model reads the order's state and its pickings into
:class:`Picking` tuples; the state and the answer row are decided here.
"""
import collections

#: what the model reads of each picking of an order
Picking = collections.namedtuple("Picking", [
    "state",          # stock.picking state
    "outgoing",       # a delivery to the customer (picking type code outgoing)
    "printed",        # its picking list was printed
    "started",        # some move line has a done quantity
    "delivered_at",   # ecom_delivered_at (the carrier's delivery confirmation)
    "carrier",        # carrier name or False
    "tracking_ref",   # carrier_tracking_ref or False
    "date_done",      # validation time (UTC string) or False
])

STATES = ("unknown", "quotation", "confirmed", "picking", "shipped", "delivered",
          "cancelled")


def order_state(sale_state, pickings):
    """quotation, confirmed, picking, shipped, delivered or cancelled."""
    if sale_state in ("draft", "sent"):
        return "quotation"
    if sale_state == "cancel":
        return "cancelled"
    pickings = [p for p in pickings if p.state != "cancel"]
    deliveries = [p for p in pickings if p.outgoing]
    if deliveries and all(p.state == "done" for p in deliveries):
        if all(p.delivered_at for p in deliveries):
            return "delivered"
        return "shipped"
    started = any(p.printed or (not p.outgoing and p.state == "done") or p.started
                  for p in pickings)
    return "picking" if started else "confirmed"


def empty_row(ref):
    """The answer for a ref the channel has no order for."""
    return {"external_ref": ref, "state": "unknown", "order_id": False,
            "order_name": False, "carrier": False, "tracking_ref": False,
            "shipped_at": False}


def status_row(ref, order_id, order_name, state, pickings, order_carrier=False):
    """One row of ``order_status``: the shipped deliveries' carrier, tracking
    numbers and last validation time, else the open deliveries' carrier and
    tracking numbers, else the order's carrier."""
    row = empty_row(ref)
    row.update(order_id=order_id, order_name=order_name, state=state)
    deliveries = [p for p in pickings if p.outgoing and p.state != "cancel"]
    done = [p for p in deliveries if p.state == "done"]
    shipping = done or deliveries
    carriers = [p.carrier for p in shipping if p.carrier]
    row["carrier"] = (carriers[0] if carriers else order_carrier) or False
    row["tracking_ref"] = ",".join(
        p.tracking_ref for p in shipping if p.tracking_ref) or False
    if done:
        row["shipped_at"] = max(p.date_done for p in done)
    return row
