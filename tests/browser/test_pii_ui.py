"""Customer data on screens: a warehouse operator opens a delivery and sees none;
customer service reveals a phone number with a purpose (headless Chromium)."""
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import roles


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_channel", "ecom_pii_guard")


@pytest.fixture(scope="module")
def customer(rpc):
    token = uuid.uuid4().hex[:8]
    values = {"name": "Uiname%s Lastui" % token,
              "email": "ui%s@mail-ui.example.com" % token,
              "phone": "1390%s" % str(int(token, 16))[:7].rjust(7, "5"),
              "street": "Uistreet %s" % token, "city": "Uicity%s" % token,
              "zip": "8%s" % str(int(token, 16))[-5:].rjust(5, "2")}
    order = {
        "external_ref": "UI-%s" % token, "ordered_at": "2026-11-21 10:00:00",
        "currency": "CNY", "paid": True,
        "customer": {"external_id": "ui-%s" % token, "name": values["name"],
                     "email": values["email"], "phone": values["phone"]},
        "shipping": {"name": values["name"], "phone": values["phone"],
                     "street": values["street"], "city": values["city"],
                     "zip": values["zip"], "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
        "shipping_method": "SF Express",
    }
    result = rpc("integration").call("ecom.channel", "import_orders", "TMALL", [order])
    assert result[0]["status"] == "created", result
    sale = rpc("admin").call("sale.order", "read", [result[0]["order_id"]],
                             ["partner_id", "picking_ids", "name"])[0]
    rpc("admin").call("stock.picking", "message_post", sale["picking_ids"],
                      body="Customer asked to call %s" % values["phone"],
                      author_id=sale["partner_id"][0])
    return values, sale


def open_form(browser, model, res_id):
    browser.driver.get("%s/web#id=%s&model=%s&view_type=form"
                       % (browser.base_url, res_id, model))
    browser.wait_idle()
    browser.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, ".o_form_view"))
    browser.wait_idle()


def test_warehouse_operator_sees_no_customer_data_on_delivery(browser, customer):
    values, sale = customer
    user = roles.BY_ROLE["warehouse_operator"]
    browser.login(user.login, user.password)
    open_form(browser, "stock.picking", sale["picking_ids"][0])
    browser.wait().until(lambda d: sale["name"] in d.page_source)
    page = browser.driver.page_source
    leaked = [v for v in values.values() if v in page]
    assert not leaked, leaked
    assert "*" in browser.driver.find_element(
        By.CSS_SELECTOR, ".o_form_view").text  # the masked recipient label
    browser.screenshot("pii-warehouse-delivery")


def test_customer_service_reveals_a_phone_number(browser, customer):
    values, sale = customer
    user = roles.BY_ROLE["customer_service"]
    browser.login(user.login, user.password)
    open_form(browser, "res.partner", sale["partner_id"][0])
    driver = browser.driver
    form = driver.find_element(By.CSS_SELECTOR, ".o_form_view").text
    assert values["name"] in form
    assert values["phone"] not in driver.page_source  # masked by default
    driver.find_element(By.CSS_SELECTOR, "button.o_ecom_reveal_open").click()
    browser.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, ".modal select"))
    browser.wait_idle()
    selects = driver.find_elements(By.CSS_SELECTOR, ".modal select")
    Select(selects[1]).select_by_value('"delivery_problem"')
    driver.find_element(By.CSS_SELECTOR, ".modal button.o_ecom_reveal").click()
    browser.wait().until(lambda d: values["phone"] in " ".join(
        e.text for e in d.find_elements(By.CSS_SELECTOR, ".o_ecom_revealed_value")))
    browser.screenshot("pii-customer-service-reveal")
    errors = browser.console_errors()
    assert not errors, errors
