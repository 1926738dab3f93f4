from . import test_load_order
