"""Test that a built wheel carries the schemas and works with only its declared dependencies.

A source checkout reads `schemas/` at the top of the repository; an installed wheel has
no repository. This installs the wheel (the one tox built, else a fresh build) into a new
virtual environment that does *not* see the base interpreter's packages: its dependencies
come from the environment running the tests (tox's, which tox filled from the wheel's
own requirements and the test tools), and nothing else. A package that a fresh machine
lacks but someone once installed by hand into the base interpreter can therefore not
make it pass: the probe checks that every requirement the wheel declares is installed
and that every module it loaded came from the venv, the test env or the standard
library. (A package the test env holds for the test tools but the wheel does not
declare would go unseen here; CI's run of the README's first command in a fresh venv
catches that.) It takes a few seconds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from shared_data import REPO_ROOT

# Runs inside the venv: where bibnorm, its schemas and every module it loaded come from.
PROBE = """
import json, re, sys, sysconfig
from importlib import metadata
from pathlib import Path
import bibnorm, bibnorm.schema as schema
from bibnorm.manager import create_host
from bibnorm import pipeline
record = schema.load_schema("bibnorm-record")
broken = {"issued": {"year": 2020, "month": 13}}
# Parse a sample end to end so the parsers' own imports (lxml ...) are loaded too.
host = create_host(autoload=False)
result = pipeline.parse_path(Path(sys.argv[1]), host)
# Each requirement the wheel declares (extras aside) is installed where the venv sees it.
missing = []
for requirement in metadata.requires("bibnorm") or []:
    if "extra ==" in requirement:
        continue
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        missing.append(name)
print(json.dumps({
    "missing": missing,
    "site_packages": sysconfig.get_paths()["purelib"],
    "package": str(Path(bibnorm.__file__).resolve().parent),
    "schema_dir": str(schema.schema_dir()),
    "record_id": record["$id"],
    "csl_id": schema.load_schema("csl-output")["$id"],
    "problems": [d.path for d in schema.validate(broken, "bibnorm-record")],
    "records": len(result.records),
    "modules": sorted({
        str(Path(m.__file__).resolve())
        for m in list(sys.modules.values())
        if getattr(m, "__file__", None)
    }),
}))
"""

SAMPLE = REPO_ROOT / "samples" / "pubmed-xml" / "full-article.xml"


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _wheel(out: Path) -> Path:
    """The wheel tox installed into this environment, else one built from the checkout."""
    built = [Path(p) for p in os.environ.get("TOX_PACKAGE", "").split(os.pathsep) if p]
    wheels = [p for p in built if p.suffix == ".whl" and p.name.startswith("bibnorm-")]
    if wheels:
        return wheels[0]
    command: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
    # With the build backend at hand no index is needed; else pip fetches it from PyPI.
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    _run(*command, "-w", out, REPO_ROOT)
    (wheel,) = out.glob("bibnorm-*.whl")
    return wheel


def _site_dirs(paths: dict[str, str]) -> set[Path]:
    return {Path(paths[key]).resolve() for key in ("purelib", "platlib")}


def test_installed_wheel_loads_its_schemas_from_inside_the_package(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {
        "bibnorm/schemas/bibnorm-record.schema.json",
        "bibnorm/schemas/csl-output.schema.json",
    } <= names

    # The venv sees its own site-packages, then (through a .pth file, so after them) the
    # site-packages of the environment running this test: never the base interpreter's,
    # unless that is the environment running the test.
    env = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env)
    python = env / "bin" / "python"
    env_paths = json.loads(
        _run(python, "-c", "import json, sysconfig; print(json.dumps(sysconfig.get_paths()))")
    )
    own_site = _site_dirs(env_paths)
    test_site = _site_dirs(sysconfig.get_paths())
    (Path(env_paths["purelib"]) / "deps-of-the-test-env.pth").write_text(
        "".join(f"{path}\n" for path in sorted(test_site)), "utf-8"
    )
    _run(
        python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall", wheel
    )
    # Run isolated from an empty folder so neither the repository nor tests/ is on sys.path.
    report = json.loads(_run(python, "-I", "-c", PROBE, SAMPLE, cwd=tmp_path))

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
    assert report["missing"] == []
    assert report["problems"] == ["$.issued.month"]
    assert report["records"] == 1

    stdlib = {Path(env_paths[key]).resolve() for key in ("stdlib", "platstdlib")}
    allowed = own_site | test_site | stdlib
    strays = [m for m in report["modules"] if not any(Path(m).is_relative_to(a) for a in allowed)]
    assert strays == [], "modules loaded from outside the wheel's venv and the test env"
