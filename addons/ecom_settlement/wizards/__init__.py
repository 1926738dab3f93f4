from . import ecom_settlement_import_wizard
