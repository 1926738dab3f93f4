from . import ecom_settlement_unsettled_report
from . import ecom_settlement_fee_report
