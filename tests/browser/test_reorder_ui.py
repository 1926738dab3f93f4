"""The purchase planner opens the reorder rules and runs replenishment."""
from selenium.webdriver.common.by import By

from harness import roles


def _click_menu(browser, xmlid):
    selector = '[data-menu-xmlid="%s"]' % xmlid
    browser.wait().until(lambda d: [e for e in d.find_elements(
        By.CSS_SELECTOR, selector) if e.is_displayed()])
    element = [e for e in browser.driver.find_elements(By.CSS_SELECTOR, selector)
               if e.is_displayed()][0]
    element.click()
    browser.wait_idle()


def test_planner_opens_rules_and_runs_replenishment(browser, require_addons):
    require_addons("ecom_reorder")
    user = roles.BY_ROLE["purchase_planner"]
    browser.login(user.login, user.password)
    assert browser.open_menu("ecom_base.menu_root")
    # Replenishment > Reorder Rules: the planner's list with suggestions
    _click_menu(browser, "ecom_reorder.menu_replenishment")
    _click_menu(browser, "ecom_reorder.stock_warehouse_orderpoint_menu")
    browser.wait_breadcrumb("Reorder Rules")
    headers = [th.text for th in browser.driver.find_elements(
        By.CSS_SELECTOR, ".o_list_view thead th")]
    assert "Suggested Min" in headers and "Explanation" in headers, headers
    browser.screenshot("reorder-rules")
    # Replenishment > Run Replenishment Now, then the button
    _click_menu(browser, "ecom_reorder.menu_replenishment")
    _click_menu(browser, "ecom_reorder.ecom_replenishment_run_menu_new")
    run_button = "//button[contains(., 'Run replenishment now')]"
    browser.wait().until(lambda d: d.find_elements(By.XPATH, run_button))
    browser.driver.find_element(By.XPATH, run_button).click()
    browser.wait_idle()
    # the run's summary replaces the button: "N rules checked, ... in S s"
    browser.wait().until(lambda d: "rules checked" in d.find_element(
        By.CSS_SELECTOR, ".o_form_view").text)
    text = browser.driver.find_element(By.CSS_SELECTOR, ".o_form_view").text
    assert "RFQs created" in text and "Rules Checked" in text, text
    # a done run cannot be run again: its button is hidden
    assert not [e for e in browser.driver.find_elements(By.XPATH, run_button)
                if e.is_displayed()]
    browser.screenshot("reorder-run")
    assert not browser.console_errors()
