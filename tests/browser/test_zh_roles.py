"""Each role in Chinese (the zh_CN demo users of ecom_demo_cn) opens its main
e-commerce screen: the screen shows work, and no visible text is an English
source term of the suite that has a Chinese translation (issue #12).

The English terms come from the suite's ``addons/ecom_*/i18n/*.pot`` files,
their Chinese from ``zh_CN.po``: a term shown as its English source where a
translation exists means a screen part is not translated. Screenshots go to
the artifacts; with ``ECOM_DOCS_SCREENSHOTS=1`` also, reduced, to ``docs/``.
"""
import glob
import os

import pytest
from selenium.webdriver.common.by import By

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ZH_USERS = [
    # (login = password, main screen menu, screenshot name)
    ("cs_agent_zh", "ecom_channel.sale_order_channel_menu", "customer_service"),
    ("cs_manager_zh", "ecom_channel.ecom_channel_dashboard_menu",
     "customer_service_manager"),
    ("wh_operator_zh", "ecom_channel.stock_picking_channel_menu",
     "warehouse_operator"),
    ("wh_manager_zh", "ecom_bin_location.ecom_bin_count_plan_menu",
     "warehouse_manager"),
    ("planner_zh", "ecom_reorder.stock_warehouse_orderpoint_menu",
     "purchase_planner"),
]
# every text node the user sees (not scripts), trimmed
VISIBLE_TEXTS = """
var out = [], walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_TEXT, null, false), node;
while ((node = walker.nextNode())) {
    var text = node.nodeValue.trim(), el = node.parentElement;
    if (!text || !el || el.closest('script,style,.o_hidden,.d-none')) continue;
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    out.push(text);
}
var attrs = document.querySelectorAll('[placeholder],[title]');
for (var i = 0; i < attrs.length; i++) {
    if (attrs[i].offsetParent && attrs[i].getAttribute('placeholder'))
        out.push(attrs[i].getAttribute('placeholder').trim());
}
return out;
"""


def _suite_terms():
    """{English source: Chinese} of the suite's add-ons (translated terms)."""
    from babel.messages.pofile import read_po
    terms = {}
    for po in glob.glob(os.path.join(ROOT, "addons", "ecom_*", "i18n", "zh_CN.po")):
        with open(po, "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and message.string != message.id:
                    terms[message.id] = message.string
    return terms


@pytest.fixture(scope="module")
def suite_terms():
    terms = _suite_terms()
    if not terms:
        pytest.skip("no zh_CN.po in the suite's add-ons")
    return terms


def _docs_copy(path, name):
    if os.environ.get("ECOM_DOCS_SCREENSHOTS") != "1":
        return
    from PIL import Image
    target = os.path.join(ROOT, "docs", "screenshots", "zh-%s.png" % name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    image = Image.open(path).convert("RGB")
    image.thumbnail((1100, 700))
    image.quantize(colors=128).save(target, optimize=True)


@pytest.mark.parametrize("login,menu,name", ZH_USERS, ids=[u[0] for u in ZH_USERS])
def test_role_in_chinese(browser, require_addons, suite_terms, login, menu, name):
    require_addons("ecom_demo_cn", "ecom_channel", "ecom_reorder", "ecom_bin_location")
    # the first Chinese session compiles the zh_CN asset bundles: on a busy
    # machine that takes minutes, so wait for the web client that long (a
    # second login while the first still loads posts a stale form: a 400)
    browser.login(login, login, timeout=300)
    driver = browser.driver
    # the top menu in Chinese
    root = driver.find_elements(
        By.CSS_SELECTOR, 'a[data-menu-xmlid="ecom_base.menu_root"]')
    assert root and "电商" in root[0].get_attribute("textContent"), login
    assert browser.open_menu("ecom_base.menu_root")
    links = driver.find_elements(By.CSS_SELECTOR, 'a[data-menu-xmlid="%s"]' % menu)
    assert links, "%s: menu %s not visible" % (login, menu)
    driver.get(links[0].get_attribute("href"))
    browser.wait_idle()
    try:
        browser.wait(120).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, ".o_data_row, .o_group_header, "
            ".o_kanban_record:not(.o_kanban_ghost), .oe_view_nocontent, "
            ".o_view_nocontent"))
    finally:
        browser.screenshot("zh-%s" % name)
    browser.wait_idle()
    # work to do: rows or cards on the screen
    rows = driver.find_elements(
        By.CSS_SELECTOR,
        ".o_data_row, .o_group_header, .o_kanban_record:not(.o_kanban_ghost)")
    path = browser.screenshot("zh-%s" % name)
    assert rows, "%s: the main screen is empty" % login
    _docs_copy(path, name)
    texts = driver.execute_script(VISIBLE_TEXTS)
    untranslated = sorted({text for text in texts if text in suite_terms})
    assert not untranslated, "%s: untranslated on screen: %s" % (
        login, ["%s -> %s" % (t, suite_terms[t]) for t in untranslated])
    errors = browser.console_errors()
    assert not errors, errors
