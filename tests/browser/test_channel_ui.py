"""The channel dashboard and a channel form in headless Chromium."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from harness import roles


@pytest.fixture(autouse=True)
def _needs_channel(require_addons):
    require_addons("ecom_channel")


def open_menu(browser, xmlid):
    """Open a menu inside the E-commerce app (a sub-menu may sit in a dropdown)."""
    driver = browser.driver
    elements = driver.find_elements(By.CSS_SELECTOR, '[data-menu-xmlid="%s"]' % xmlid)
    assert elements, "menu %s not in the page" % xmlid
    driver.execute_script("arguments[0].click();", elements[0])
    browser.wait_idle()


def test_dashboard_and_channel_form(browser):
    user = roles.BY_ROLE["customer_service_manager"]
    browser.login(user.login, user.password)
    assert browser.open_menu("ecom_base.menu_root")
    open_menu(browser, "ecom_channel.ecom_channel_dashboard_menu")
    browser.wait_breadcrumb("Channel Dashboard")
    driver = browser.driver
    WebDriverWait(driver, 60).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".o_ecom_channel_card")))
    cards = driver.find_elements(By.CSS_SELECTOR, ".o_ecom_channel_card")
    names = [card.text for card in cards]
    assert len(cards) >= 3, names
    assert any("Tmall" in text for text in names), names
    for label in ("Orders Today", "To Ship", "Late", "Stock-outs"):
        assert label in cards[0].text, cards[0].text
    browser.screenshot("channel-dashboard")

    open_menu(browser, "ecom_channel.ecom_channel_menu")
    browser.wait_breadcrumb("Channels")
    row = WebDriverWait(driver, 60).until(ec.element_to_be_clickable(
        (By.XPATH, "//tr[contains(@class, 'o_data_row')][.//td[text()='TMALL']]")))
    row.click()
    browser.wait_breadcrumb("Tmall Flagship Store")
    browser.wait_idle()
    form = driver.find_element(By.CSS_SELECTOR, ".o_form_view")
    for label in ("Stock Share (%)", "Warehouse", "Pricelist", "Customer Service"):
        assert label in form.text, label
    browser.screenshot("channel-form")
    errors = browser.console_errors()
    assert not errors, errors
