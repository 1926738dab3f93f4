from . import services
from . import models
from . import controllers
from . import wizards
