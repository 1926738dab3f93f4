from . import ecom_orderpoint_bulk_create
