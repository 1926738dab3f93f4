"""``make serve``'s stack: TLS, redirects, refused plain-HTTP posts, cookies,
Odoo reachable only through the proxy (issue #13, point 2 and 5).

"Not reachable except through the proxy" on one machine means: every socket
Odoo's processes listen on is bound to 127.0.0.1 (so no other host can reach
it, and the machine's other addresses refuse the port), and nginx's ports are
the only listeners of the stack on a public address.
"""
import http.client
import json
import os
import socket
import ssl
import urllib.request
import xmlrpc.client

import psutil
import pytest

from harness import roles
from harness.serve import shared_stack


@pytest.fixture(scope="module")
def stack(request):
    return shared_stack(request, os.environ["ECOM_ODOO_CONF"],
                        os.environ["ECOM_TEST_DB"])


def plain(stack, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("localhost", stack.http_port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_xmlrpc_over_https_verifies_the_certificate(stack):
    admin = roles.ADMIN
    common = stack.xmlrpc("common")
    uid = common.authenticate(stack.db, admin.login, admin.password, {})
    assert uid
    models = stack.xmlrpc("object")
    [user] = models.execute_kw(stack.db, uid, admin.password, "res.users", "read",
                               [[uid]], {"fields": ["login"]})
    assert user["login"] == admin.login
    # a client that does not trust the test CA refuses the server
    untrusting = xmlrpc.client.ServerProxy(
        stack.https_url + "/xmlrpc/2/common", context=ssl.create_default_context())
    with pytest.raises(ssl.SSLCertVerificationError):
        untrusting.version()


def test_certificate_is_labelled_for_testing(stack):
    context = stack.ssl_context()
    with socket.create_connection(("localhost", stack.https_port)) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            cert = tls.getpeercert()
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
    subject = dict(pair[0] for pair in cert["subject"])
    assert "FOR TESTING" in subject["commonName"]


def test_plain_http_get_is_redirected(stack):
    status, headers, _body = plain(stack, "GET", "/web/login?redirect=%2Fweb")
    assert status == 301
    assert headers["Location"] == "%s/web/login?redirect=%%2Fweb" % stack.https_url


@pytest.mark.parametrize("path, body, content_type", [
    ("/xmlrpc/2/common", xmlrpc.client.dumps(
        (roles.ADMIN.login, roles.ADMIN.password), "login"), "text/xml"),
    ("/web/session/authenticate", json.dumps({
        "jsonrpc": "2.0", "params": {"login": "admin", "password": "admin"}}),
     "application/json"),
    ("/web/login", "login=admin&password=admin", "application/x-www-form-urlencoded"),
])
def test_plain_http_post_is_refused_not_redirected(stack, path, body, content_type):
    status, headers, text = plain(stack, "POST", path, body=body.encode(),
                                  headers={"Content-Type": content_type})
    assert status == 403
    assert "Location" not in headers
    assert b"Plain HTTP is refused" in text and b"https://" in text


def test_hsts_and_secure_cookies(stack):
    request = urllib.request.Request(stack.https_url + "/web/login")
    with urllib.request.urlopen(request, context=stack.ssl_context()) as response:
        assert "max-age=" in response.headers["Strict-Transport-Security"]
        cookies = response.headers.get_all("Set-Cookie")
    session = [c for c in cookies if c.startswith("session_id=")]
    assert session, cookies
    flags = {part.strip().lower() for part in session[0].split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags
    assert all("secure" in c.lower() for c in cookies), cookies


def test_odoo_sees_https_and_the_real_host(stack):
    """proxy_mode: Odoo builds its redirects with the public https URL."""
    conn = http.client.HTTPSConnection("localhost", stack.https_port,
                                       context=stack.ssl_context(), timeout=30)
    conn.request("GET", "/web")
    response = conn.getresponse()
    assert response.status in (302, 303)
    assert response.getheader("Location").startswith(stack.https_url + "/web/login")
    conn.close()


def _stack_processes(stack):
    """Odoo's processes (master, workers, gevent) and nginx's (master, workers)."""
    procs = list(psutil.process_iter(["cmdline", "uids", "ppid"]))
    odoo = [p for p in procs if stack.odoo_conf in " ".join(p.info["cmdline"] or [])]
    masters = {p.pid for p in procs
               if "nginx" in " ".join(p.info["cmdline"] or [])
               and stack.dir in " ".join(p.info["cmdline"] or [])}
    nginx = [p for p in procs if p.pid in masters or p.info["ppid"] in masters]
    return odoo, nginx


def _listening(procs):
    pids = {p.pid for p in procs}
    return {(c.laddr.ip, c.laddr.port) for c in psutil.net_connections("inet")
            if c.status == psutil.CONN_LISTEN and c.pid in pids}


def test_odoo_listens_on_loopback_only_and_nginx_is_the_entry(stack):
    odoo, nginx = _stack_processes(stack)
    assert odoo and nginx
    odoo_sockets = _listening(odoo)
    assert {port for _ip, port in odoo_sockets} == {
        stack.odoo_port, stack.longpolling_port}
    assert {ip for ip, _port in odoo_sockets} == {"127.0.0.1"}
    public = {(ip, port) for ip, port in _listening(nginx)}
    assert public == {("0.0.0.0", stack.http_port), ("0.0.0.0", stack.https_port)}
    # the machine's other addresses refuse Odoo's port
    others = {addr.address for addrs in psutil.net_if_addrs().values()
              for addr in addrs if addr.family == socket.AF_INET
              and not addr.address.startswith("127.")}
    for address in others:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((address, stack.odoo_port), timeout=5).close()
        socket.create_connection((address, stack.https_port), timeout=5).close()


def test_odoo_runs_unprivileged(stack):
    odoo, _nginx = _stack_processes(stack)
    if os.getuid() != 0:
        pytest.skip("tests not run as root: Odoo runs as the invoking user")
    assert all(proc.info["uids"].real != 0 and proc.info["uids"].effective != 0
               for proc in odoo if "runuser" not in " ".join(proc.info["cmdline"]))


def test_production_options(stack):
    """list_db off: the database manager's list is refused; master password hashed."""
    conn = http.client.HTTPSConnection("localhost", stack.https_port,
                                       context=stack.ssl_context(), timeout=30)
    conn.request("POST", "/web/database/list", body=json.dumps(
        {"jsonrpc": "2.0", "params": {}}), headers={"Content-Type": "application/json"})
    answer = json.loads(conn.getresponse().read())
    conn.close()
    assert "error" in answer
    with open(stack.odoo_conf) as handle:
        text = handle.read()
    assert "admin_passwd = $pbkdf2-sha512$" in text
    assert "list_db = False" in text and "proxy_mode = True" in text


def test_longpolling_goes_to_the_gevent_port(stack):
    """Through nginx a poll is held open (gevent server); the HTTP workers
    answer it at once with an error."""
    body = json.dumps({"jsonrpc": "2.0", "method": "call",
                       "params": {"channels": [], "last": 0}})
    headers = {"Content-Type": "application/json"}
    direct = http.client.HTTPConnection("127.0.0.1", stack.odoo_port, timeout=30)
    direct.request("POST", "/longpolling/poll", body=body, headers=headers)
    assert b"bus.Bus unavailable" in direct.getresponse().read()
    direct.close()
    proxied = http.client.HTTPSConnection("localhost", stack.https_port,
                                          context=stack.ssl_context(), timeout=3)
    proxied.request("POST", "/longpolling/poll", body=body, headers=headers)
    with pytest.raises(socket.timeout):
        proxied.getresponse()
    proxied.close()
