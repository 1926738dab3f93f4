"""Settlement CSV files of the platforms, read through a column mapping.

Plain Python, no ORM. Every platform exports its payout report with its own
headers, labels and signs (Tmall's Alipay bill in Chinese with signed
amounts, JD with fees as positive numbers, ...). A mapping names the three
columns (order reference, line type, amount), translates the platform's
labels into line types and says which types come unsigned. :func:`parse`
gives the lines of an ``import_settlement`` batch and the errors per row
(the API's codes: ``unknown_type``, ``invalid_amount``, ``missing_field``);
the batch then goes through the same validation as the API.
"""
import csv
import io

from .settlement_import import LINE_TYPES, SettlementError

ENCODINGS = ("utf-8-sig", "gb18030")
MAX_BYTES = 20 * 1024 * 1024
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


class CsvError(Exception):
    """The file as a whole cannot be read: ``code`` and its parameters."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__("%s %r" % (code, params))


def parse_type_values(text):
    """``"label = type"`` lines -> {label (case-folded): type}; every line
    type also maps to itself. Raises ValueError naming a bad line."""
    result = {kind: kind for kind in LINE_TYPES}
    for number, raw in enumerate((text or "").splitlines(), 1):
        if not raw.strip() or raw.strip().startswith("#"):
            continue
        label, sep, kind = raw.rpartition("=")
        kind = kind.strip()
        if not sep or not label.strip() or kind not in LINE_TYPES:
            raise ValueError("line %d: %r is not 'label = type' with a type in %s"
                             % (number, raw, ", ".join(LINE_TYPES)))
        result[label.strip().casefold()] = kind
    return result


def decode(content):
    """Text of ``content`` (bytes): UTF-8 (with or without BOM), else GB18030
    (what Chinese spreadsheets save)."""
    if len(content) > MAX_BYTES:
        raise CsvError("invalid_file", reason="larger than %d MB"
                       % (MAX_BYTES // 1024 // 1024))
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvError("invalid_file", reason="neither UTF-8 nor GB18030 text")


def parse_amount(value, decimal_comma=False):
    """A float from a platform's amount text (currency signs, thousands
    separators, parentheses for negatives); None when it is no number."""
    text = (value or "").strip()
    for sign in ("¥", "￥", "CNY", "RMB", "元", "$", "€", " ", "\u00a0"):
        text = text.replace(sign, "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        amount = float(text)
    except ValueError:
        return None
    if amount != amount or amount in (float("inf"), float("-inf")):
        return None
    return -amount if negative else amount


def parse(content, mapping):
    """(lines, errors) of a CSV file.

    ``mapping``: {"delimiter": ",", "order_ref": header, "type": header,
    "amount": header, "type_values": {label: type} (:func:`parse_type_values`),
    "negative_types": {types given as positive numbers}, "decimal_comma":
    bool}. ``lines``: [{"order_ref", "type", "amount"}] in file order;
    ``errors``: [{"row": file line number, "error_code", "message"}].
    Raises :class:`CsvError` when the file or its header cannot be used.
    """
    text = decode(content)
    try:
        reader = csv.reader(io.StringIO(text, newline=""),
                            delimiter=mapping.get("delimiter") or ",")
        rows = list(reader)
    except csv.Error as error:
        raise CsvError("invalid_file", reason=str(error))
    if not rows:
        raise CsvError("invalid_file", reason="empty file")
    header = [cell.strip() for cell in rows[0]]
    index = {}
    for key in ("order_ref", "type", "amount"):
        column = (mapping.get(key) or "").strip()
        if column not in header:
            raise CsvError("missing_column", column=column, field=key)
        index[key] = header.index(column)
    type_values = mapping.get("type_values") or {kind: kind for kind in LINE_TYPES}
    negative = set(mapping.get("negative_types") or ())
    lines, errors = [], []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: row[i].strip() if i < len(row) else ""
                 for key, i in index.items()}
        try:
            lines.append(_line(cells, type_values, negative, mapping))
        except SettlementError as error:
            errors.append({"row": number, "error_code": error.code,
                           "message": error.message})
    return lines, errors


def _line(cells, type_values, negative, mapping):
    label = cells["type"]
    kind = type_values.get(label.casefold())
    if kind is None:
        raise SettlementError("unknown_type", mapping["type"], value=label,
                              expected=", ".join(sorted(type_values)))
    amount = parse_amount(cells["amount"], mapping.get("decimal_comma"))
    if amount is None:
        raise SettlementError("invalid_amount", mapping["amount"], max=1e9,
                              value=cells["amount"])
    if kind in negative:
        amount = -abs(amount)
    order_ref = cells["order_ref"] or False
    if not order_ref and kind in ("sale", "refund"):
        raise SettlementError("missing_field", mapping["order_ref"])
    return {"order_ref": order_ref, "type": kind, "amount": amount}
