from . import test_story
from . import test_demo_business
