# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""XLSX exports of the analytics (OCA report_xlsx): the selected rows with
every stored column of the list (no customer data in any of them)."""
from odoo import models

SKIP = {"id", "create_uid", "create_date", "write_uid", "write_date",
        "__last_update", "display_name"}


class AnalyticsXlsx(models.AbstractModel):
    _name = "report.ecom_analytics.analytics_xlsx"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, records):
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        names = [name for name, field in records._fields.items()
                 if field.store and name not in SKIP and field.type not in (
                     "one2many", "many2many", "binary")]
        sheet = workbook.add_worksheet(records._description[:31])
        for col, name in enumerate(names):
            sheet.write(0, col, records._fields[name].get_description(
                self.env)["string"], bold)
        for row, record in enumerate(records, start=1):
            for col, name in enumerate(names):
                field, value = records._fields[name], record[name]
                if field.type == "many2one":
                    # sudo: the name only, as read() gives it (Many2one.
                    # convert_to_read); none of these models points to a partner
                    value = value.sudo().display_name or ""
                elif field.type == "selection":
                    value = dict(field._description_selection(self.env)).get(
                        value, value or "")
                elif field.type == "float":
                    sheet.write(row, col, value or 0.0, number)
                    continue
                sheet.write(row, col, value if value not in (False, None) else "")


class SalesDailyXlsx(models.AbstractModel):
    _name = "report.ecom_analytics.sales_daily_xlsx"
    _inherit = "report.ecom_analytics.analytics_xlsx"


class StaffKpiXlsx(models.AbstractModel):
    _name = "report.ecom_analytics.staff_kpi_xlsx"
    _inherit = "report.ecom_analytics.analytics_xlsx"


class CsKpiXlsx(models.AbstractModel):
    _name = "report.ecom_analytics.cs_kpi_xlsx"
    _inherit = "report.ecom_analytics.analytics_xlsx"


class PromotionLiftXlsx(models.AbstractModel):
    _name = "report.ecom_analytics.promotion_lift_xlsx"
    _inherit = "report.ecom_analytics.analytics_xlsx"
