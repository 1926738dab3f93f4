"""Scanner recipes, one module per add-on (``<addon>.py``).

Each module defines ``recipes(world, admin)`` returning a dict
``{(model, method): [(args, kwargs), ...]}`` of read-like calls aimed at the
scanner's canary records; ``world`` is the scanner fixture (forbidden values,
canary order refs per channel), ``admin`` an XML-RPC client of the
administrator. The scanner merges every module whose add-on is installed, so
an add-on that allows a new method adds its recipe in its own file.
"""
import importlib
import pkgutil


def collect(world, admin, installed):
    """All recipes of the installed add-ons' modules, merged."""
    merged = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name not in installed:
            continue
        module = importlib.import_module("%s.%s" % (__name__, info.name))
        merged.update(module.recipes(world, admin))
    return merged
