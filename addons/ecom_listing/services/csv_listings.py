"""The staff CSV upload: rows -> items of ``import_listings`` (no database).

One row per component; rows with the same (platform_item_id, platform_sku_id,
seller_code) form one listing::

    platform_item_id,platform_sku_id,seller_code,title,sku,qty
    6001,6001-1,GIFT-TEA-MUG,Gift box,TEA-LJ-250,1
    6001,6001-1,GIFT-TEA-MUG,Gift box,MUG-CEL-01,2

Optional columns: stock_policy, stock_share_percent, stock_buffer_qty,
stock_cap_qty, stock_fixed_qty (taken from the listing's first row).
"""
import csv
import io

COLUMNS = ("platform_item_id", "platform_sku_id", "seller_code", "title", "sku",
           "qty")
NUMBERS = ("stock_share_percent", "stock_buffer_qty", "stock_cap_qty",
           "stock_fixed_qty")


class CsvError(ValueError):
    pass


def _number(text, line, column):
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise CsvError("line %d: %s must be a number, got %r" % (line, column, text))


def parse(data):
    """[item] from the CSV bytes or text (UTF-8, BOM accepted; ',' or ';')."""
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    sample = data[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(data), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in ("sku",) if c not in header]
    keys = {"platform_item_id", "platform_sku_id", "seller_code"}
    if missing or not keys & set(header):
        raise CsvError("the header needs sku, qty and platform_sku_id, "
                       "platform_item_id or seller_code; got %s" % ", ".join(header))
    items, by_key = [], {}
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        key = tuple(row.get(c, "") for c in (
            "platform_item_id", "platform_sku_id", "seller_code"))
        if not any(key) and not row.get("sku"):
            continue        # an empty line
        item = by_key.get(key)
        if item is None:
            item = {"platform_item_id": key[0], "platform_sku_id": key[1],
                    "seller_code": key[2], "title": row.get("title") or False,
                    "components": []}
            if row.get("stock_policy"):
                item["stock_policy"] = row["stock_policy"]
            for column in NUMBERS:
                if row.get(column):
                    item[column] = _number(row[column], line, column)
            by_key[key] = item
            items.append(item)
        qty = _number(row["qty"], line, "qty") if row.get("qty") else 1.0
        item["components"].append({"sku": row.get("sku"), "qty": qty})
    return items
