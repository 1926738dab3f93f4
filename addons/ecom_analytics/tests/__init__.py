from . import test_lift_service
from . import test_staff_service
from . import test_sales_facts
from . import test_promotion_lift
from . import test_staff_performance
from . import test_wrong_item_errors
