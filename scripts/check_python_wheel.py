#!/usr/bin/env python3
"""Checks the Python wheel built from the jsii assembly before anyone can install it.

The wheel must be the distribution `sociant-mate-infra` at the assembly's version, hold the module
`sociant_mate_infra`, embed this build's jsii assembly (same fingerprint as `.jsii`), and expose every type of the
assembly in the generated Python sources. Every problem is listed; the exit code is 1 if there is any.

Usage: python3 scripts/check_python_wheel.py [--wheel-dir dist/python] [--assembly .jsii]

Only the standard library is used, so any python3 can run it, offline.
"""

import argparse
import ast
import email.parser
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

# The names the README's install instructions promise; a rename in .projenrc.ts must fail here, not on a user's pip.
DIST_NAME = "sociant-mate-infra"
MODULE = "sociant_mate_infra"


class WheelCheckError(Exception):
    """The check could not start: no wheel, several wheels, or an unreadable assembly."""


def load_assembly(path):
    """The jsii assembly (`.jsii`) as a dict."""
    try:
        assembly = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise WheelCheckError(f"cannot read the jsii assembly {path}: {error}; run `npx projen compile` first")
    if "types" not in assembly:
        raise WheelCheckError(f"{path} has no 'types': it is not an uncompressed jsii assembly")
    return assembly


def find_wheel(wheel_dir):
    """The one wheel in `wheel_dir`."""
    wheels = sorted(Path(wheel_dir).glob("*.whl"))
    if len(wheels) != 1:
        found = ", ".join(wheel.name for wheel in wheels) or "none"
        raise WheelCheckError(f"expected exactly one .whl in {wheel_dir}, found {found}; run `npx projen package:python-offline`")
    return wheels[0]


def wheel_problems(wheel_path, assembly):
    """Every way in which the wheel at `wheel_path` falls short of `assembly`."""
    problems = assembly_target_problems(assembly)
    with zipfile.ZipFile(wheel_path) as wheel:
        problems += metadata_problems(wheel, assembly)
        problems += embedded_assembly_problems(wheel, assembly)
        problems += exported_type_problems(wheel, assembly)
    return problems


def assembly_target_problems(assembly):
    python_target = assembly.get("targets", {}).get("python", {})
    problems = []
    if python_target.get("distName") != DIST_NAME:
        problems.append(f"the assembly's Python distName is {python_target.get('distName')!r}, but the README tells users to `pip install {DIST_NAME}`")
    if python_target.get("module") != MODULE:
        problems.append(f"the assembly's Python module is {python_target.get('module')!r}, but the README tells users to `import {MODULE}`")
    return problems


def metadata_problems(wheel, assembly):
    metadata_files = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    if len(metadata_files) != 1:
        return [f"the wheel should have one .dist-info/METADATA, it has {len(metadata_files)}"]
    metadata = email.parser.Parser().parsestr(wheel.read(metadata_files[0]).decode("utf-8"))
    problems = []
    if metadata["Name"] != DIST_NAME:
        problems.append(f"the wheel's metadata names the distribution {metadata['Name']!r}; it must be {DIST_NAME!r}")
    if metadata["Version"] != assembly["version"]:
        problems.append(f"the wheel's version is {metadata['Version']!r}; the assembly's is {assembly['version']!r}")
    return problems


def embedded_assembly_problems(wheel, assembly):
    """The jsii runtime loads the assembly from `<module>/_jsii/*.jsii.tgz`; it must be this build's."""
    tarballs = [name for name in wheel.namelist() if name.startswith(f"{MODULE}/_jsii/") and name.endswith(".jsii.tgz")]
    if len(tarballs) != 1:
        return [f"the wheel should embed one jsii assembly tarball under {MODULE}/_jsii/, it has {len(tarballs)}"]
    with tarfile.open(fileobj=io.BytesIO(wheel.read(tarballs[0])), mode="r:gz") as tarball:
        try:
            embedded = json.load(tarball.extractfile("package/.jsii"))
        except KeyError:
            return [f"{tarballs[0]} has no package/.jsii"]
    if embedded.get("fingerprint") != assembly.get("fingerprint"):
        return [f"{tarballs[0]} holds another build's assembly (fingerprint {embedded.get('fingerprint')!r}, expected {assembly.get('fingerprint')!r}); rebuild the wheel"]
    return []


def exported_type_problems(wheel, assembly):
    """Each jsii type appears in a generated module as `jsii_type="<fqn>"`; top-level types also in `__all__`."""
    init_file = f"{MODULE}/__init__.py"
    if init_file not in wheel.namelist():
        return [f"the wheel has no {init_file}: the module {MODULE} is missing"]
    init_source = wheel.read(init_file).decode("utf-8")
    module_sources = [wheel.read(name).decode("utf-8") for name in wheel.namelist() if name.startswith(f"{MODULE}/") and name.endswith(".py")]
    exported_names = names_in_all(init_source)

    problems = []
    for fqn, jsii_type in sorted(assembly["types"].items()):
        if not any(f'jsii_type="{fqn}"' in source for source in module_sources):
            problems.append(f"the {jsii_type['kind']} {jsii_type['name']} ({fqn}) is not in the generated Python package")
        elif "namespace" not in jsii_type and jsii_type["name"] not in exported_names:
            problems.append(f"{jsii_type['name']} is missing from __all__ in {init_file}, so `from {MODULE} import *` would not export it")
    return problems


def names_in_all(source):
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel-dir", default="dist/python", help="directory holding the one wheel to check")
    parser.add_argument("--assembly", default=".jsii", help="the jsii assembly the wheel was generated from")
    args = parser.parse_args(argv)
    try:
        assembly = load_assembly(args.assembly)
        wheel_path = find_wheel(args.wheel_dir)
    except WheelCheckError as error:
        print(f"Python wheel check failed: {error}", file=sys.stderr)
        return 1
    problems = wheel_problems(wheel_path, assembly)
    if problems:
        print(f"Python wheel check failed for {wheel_path}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    type_names = ", ".join(sorted(jsii_type["name"] for jsii_type in assembly["types"].values()))
    print(f"{wheel_path.name}: {DIST_NAME} {assembly['version']}, module {MODULE}, this build's assembly, "
          f"{len(assembly['types'])} types ({type_names})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
