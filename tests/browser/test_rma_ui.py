"""A warehouse operator receives and inspects a return in the web client and
sees no customer data on the way."""
import uuid

from selenium.webdriver.common.by import By

from harness import roles


def _shipped_case(rpc, token):
    """A shipped WEB order of canary customer ``token`` and its return case."""
    api, admin = rpc("integration"), rpc("admin")
    ref = "UIRMA-%s" % uuid.uuid4().hex[:8]
    row = api.call("ecom.channel", "import_orders", "WEB", [{
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
        "currency": "CNY", "paid": True,
        "customer": {"external_id": "ui-" + ref, "name": "Uicanary %s" % token,
                     "email": "uicanary-%s@example.com" % token,
                     "phone": "13987654321"},
        "shipping": {"name": "Uicanary %s" % token, "phone": "13987654321",
                     "street": "%s Uicanary Road" % token, "city": "Shanghai",
                     "zip": "200031", "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
    }])[0]
    pickings = admin.call("sale.order", "read", [row["order_id"]],
                          ["picking_ids"])[0]["picking_ids"]
    for move in admin.call("stock.move", "search_read",
                           [["picking_id", "in", pickings]],
                           fields=["product_uom_qty"]):
        admin.call("stock.move", "write", [move["id"]],
                   {"quantity_done": move["product_uom_qty"]})
    admin.call("stock.picking", "action_done", pickings)
    case = api.call("ecom.channel", "import_returns", "WEB", [{
        "external_ref": "C" + ref, "order_ref": ref, "type": "return_refund",
        "reason": "wrong_item", "requested_at": "2026-11-25 10:00:00",
        "refund_amount": 118.0, "return_tracking_ref": "SF" + ref,
        "note": "Uicanary %s asks for a call" % token,
        "lines": [{"sku": "TEA-LJ-250", "qty": 1}]}])[0]
    assert case["status"] == "created", case
    return case["rma_id"]


def _click_button(browser, label):
    """Click the header button ``label`` once the form shows it."""
    def found(driver):
        return [b for b in driver.find_elements(
            By.CSS_SELECTOR, ".o_statusbar_buttons button")
            if b.text.strip().lower() == label.lower() and b.is_displayed()]
    browser.wait().until(found)
    found(browser.driver)[0].click()
    browser.wait_idle()


def test_operator_receives_and_inspects_without_customer_data(browser, rpc,
                                                              require_addons):
    require_addons("ecom_rma")
    token = uuid.uuid4().hex[:8]
    rma_id = _shipped_case(rpc, token)
    user = roles.BY_ROLE["warehouse_operator"]
    operator = rpc("warehouse_operator")
    browser.login(user.login, user.password)
    driver = browser.driver
    links = driver.find_elements(
        By.CSS_SELECTOR, 'a[data-menu-xmlid="ecom_rma.ecom_rma_to_receive_menu"]')
    assert links, "After-sales > To Receive not visible to the warehouse operator"
    driver.get("%s/web#id=%s&model=ecom.rma&view_type=form" % (
        browser.base_url, rma_id))
    browser.wait_idle()
    browser.wait_text(".o_form_view", "TEA-LJ-250")
    pages = [driver.find_element(By.CSS_SELECTOR, ".o_content").text]
    # the parcel is on the bench: one unit, then Receive in the form
    line_ids = operator.call("ecom.rma", "read", [rma_id], ["line_ids"])[0]["line_ids"]
    operator.call("ecom.rma.line", "write", line_ids, {"qty_received": 1})
    driver.refresh()
    browser.wait_idle()
    _click_button(browser, "Receive")
    browser.wait_text(".o_form_statusbar", "Received")
    operator.call("ecom.rma.line", "write", line_ids,
                  {"condition": "B", "disposition": "outlet"})
    driver.refresh()
    browser.wait_idle()
    _click_button(browser, "Inspected")
    browser.wait_text(".o_form_view", "Outlet")
    pages.append(driver.find_element(By.CSS_SELECTOR, ".o_content").text)
    pages.append(driver.page_source)
    browser.screenshot("rma-inspected")
    text = "\n".join(pages)
    for secret in (token, "13987654321", "Uicanary"):
        assert secret not in text
    assert "Customer" not in pages[0]
    assert operator.call("ecom.rma", "read", [rma_id], ["state"])[0]["state"] \
        == "inspected"
    errors = browser.console_errors()
    assert not errors, errors
