from . import ecom_listing_import_wizard
