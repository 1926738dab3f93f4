from . import ecom_overview
