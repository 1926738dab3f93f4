from . import base
from . import res_partner
