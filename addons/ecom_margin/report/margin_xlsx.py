# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

COLUMNS = [
    ("date", "Order Date"), ("order_ref", "Order"), ("channel_id", "Channel"),
    ("warehouse_id", "Warehouse"), ("categ_id", "Product Category"),
    ("product_id", "Product"), ("qty", "Units"), ("revenue", "Revenue"),
    ("cost", "Cost"), ("fee", "Channel Fees"), ("shipping", "Shipping"),
    ("packaging", "Packaging"), ("return_cost", "Expected Return Cost"),
    ("margin", "Contribution Margin"), ("margin_percent", "Margin (%)"),
    ("state", "Status"),
]
SUMMARY = ("qty", "revenue", "cost", "fee", "shipping", "packaging", "return_cost",
           "margin")


class MarginXlsx(models.AbstractModel):
    """The selected margin lines, and a summary by channel and month
    (OCA report_xlsx). No customer data: orders by reference only."""

    _name = "report.ecom_margin.margin_xlsx"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, lines):
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        states = dict(lines._fields["state"]._description_selection(self.env))
        sheet = workbook.add_worksheet(_("Margin lines"))
        for col, (_name, label) in enumerate(COLUMNS):
            sheet.write(0, col, _(label), bold)
        for row, line in enumerate(lines, start=1):
            for col, (name, _label) in enumerate(COLUMNS):
                value = line[name]
                if name == "state":
                    value = states.get(value, value)
                elif hasattr(value, "display_name"):
                    value = value.display_name or ""
                sheet.write(row, col, value or (0 if isinstance(value, float) else ""),
                            money if isinstance(value, float) else None)
        summary = workbook.add_worksheet(_("By channel and month"))
        header = [_("Channel"), _("Month")] + [
            _(label) for name, label in COLUMNS if name in SUMMARY] + [_("Margin (%)")]
        for col, label in enumerate(header):
            summary.write(0, col, label, bold)
        groups = lines.read_group(
            [("id", "in", lines.ids)], list(SUMMARY) + ["channel_id", "date"],
            ["channel_id", "date:month"], lazy=False)
        for row, group in enumerate(groups, start=1):
            values = [group["channel_id"] and group["channel_id"][1] or "",
                      group["date:month"] or ""]
            values += [group[name] or 0.0 for name in SUMMARY]
            revenue, margin_ = group["revenue"] or 0.0, group["margin"] or 0.0
            values.append(round(100.0 * margin_ / revenue, 2) if revenue else 0.0)
            for col, value in enumerate(values):
                summary.write(row, col, value, money if col >= 2 else None)
