from . import ecom_break_even_refresh
