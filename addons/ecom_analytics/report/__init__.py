from . import analytics_xlsx
