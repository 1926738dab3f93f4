"""Headless Debian Chromium driven by Selenium through Debian's chromedriver.

Nothing here downloads a browser: the binaries are /usr/bin/chromium and
/usr/bin/chromedriver (Debian packages chromium, chromium-driver), which
``scripts/bootstrap.sh --browser`` installs.
"""
import os
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("ECOM_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ECOM_CHROMEDRIVER", "/usr/bin/chromedriver")


def new_driver(width=1440, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        "--window-size=%d,%d" % (width, height),
        "--user-data-dir=%s" % tempfile.mkdtemp(prefix="ecom-chromium-"),
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    return driver


class OdooBrowser:
    """A few steps of the Odoo 11 web client, as a person does them."""

    def __init__(self, driver, base_url, artifacts):
        self.driver = driver
        self.base_url = base_url
        self.artifacts = artifacts

    def wait(self, timeout=60):
        return WebDriverWait(self.driver, timeout)

    def login(self, login, password, backend=True, timeout=60):
        """Log in through the login form; wait for the web client when ``backend``.

        ``timeout`` bounds the wait for the web client: the first session in a
        new language compiles that language's asset bundles, which takes longer.
        """
        driver = self.driver
        # leave the previous page first: its images still loading would be
        # requested without a session once the cookies are gone (403s that
        # land in the next test's console)
        driver.get("about:blank")
        # WebDriver deletes the cookies of the current page's site, and
        # about:blank has none: clear the browser's cookies through the
        # DevTools protocol instead, so the form below belongs to a new
        # session (the previous test's session, e.g. an API-only user's, would
        # get a 403 on /web/login, and a stale form a 400 when posted)
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.get(self.base_url + "/web/login")
        # Type only once the page and its scripts are done (they may re-render).
        self.wait().until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        driver.find_element(By.NAME, "login").clear()
        driver.find_element(By.NAME, "login").send_keys(login)
        driver.find_element(By.NAME, "password").send_keys(password)
        submit = "form.oe_login_form button[type=submit]"
        driver.find_element(By.CSS_SELECTOR, submit).click()
        if backend:
            navbar = (By.CSS_SELECTOR, ".o_web_client #oe_main_menu_navbar")
            self.wait(timeout).until(EC.presence_of_element_located(navbar))
            self.wait_idle(timeout)
        else:
            self.wait(timeout).until(lambda d: "/web/login" not in d.current_url)

    def wait_idle(self, timeout=60):
        """Wait until the web client has no RPC in flight and no blocking overlay."""
        script = (
            "var busy = document.querySelector('.o_loading');"
            "return !!(window.odoo && document.querySelector('.o_web_client'))"
            " && !(busy && getComputedStyle(busy).display !== 'none')"
            " && !document.querySelector('.blockUI')"
        )
        end = time.time() + timeout
        while time.time() < end:
            if self.driver.execute_script(script):
                time.sleep(0.3)
                if self.driver.execute_script(script):
                    return
            time.sleep(0.2)
        raise TimeoutError("web client still busy after %ss" % timeout)

    def open_menu(self, xmlid):
        """Click the menu with this XML id; False when the user cannot see it."""
        elements = self.driver.find_elements(
            By.CSS_SELECTOR, 'a[data-menu-xmlid="%s"]' % xmlid)
        if not elements:
            return False
        shown = [element for element in elements if element.is_displayed()]
        if shown:
            shown[0].click()
        else:  # e.g. a top menu folded into the "more" dropdown
            self.driver.execute_script("arguments[0].click();", elements[0])
        self.wait_idle()
        return True

    def wait_text(self, selector, text, timeout=60):
        """Wait until an element matching ``selector`` shows ``text``."""
        def shown(driver):
            return any(text in el.text for el in driver.find_elements(
                By.CSS_SELECTOR, selector))
        self.wait(timeout).until(shown)

    def wait_breadcrumb(self, text, timeout=60):
        """Wait until the control panel's breadcrumb shows ``text``."""
        self.wait_text(".o_control_panel .breadcrumb", text, timeout)

    def console_errors(self):
        entries = self.driver.get_log("browser")
        return [entry for entry in entries if entry.get("level") == "SEVERE"]

    def screenshot(self, name):
        os.makedirs(self.artifacts, exist_ok=True)
        path = os.path.join(self.artifacts, "%s.png" % name)
        self.driver.save_screenshot(path)
        return path
