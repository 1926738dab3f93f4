from . import allocation
from . import intake
from . import stock_policy
