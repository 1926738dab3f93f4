from . import test_masking
from . import test_roles
