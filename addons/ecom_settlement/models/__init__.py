from . import ecom_settlement
from . import ecom_settlement_line
from . import ecom_channel
from . import ecom_settlement_mapping
