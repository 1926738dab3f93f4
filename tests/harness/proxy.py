"""A minimal reverse proxy in front of a prefork Odoo, as nginx is in production.

With ``--workers`` Odoo serves ``/longpolling/*`` on a separate (gevent) port;
a browser talking straight to the HTTP port gets "bus.Bus unavailable" errors
in its console. The browser tests talk to this proxy, which sends
``/longpolling/`` to the gevent port and everything else to the HTTP port.
"""
import http.client
import http.server
import socketserver
import threading

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "upgrade",
               "proxy-connection", "te", "trailer"}


def make_handler(server):
    """``server`` has ``port`` and ``longpolling_port``, read at each request
    so that a restarted server (new ports) is still reached."""
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output quiet
            pass

        def _forward(self):
            port = server.port
            if self.path.startswith("/longpolling/"):
                port = server.longpolling_port
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP_HEADERS}
            headers["X-Forwarded-Host"] = self.headers.get("Host", "")
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except OSError:
                self.send_error(502)  # Odoo stopped or restarting
                return
            finally:
                conn.close()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_HEADERS and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _forward

    return Handler


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """A browser dropping a long-poll or a page load is normal here."""


class Proxy:
    def __init__(self, odoo_server):
        self.server = _Server(("127.0.0.1", 0), make_handler(odoo_server))
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
