"""Each demo role logs in through the real web client in headless Chromium."""
import pytest

from harness import roles

STAFF = [user for user in roles.DEMO_USERS if user.sees_menu] + [roles.ADMIN]

NAVBAR_BACKGROUND = (
    "return getComputedStyle(document.querySelector('#oe_main_menu_navbar'))"
    ".backgroundColor"
)
BACKEND_CSS_LOADED = (
    "return Array.from(document.styleSheets).some(function (s) {"
    " return (s.href || '').indexOf('web.assets_backend') >= 0"
    " && s.cssRules.length > 100; })"
)


@pytest.mark.parametrize("user", STAFF, ids=lambda u: u.role)
def test_role_opens_ecommerce_menu(browser, user):
    browser.login(user.login, user.password)
    assert browser.open_menu("ecom_base.menu_root"), "E-commerce menu not in the page"
    driver = browser.driver
    # The landing page lists the user's roles. make test runs the unit tests
    # beside the browser on 2 cores: the page once took over 60 s to show.
    browser.wait_text(".o_form_view", "E-commerce operations", timeout=180)
    page = driver.find_element("css selector", ".o_form_view").text
    assert user.group_name in page, page
    if user.sees_catalog:
        assert browser.open_menu("ecom_base.product_template_menu")
        browser.wait_breadcrumb("Products")
    # Stylesheet applied: the compiled LESS colours the navbar (an unstyled
    # page leaves it transparent) and the backend bundle has its rules.
    background = driver.execute_script(NAVBAR_BACKGROUND)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    assert driver.execute_script(BACKEND_CSS_LOADED)
    browser.screenshot("smoke-%s" % user.role)
    errors = browser.console_errors()
    assert not errors, errors


def test_integration_user_has_no_menu(browser):
    """The API role is no internal user: logging in lands outside the back office."""
    user = roles.BY_ROLE["integration"]
    browser.login(user.login, user.password, backend=False)
    assert not browser.driver.find_elements("css selector", "#oe_main_menu_navbar")
    menu = '[data-menu-xmlid="ecom_base.menu_root"]'
    assert not browser.driver.find_elements("css selector", menu)
    browser.screenshot("smoke-integration")
