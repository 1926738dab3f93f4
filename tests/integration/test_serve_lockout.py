"""Lockout after failed logins per address + login, per address and per login
(any address), on XML-RPC ``authenticate`` and JSON ``/web/session/authenticate``;
mandatory second factor refuses password-only API logins (issue #13, point 4).

Client addresses: Odoo runs with proxy_mode behind nginx and takes the client
address from X-Forwarded-For. The tests play clients at documentation
addresses (203.0.113.0/24) by talking to Odoo's loopback port with that header
(what nginx sends), so loopback, whitelisted in demo databases, is never
banned; a last test checks that through nginx the header cannot be forged.
"""
import http.client
import json
import os
import random
import xmlrpc.client

import pytest

from harness import roles
from harness.rpc import RpcClient
from harness.serve import shared_stack

PARAMS = ("auth_brute_force.max_by_ip", "auth_brute_force.max_by_ip_user",
          "ecom_security.max_by_login")


@pytest.fixture(scope="module")
def stack(request, installed_addons):
    if "ecom_security" not in installed_addons:
        pytest.skip("not installed in this run: ecom_security")
    return shared_stack(request, os.environ["ECOM_ODOO_CONF"],
                        os.environ["ECOM_TEST_DB"])


@pytest.fixture(scope="module")
def admin(stack):
    return RpcClient(stack.odoo_url, stack.db, roles.ADMIN.login, roles.ADMIN.password)


@pytest.fixture
def limits(admin):
    """Low limits for the test, the previous values back afterwards."""
    before = {key: admin.call("ir.config_parameter", "get_param", key)
              for key in PARAMS}

    def set_limits(**values):
        for key, value in values.items():
            admin.call("ir.config_parameter", "set_param", key, str(value))
    yield set_limits
    for key, value in before.items():
        admin.call("ir.config_parameter", "set_param", key, value or "")


@pytest.fixture
def user(admin):
    login = "h5_lock_%06d" % random.randrange(10 ** 6)
    admin.call("res.users", "create", {
        "name": login, "login": login, "password": login,
        "groups_id": [(6, 0, [admin.ref("ecom_base.group_customer_service")])]})
    return login


class Transport(xmlrpc.client.Transport):
    def __init__(self, headers):
        super().__init__()
        self.extra = headers

    def send_headers(self, connection, headers):
        super().send_headers(connection, headers + list(self.extra.items()))


class SafeTransport(xmlrpc.client.SafeTransport):
    def __init__(self, headers, context):
        super().__init__(context=context)
        self.extra = headers

    def send_headers(self, connection, headers):
        super().send_headers(connection, headers + list(self.extra.items()))


def from_address(ip):
    return {"X-Forwarded-For": ip, "X-Forwarded-Host": "localhost"}


def xmlrpc_login(stack, ip, login, password, base=None):
    common = xmlrpc.client.ServerProxy(
        (base or stack.odoo_url) + "/xmlrpc/2/common",
        transport=Transport(from_address(ip)))
    return common.authenticate(stack.db, login, password, {})


def json_login(stack, ip, login, password):
    conn = http.client.HTTPConnection("127.0.0.1", stack.odoo_port, timeout=60)
    conn.request("POST", "/web/session/authenticate", body=json.dumps({
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": stack.db, "login": login, "password": password}}),
        headers=dict(from_address(ip), **{"Content-Type": "application/json"}))
    answer = json.loads(conn.getresponse().read())
    conn.close()
    return (answer.get("result") or {}).get("uid")


def attempts(admin, login):
    return admin.call("res.authentication.attempt", "search_read",
                      [("login", "=", login)], fields=["remote", "result"])


def test_address_and_login_lockout_on_xmlrpc_and_json(stack, admin, limits, user):
    limits(**{"auth_brute_force.max_by_ip_user": 3})
    for _ in range(3):
        assert not xmlrpc_login(stack, "203.0.113.10", user, "wrong")
    # the right password from that address is refused now, on both channels
    assert not xmlrpc_login(stack, "203.0.113.10", user, user)
    assert not json_login(stack, "203.0.113.10", user, user)
    # from another address the user still logs in
    assert xmlrpc_login(stack, "203.0.113.11", user, user)
    assert json_login(stack, "203.0.113.12", user, user)
    # the administrator sees the lockout and where it came from
    rows = attempts(admin, user)
    banned = [r for r in rows if r["result"] == "banned"]
    assert banned and {r["remote"] for r in banned} == {"203.0.113.10"}
    assert admin.call("res.authentication.attempt", "search_count",
                      [("login", "=", user), ("result", "=", "banned")]) == len(banned)


def test_address_lockout_for_every_login(stack, admin, limits, user):
    limits(**{"auth_brute_force.max_by_ip": 4})
    for n in range(4):
        assert not xmlrpc_login(stack, "203.0.113.20", "h5_nobody_%d" % n, "wrong")
    assert not xmlrpc_login(stack, "203.0.113.20", user, user)
    assert xmlrpc_login(stack, "203.0.113.21", user, user)


def test_login_lockout_from_any_address(stack, admin, limits, user):
    limits(**{"ecom_security.max_by_login": 3})
    for n in range(3):
        assert not xmlrpc_login(stack, "203.0.113.%d" % (30 + n), user, "wrong")
    assert not xmlrpc_login(stack, "203.0.113.40", user, user)
    assert not json_login(stack, "203.0.113.41", user, user)


def test_address_cannot_be_forged_through_nginx(stack, admin, user):
    # nginx overwrites X-Forwarded-For with the real peer (loopback here)
    common = xmlrpc.client.ServerProxy(
        stack.https_url + "/xmlrpc/2/common",
        transport=SafeTransport(from_address("203.0.113.99"),
                                context=stack.ssl_context()))
    assert not common.authenticate(stack.db, user, "wrong", {})
    remotes = {r["remote"] for r in attempts(admin, user)}
    assert "203.0.113.99" not in remotes
    assert remotes & {"127.0.0.1", "::1"}


def test_mandatory_second_factor_refuses_password_only_logins(stack, admin, user):
    # the flag sits on a test group holding the test user: demo roles untouched
    role = admin.call("res.groups", "create", {
        "name": "H5 mandatory 2FA %s" % user, "ecom_totp_mandatory": True,
        "users": [(4, admin.call("res.users", "search", [("login", "=", user)])[0])]})
    try:
        assert not xmlrpc_login(stack, "203.0.113.50", user, user)
        assert not json_login(stack, "203.0.113.51", user, user)
        # a password without the second factor is no success (lockout counts)
        results = {r["remote"]: r["result"] for r in attempts(admin, user)}
        assert results == {"203.0.113.50": "failed", "203.0.113.51": "failed"}
    finally:
        admin.call("res.groups", "unlink", [role])
    assert xmlrpc_login(stack, "203.0.113.52", user, user)
