"""A fake third-party warehouse (3PL) for the tests and the benchmark.

A plain ``http.server`` process (start it with :func:`start` or
``python server.py --port P --secret S``), speaking ecom_3pl's protocol:

* ``POST /api/messages`` (signed by Odoo): outbound orders, cancellations,
  ASNs, product syncs. Each idempotency key is applied once (a resend answers
  ``duplicate``); an accepted outbound order is confirmed back to Odoo by a
  signed ``ship_confirm`` webhook, numbered in the fake's sequence.
* control (tests only, unsigned, loopback): ``POST /control`` sets the modes
  (``fail_next``: answer 500 to the next n pushes; ``timeout_next`` /
  ``timeout_seconds``: hang on the next n pushes; ``duplicate``: send every
  webhook twice; ``reorder``: send the webhooks of a batch one by one in
  reverse sequence; ``delay``: seconds before confirming; ``auto_confirm``;
  ``callback_url``; ``batch``: confirmations per webhook); ``GET /state``;
  ``POST /send`` (messages of any type to Odoo, optionally badly signed,
  answers Odoo's status and body); ``POST /wait_idle``; ``POST /reset``.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ADDON_SERVICES = os.path.join(HERE, "..", "..", "addons", "ecom_3pl", "services")
sys.path.insert(0, ADDON_SERVICES)
import protocol  # noqa: E402  (plain module of the add-on, no Odoo import)

DEFAULT_MODES = {"fail_next": 0, "timeout_next": 0, "timeout_seconds": 15,
                 "duplicate": False, "reorder": False, "delay": 0.0,
                 "auto_confirm": True, "callback_url": None, "batch": 500}


class State:
    def __init__(self, secret):
        self.secret = secret
        self.lock = threading.Condition()
        self.reset()

    def reset(self):
        with self.lock:
            self.modes = dict(DEFAULT_MODES)
            self.applied = {}       # key -> times applied (must stay 1)
            self.received = {}      # key -> times received
            self.documents = {}     # key -> message as received
            self.cancelled = set()
            self.sequence = 0
            self.pending = []       # webhooks to send: (due time, message)
            self.sending = 0
            self.webhooks = []      # (status, results) of each webhook sent
            self.push_requests = 0
            self.failures = 0

    def next_sequence(self):
        self.sequence += 1
        return self.sequence


def post(url, body, headers, timeout=60):
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    for key, value in headers.items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set by serve()

    def log_message(self, *args):  # quiet
        pass

    def _reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length)

    def do_GET(self):
        if self.path.startswith("/state"):
            state = self.state
            with state.lock:
                return self._reply(200, {
                    "applied": state.applied, "received": state.received,
                    "cancelled": sorted(state.cancelled),
                    "sequence": state.sequence, "pending": len(state.pending),
                    "webhooks": state.webhooks[-50:],
                    "webhook_count": len(state.webhooks),
                    "push_requests": state.push_requests,
                    "failures": state.failures,
                    "documents": state.documents if "docs" in self.path else {},
                    "modes": state.modes})
        return self._reply(404, {"error": "not found"})

    def do_POST(self):
        raw = self._body()
        state = self.state
        if self.path == "/api/messages":
            return self._push(raw)
        document = json.loads(raw.decode() or "{}")
        if self.path == "/control":
            with state.lock:
                if "sequence" in document:
                    state.sequence = int(document.pop("sequence"))
                state.modes.update(document)
            return self._reply(200, state.modes)
        if self.path == "/reset":
            state.reset()
            return self._reply(200, {})
        if self.path == "/wait_idle":
            deadline = time.time() + float(document.get("timeout", 30))
            with state.lock:
                while (state.pending or state.sending) and time.time() < deadline:
                    state.lock.wait(0.1)
                idle = not state.pending and not state.sending
            return self._reply(200 if idle else 504, {"idle": idle})
        if self.path == "/send":
            messages = document["messages"]
            with state.lock:
                for message in messages:
                    if not message.get("sequence"):
                        # a forged message does not consume the 3PL's numbering
                        message["sequence"] = 10 ** 9 if document.get(
                            "bad_signature") else state.next_sequence()
                url = state.modes["callback_url"]
            status, text = send_webhook(state, url, messages,
                                        bad_signature=document.get("bad_signature"))
            return self._reply(200, {"status": status, "body": text})
        return self._reply(404, {"error": "not found"})

    def _push(self, raw):
        state = self.state
        with state.lock:
            state.push_requests += 1
            if protocol.verify(state.secret, raw, self.headers):
                state.failures += 1
                return self._reply(401, {"error": "bad signature"})
            if state.modes["fail_next"] > 0:
                state.modes["fail_next"] -= 1
                state.failures += 1
                return self._reply(500, {"error": "simulated outage"})
            hang = state.modes["timeout_next"] > 0
            if hang:
                state.modes["timeout_next"] -= 1
                state.failures += 1
                seconds = state.modes["timeout_seconds"]
        document = json.loads(raw.decode())
        results = self._apply(document)
        if hang:
            # applied, but the answer comes too late: the client gave up and
            # must resend with the same keys (answered "duplicate")
            time.sleep(seconds)
            return self._reply(504, {"error": "simulated timeout"})
        return self._reply(200, {"results": results})

    def _apply(self, document):
        state = self.state
        results, confirms = [], []
        with state.lock:
            for message in document.get("messages", []):
                key = message["key"]
                state.received[key] = state.received.get(key, 0) + 1
                if key in state.applied:
                    results.append({"key": key, "status": "duplicate"})
                    continue
                state.applied[key] = 1
                state.documents[key] = message
                results.append({"key": key, "status": "accepted"})
                payload = message.get("payload") or {}
                if message["type"] == "cancel":
                    state.cancelled.add(payload.get("order_code")
                                        or payload.get("asn_code"))
                elif message["type"] == "outbound" and state.modes["auto_confirm"]:
                    confirms.append(payload)
            due = time.time() + float(state.modes["delay"])
            for payload in confirms:
                state.pending.append((due, {
                    "message_id": "SHIP-%s" % payload["order_code"],
                    "type": "ship_confirm",
                    "payload": {"order_code": payload["order_code"],
                                "carrier": payload.get("carrier") or "SF Express",
                                "tracking_ref": "SF%010d" % (len(state.applied)),
                                "lines": payload.get("lines") or []}}))
            state.lock.notify_all()
        return results


def send_webhook(state, url, messages, bad_signature=False):
    body = json.dumps({"messages": messages}).encode()
    headers = protocol.sign(state.secret, body)
    if bad_signature:
        headers = protocol.sign(state.secret + "-wrong", body)
    try:
        status, text = post(url, body, headers, timeout=600)
    except (urllib.error.URLError, OSError) as error:
        status, text = 0, str(error)
    with state.lock:
        try:
            # Odoo answers application/json POSTs in a JSON-RPC envelope
            answer = json.loads(text).get("result") or {}
            results = answer.get("results")
            if results is None:
                status = 400 if status == 200 else status
                print("webhook refused: %s %s" % (status, text[:500]), flush=True)
        except (ValueError, AttributeError):
            results = None
        state.webhooks.append({"status": status, "results": results,
                               "ids": [m.get("message_id") for m in messages]})
    return status, text


def webhook_sender(state):
    """Send due confirmations in batches, in the fake's sequence order."""
    while True:
        with state.lock:
            now = time.time()
            due = [item for item in state.pending if item[0] <= now]
            url = state.modes["callback_url"]
            if not due or not url:
                state.lock.wait(0.05)
                continue
            batch = due[:state.modes["batch"]]
            for item in batch:
                state.pending.remove(item)
            messages = []
            for _due, message in batch:
                if message["payload"]["order_code"] in state.cancelled:
                    continue
                if not message.get("sequence"):  # a resend keeps its number
                    message["sequence"] = state.next_sequence()
                messages.append(message)
            state.sending += 1
            modes = dict(state.modes)
        try:
            if modes["reorder"]:
                requests_ = [[m] for m in reversed(messages)]
            else:
                requests_ = [messages] if messages else []
            for request_messages in requests_:
                for _copy in range(2 if modes["duplicate"] else 1):
                    status, _text = send_webhook(state, url, request_messages)
                    if status != 200:
                        # Odoo not reachable: keep them for later, in order
                        with state.lock:
                            state.pending.extend(
                                (time.time() + 0.5, m) for m in request_messages)
                        time.sleep(0.5)
                        break
        finally:
            with state.lock:
                state.sending -= 1
                state.lock.notify_all()


