from . import ecom_channel_listing
from . import ecom_channel_listing_line
from . import ecom_listing_unmatched
from . import ecom_channel
from . import sale_order_line
