"""Second-factor pages refuse whoever did not pass the password step in the
same session (sudo in the controllers: nothing without the server-side proof)."""
import os
import random
import re

import pyotp
import pytest
import requests

from harness import roles
from harness.rpc import RpcClient
from harness.serve import shared_stack


@pytest.fixture(scope="module")
def stack(request, installed_addons):
    if "ecom_security" not in installed_addons:
        pytest.skip("not installed in this run: ecom_security")
    return shared_stack(request, os.environ["ECOM_ODOO_CONF"],
                        os.environ["ECOM_TEST_DB"])


@pytest.fixture(scope="module")
def mfa_user(stack):
    admin = RpcClient(stack.odoo_url, stack.db, roles.ADMIN.login, roles.ADMIN.password)
    login = "h5_mfa_%06d" % random.randrange(10 ** 6)
    uid = admin.call("res.users", "create", {
        "name": login, "login": login, "password": login,
        "groups_id": [(6, 0, [admin.ref("ecom_base.group_customer_service")])]})
    secret = pyotp.random_base32()
    admin.call("res.users.authenticator", "create",
               {"name": "phone", "secret_key": secret, "user_id": uid})
    admin.call("res.users", "write", [uid], {"mfa_enabled": True})
    return login, secret


def browser_session(stack):
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the test CA
    session.verify = stack.ca_path
    # Odoo answers real redirects (not a script page) to Firefox
    session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) " \
        "Gecko/20100101 Firefox/115.0"
    page = session.get(stack.https_url + "/web/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return session, token


def post(stack, session, path, **data):
    return session.post(stack.https_url + path, data=data, allow_redirects=False)


def logged_in(stack, session):
    answer = session.post(stack.https_url + "/web/session/get_session_info",
                          json={"jsonrpc": "2.0", "params": {}}).json()
    return bool((answer.get("result") or {}).get("uid"))


def test_code_without_password_step_is_refused(stack, mfa_user):
    login, secret = mfa_user
    session, token = browser_session(stack)
    for path in ("/auth_totp/login", "/ecom_security/totp/enrol"):
        answer = post(stack, session, path, csrf_token=token,
                      confirmation_code=pyotp.TOTP(secret).now())
        assert answer.status_code in (302, 303)
        assert "/web/login" in answer.headers["Location"]
    assert not logged_in(stack, session)


def test_code_after_a_wrong_password_is_refused(stack, mfa_user):
    login, secret = mfa_user
    session, token = browser_session(stack)
    # a wrong password still leaves the login in the session (core Odoo)
    post(stack, session, "/web/login", csrf_token=token, login=login,
         password="wrong")
    answer = post(stack, session, "/auth_totp/login", csrf_token=token,
                  confirmation_code=pyotp.TOTP(secret).now())
    assert "/web/login" in answer.headers["Location"]
    assert not logged_in(stack, session)


def test_password_and_code_log_in(stack, mfa_user):
    login, secret = mfa_user
    session, token = browser_session(stack)
    answer = post(stack, session, "/web/login", csrf_token=token, login=login,
                  password=login)
    assert "/auth_totp/login" in answer.headers["Location"]
    assert not logged_in(stack, session)
    answer = post(stack, session, "/auth_totp/login", csrf_token=token,
                  confirmation_code=pyotp.TOTP(secret).now())
    assert answer.headers["Location"].endswith("/web")
    assert logged_in(stack, session)
