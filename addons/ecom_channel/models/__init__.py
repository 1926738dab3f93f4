from . import ecom_channel
from . import ecom_import_log
from . import ecom_api_key
from . import sale_order
from . import stock_picking
from . import account_invoice
from . import res_partner
from . import res_users
