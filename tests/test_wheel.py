"""Test that a built wheel carries the schemas and reads them from inside the package.

A source checkout reads `schemas/` at the top of the repository; an installed wheel has
no repository, so this builds one, installs it into a fresh virtual environment and asks
that environment where its schemas come from. It takes a few seconds.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from shared_data import REPO_ROOT

# Runs inside the venv: where bibnorm and its schemas come from, and that they work.
PROBE = """
import json, sys, sysconfig
from pathlib import Path
import bibnorm, bibnorm.schema as schema
record = schema.load_schema("bibnorm-record")
broken = {"issued": {"year": 2020, "month": 13}}
print(json.dumps({
    "site_packages": sysconfig.get_paths()["purelib"],
    "package": str(Path(bibnorm.__file__).resolve().parent),
    "schema_dir": str(schema.schema_dir()),
    "record_id": record["$id"],
    "csl_id": schema.load_schema("csl-output")["$id"],
    "problems": [d.path for d in schema.validate(broken, "bibnorm-record")],
}))
"""


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(out: Path) -> Path:
    command: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
    # With the build backend at hand no index is needed; else pip fetches it from PyPI.
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    _run(*command, "-w", out, REPO_ROOT)
    (wheel,) = out.glob("bibnorm-*.whl")
    return wheel


def test_installed_wheel_loads_its_schemas_from_inside_the_package(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {
        "bibnorm/schemas/bibnorm-record.schema.json",
        "bibnorm/schemas/csl-output.schema.json",
    } <= names

    # System site-packages give the venv the dependencies (jsonschema, pluggy ...) without
    # an index; bibnorm itself is installed from the wheel, ahead of any editable install.
    env = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env)
    python = env / "bin" / "python"
    _run(
        python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall", wheel
    )
    # Run from an empty folder so neither the repository nor tests/ is on sys.path.
    report = json.loads(_run(python, "-I", "-c", PROBE, cwd=tmp_path))

    site_packages = Path(report["site_packages"]).resolve()
    package = Path(report["package"])
    schema_dir = Path(report["schema_dir"]).resolve()
    assert package == site_packages / "bibnorm"
    assert schema_dir == package / "schemas"
    assert not schema_dir.is_relative_to(REPO_ROOT)
    assert (report["record_id"], report["csl_id"]) == (
        "urn:bibnorm:schema:bibnorm-record",
        "urn:bibnorm:schema:csl-output",
    )
    assert report["problems"] == ["$.issued.month"]
