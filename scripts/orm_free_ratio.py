#!/usr/bin/env python3
"""Share of the add-ons' code that runs without Odoo (printed by ``make lint``).

Counts the non-blank, non-comment lines of the Python modules of
``addons/ecom_*`` (tests and ``__manifest__.py`` left out) and the share of
them in ORM-free modules. A module is ORM-free when it imports nothing from
``odoo`` (``import odoo``, ``from odoo ...``), directly or through a relative
import of another module of its add-on: ``services/*.py`` are, ``models/*.py``
are not. Informational: the exit code is 0 whatever the share.

    scripts/orm_free_ratio.py [--root DIR] [--target 35]
"""
import argparse
import ast
import os
import sys

TARGET = 35.0


def code_lines(text):
    """Lines that are neither blank nor comments (docstrings count as code)."""
    return sum(1 for line in text.splitlines()
               if line.strip() and not line.strip().startswith("#"))


def _imports(tree, addon, package):
    """(imports odoo itself, [(add-on, dotted module) of the suite imported]).

    ``from odoo.addons.ecom_x.services import y`` names a module of the suite:
    it is followed like a relative import, not counted as an Odoo import.
    """
    odoo, suite = False, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _suite_module(alias.name)
                if target:
                    suite.append(target)
                elif alias.name == "odoo" or alias.name.startswith("odoo."):
                    odoo = True
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level == 0:
                module = node.module or ""
                target = _suite_module(module)
                if target:
                    suite += [(target[0], _join(target[1], n)) for n in names]
                elif module == "odoo" or module.startswith("odoo."):
                    odoo = True
                continue
            base = package.split(".") if package else []
            if node.level > 1:
                base = base[:-(node.level - 1)]
            prefix = _join(".".join(base), node.module or "")
            suite += [(addon, _join(prefix, n)) for n in names]
    return odoo, suite


def _join(*parts):
    return ".".join(part for part in parts if part)


def _suite_module(dotted):
    """(add-on, module) for ``odoo.addons.ecom_*...``, else None."""
    parts = dotted.split(".")
    if len(parts) >= 3 and parts[:2] == ["odoo", "addons"] and \
            parts[2].startswith("ecom_"):
        return parts[2], ".".join(parts[3:])
    return None


def scan(addons_dir):
    """{(add-on, dotted module): (code lines, imports odoo, suite imports)}."""
    modules = {}
    for addon in sorted(os.listdir(addons_dir)):
        path = os.path.join(addons_dir, addon)
        if not addon.startswith("ecom_") or not os.path.isfile(
                os.path.join(path, "__manifest__.py")):
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in ("tests", "__pycache__")
                             and not d.startswith("."))
            rel = os.path.relpath(folder, path)
            package = "" if rel == "." else rel.replace(os.sep, ".")
            for name in sorted(files):
                if not name.endswith(".py") or name == "__manifest__.py":
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    text = handle.read()
                dotted = package if name == "__init__.py" else \
                    _join(package, name[:-3])
                odoo, suite = _imports(ast.parse(text), addon, package)
                modules[(addon, dotted)] = (code_lines(text), odoo, suite)
    return modules


def classify(modules):
    """{(add-on, module): ORM-free?}, following the suite's imports."""
    verdict = {}

    def orm_free(key, seen):
        if key in verdict:
            return verdict[key]
        if key in seen:
            return True          # an import cycle adds nothing new
        if key not in modules:
            # ``from .pkg import name``: name is an attribute of pkg/__init__
            addon, dotted = key
            if not dotted:
                return True
            return orm_free((addon, dotted.rpartition(".")[0]), seen)
        _lines, odoo, suite = modules[key]
        result = not odoo and all(orm_free(k, seen | {key}) for k in suite)
        verdict[key] = result
        return result
    return {key: orm_free(key, frozenset()) for key in modules}


def measure(root):
    """[(add-on, ORM-free lines, all lines)] of ``root/addons/ecom_*``."""
    modules = scan(os.path.join(root, "addons"))
    free = classify(modules)
    per_addon = {}
    for (addon, _dotted), (lines, _odoo, _suite) in modules.items():
        row = per_addon.setdefault(addon, [0, 0])
        row[1] += lines
        if free[(addon, _dotted)]:
            row[0] += lines
    return [(addon, row[0], row[1]) for addon, row in sorted(per_addon.items())]


def _percent(part, whole):
    return 100.0 * part / whole if whole else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--target", type=float, default=TARGET)
    parser.add_argument("--quiet", action="store_true", help="total line only")
    parser.add_argument("--modules", action="store_true",
                        help="list each module with its lines and verdict")
    args = parser.parse_args(argv)
    rows = measure(args.root)
    if args.modules:
        modules = scan(os.path.join(args.root, "addons"))
        for key, is_free in sorted(classify(modules).items()):
            print("  %-6s %5d  %s/%s" % ("free" if is_free else "orm",
                                         modules[key][0], key[0], key[1]))
    if not args.quiet:
        for addon, free, total in rows:
            print("  %-28s %5d / %5d = %5.1f%%"
                  % (addon, free, total, _percent(free, total)))
    free = sum(row[1] for row in rows)
    total = sum(row[2] for row in rows)
    print("ORM-free lines: %d / %d = %.1f%% (target %g%%)"
          % (free, total, _percent(free, total), args.target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
