"""Second factor in the real login form, over ``make serve``'s HTTPS stack:
a user with an authenticator types the code of the moment (generated here
with pyotp), and a user whose role makes it mandatory sets one up at login.
"""
import base64
import hashlib
import os
import random
import tempfile

import pyotp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from harness import roles
from harness.browser import CHROMEDRIVER, CHROMIUM
from harness.rpc import RpcClient
from harness.serve import shared_stack

NAVBAR = (By.CSS_SELECTOR, ".o_web_client #oe_main_menu_navbar")


@pytest.fixture(scope="module")
def stack(request, installed_addons):
    if "ecom_security" not in installed_addons:
        pytest.skip("not installed in this run: ecom_security")
    return shared_stack(request, os.environ["ECOM_ODOO_CONF"],
                        os.environ["ECOM_TEST_DB"])


@pytest.fixture(scope="module")
def admin(stack):
    return RpcClient(stack.odoo_url, stack.db, roles.ADMIN.login, roles.ADMIN.password)


def spki_hash(cert_path):
    """Chromium trusts exactly this server key (no system CA store change)."""
    with open(cert_path, "rb") as handle:
        cert = x509.load_pem_x509_certificate(handle.read())
    der = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@pytest.fixture(scope="module")
def driver(stack):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-sync",
        "--window-size=1280,800",
        "--user-data-dir=%s" % tempfile.mkdtemp(prefix="ecom-chromium-totp-"),
        "--ignore-certificate-errors-spki-list=%s" % spki_hash(
            os.path.join(stack.dir, "tls", "server.crt")),
    ):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    chrome.set_page_load_timeout(120)
    try:
        yield chrome
    finally:
        chrome.quit()


def new_user(admin):
    login = "h5_totp_%06d" % random.randrange(10 ** 6)
    uid = admin.call("res.users", "create", {
        "name": login, "login": login, "password": login,
        "groups_id": [(6, 0, [admin.ref("ecom_base.group_customer_service")])]})
    return uid, login


def type_password(driver, stack, login):
    driver.get("about:blank")
    driver.delete_all_cookies()
    driver.get(stack.https_url + "/web/login")
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(login)
    submit = "form.oe_login_form button[type=submit]"
    driver.find_element(By.CSS_SELECTOR, submit).click()
    return wait


def test_login_with_a_totp_code(stack, admin, driver):
    uid, login = new_user(admin)
    secret = pyotp.random_base32()
    admin.call("res.users.authenticator", "create",
               {"name": "test phone", "secret_key": secret, "user_id": uid})
    admin.call("res.users", "write", [uid], {"mfa_enabled": True})

    wait = type_password(driver, stack, login)
    # password accepted, the code page follows (no session yet)
    wait.until(lambda d: "/auth_totp/login" in d.current_url)
    assert not driver.find_elements(*NAVBAR)
    # a wrong code: the code page again, with the error, and a failed attempt
    wrong = "%06d" % ((int(pyotp.TOTP(secret).now()) + 500000) % 10 ** 6)
    field = driver.find_element(By.NAME, "confirmation_code")
    field.send_keys(wrong)
    field.submit()
    wait.until(lambda d: "error=" in d.current_url)
    assert "/auth_totp/login" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, ".alert-danger").text
    failed = admin.call("res.authentication.attempt", "search_count",
                        [("login", "=", login), ("result", "=", "failed")])
    assert failed >= 2  # the password step and the wrong code count
    # the code of the moment opens the web client
    field = driver.find_element(By.NAME, "confirmation_code")
    field.send_keys(pyotp.TOTP(secret).now())
    field.submit()
    wait.until(EC.presence_of_element_located(NAVBAR))
    assert driver.current_url.startswith(stack.https_url + "/web")
    session = driver.get_cookie("session_id")
    assert session["secure"] and session["httpOnly"]


def test_mandatory_role_enrols_at_login(stack, admin, driver):
    uid, login = new_user(admin)
    role = admin.call("res.groups", "create", {
        "name": "H5 mandatory 2FA %s" % login, "ecom_totp_mandatory": True,
        "users": [(4, uid)]})
    try:
        wait = type_password(driver, stack, login)
        wait.until(lambda d: "/ecom_security/totp/enrol" in d.current_url)
        secret = driver.find_element(By.CSS_SELECTOR, ".ecom_totp_secret").text
        qr = driver.find_element(By.CSS_SELECTOR, "img.ecom_totp_qr")
        assert qr.get_attribute("src").startswith("data:image/png;base64,")
        field = driver.find_element(By.NAME, "confirmation_code")
        field.send_keys(pyotp.TOTP(secret).now())
        field.submit()
        wait.until(EC.presence_of_element_located(NAVBAR))
        [user] = admin.call("res.users", "read", [uid],
                            fields=["mfa_enabled", "authenticator_ids"])
        assert user["mfa_enabled"] and len(user["authenticator_ids"]) == 1
    finally:
        admin.call("res.groups", "unlink", [role])
