from . import margin_xlsx
