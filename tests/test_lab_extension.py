"""The JupyterLab extension: its committed build matches its sources and is what is installed.

The command itself is driven in Chromium by tests/test_browser.py (the report dialog, saving
before the check, the route's refusals) and on the hub by tests/test_hub.py (the route answers
from the course's check service).
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

from nbfactory import ROOT

LAB = ROOT / "pmkit" / "lab"
BUILD = LAB / "labextension"


def test_the_committed_build_is_built_from_the_current_sources() -> None:
    digest = runpy.run_path(str(LAB / "frontend" / "digest.py"))["source_digest"]()
    recorded = (BUILD / "source-digest.txt").read_text().strip()
    assert digest == recorded, (
        "pmkit/lab/frontend changed since pmkit/lab/labextension was built: run make labextension "
        "(it needs npm) and commit the build"
    )


def test_the_build_names_files_that_exist() -> None:
    package = json.loads((BUILD / "package.json").read_text())
    assert package["name"] == "pmkit-check"
    assert (BUILD / package["jupyterlab"]["_build"]["load"]).is_file()
    assert (BUILD / "schemas" / "pmkit-check" / "plugin.json").is_file()
    toolbar = json.loads((BUILD / "schemas" / "pmkit-check" / "plugin.json").read_text())
    assert toolbar["jupyter.lab.toolbars"]["Notebook"][0]["command"] == "pmkit:check-notebook"


def test_the_environment_has_the_current_build_and_the_server_extension_enabled() -> None:
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "pmkit-check"
    assert (installed / "package.json").read_text() == (BUILD / "package.json").read_text(), (
        "the environment's pmkit-check is not the repository's build: run make setup"
    )
    config = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "pmkit.json"
    assert json.loads(config.read_text())["ServerApp"]["jpserver_extensions"] == {"pmkit.lab": True}
    import pmkit.lab

    assert pmkit.lab._jupyter_server_extension_points() == [{"module": "pmkit.lab"}]
    assert (LAB / pmkit.lab._jupyter_labextension_paths()[0]["src"]).resolve() == BUILD
