"""The warehouse operator opens the bin layout and a bin in the web client."""
from selenium.webdriver.common.by import By

from harness import roles

DEMO_BIN = "WH-Z-01-01-A"


def test_operator_opens_layout_and_a_bin(browser, require_addons):
    require_addons("ecom_bin_location")
    user = roles.BY_ROLE["warehouse_operator"]
    browser.login(user.login, user.password)
    assert browser.open_menu("ecom_base.menu_root")
    # E-commerce > Warehouse > Warehouse Layout: the menu entry is in the
    # page for this role; follow its link (menu_id + action)
    driver = browser.driver
    links = driver.find_elements(
        By.CSS_SELECTOR,
        'a[data-menu-xmlid="ecom_bin_location.stock_location_layout_menu"]')
    assert links, "Warehouse Layout menu not visible to the warehouse operator"
    driver.get(links[0].get_attribute("href"))
    browser.wait_idle()
    browser.wait_breadcrumb("Warehouse Layout")
    # the list is grouped by zone: open the demo zone's group
    groups = driver.find_elements(By.CSS_SELECTOR, ".o_list_view .o_group_header")
    zone_group = [g for g in groups if "Pick Zone Z" in g.text]
    assert zone_group, [g.text for g in groups]
    zone_group[0].click()
    browser.wait().until(lambda d: any(
        DEMO_BIN in row.text
        for row in d.find_elements(By.CSS_SELECTOR, ".o_list_view .o_data_row")))
    browser.screenshot("bin-layout")
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, ".o_list_view .o_data_row")
           if DEMO_BIN in r.text][0]
    row.find_elements(By.CSS_SELECTOR, "td.o_data_cell")[0].click()
    browser.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, ".o_form_view"))
    browser.wait_idle()
    form = driver.find_element(By.CSS_SELECTOR, ".o_form_view")
    assert DEMO_BIN in form.text
    assert "Contents" in form.text and "Capacity" in form.text
    browser.screenshot("bin-form")
    errors = browser.console_errors()
    assert not errors, errors
