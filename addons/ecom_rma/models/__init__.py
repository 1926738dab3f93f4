from . import ecom_rma
from . import ecom_rma_line
from . import ecom_rma_refund
from . import ecom_channel
from . import stock_warehouse
from . import stock_picking
from . import sale_order
from . import ecom_rma_ledger