def serve(port, secret):
    state = State(secret)
    Handler.state = state
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=webhook_sender, args=(state,), daemon=True).start()
    server.serve_forever()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Fake3PL:
    """The fake as a child process; ``control``, ``state``, ``send`` helpers."""

    def __init__(self, secret, log_path=None):
        self.secret = secret
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = log_path or os.devnull
        self.process = None

    def start(self, timeout=15):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--port", str(self.port),
             "--secret", self.secret],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                self.state()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("the fake 3PL did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def _call(self, path, document=None, timeout=120):
        if document is None:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as resp:
                return json.loads(resp.read().decode())
        status, text = post(self.url + path, json.dumps(document).encode(), {},
                            timeout=timeout)
        return json.loads(text)

    def state(self, docs=False):
        return self._call("/state" + ("?docs=1" if docs else ""))

    def control(self, **modes):
        return self._call("/control", modes)

    def reset(self):
        return self._call("/reset", {})

    def wait_idle(self, timeout=30):
        return self._call("/wait_idle", {"timeout": timeout},
                          timeout=timeout + 5)["idle"]

    def send(self, messages, bad_signature=False):
        """Messages to Odoo's webhook -> (HTTP status, parsed body)."""
        answer = self._call("/send", {"messages": messages,
                                      "bad_signature": bad_signature})
        try:
            body = json.loads(answer["body"])
            body = body.get("result", body)
        except (ValueError, AttributeError):
            body = answer["body"]
        return answer["status"], body


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    serve(args.port, args.secret)
