"""The wheel check must fail for every shortcoming it claims to detect; built wheels are synthetic and tiny."""

import contextlib
import io
import json
import sys
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import check_python_wheel as check  # noqa: E402

FINGERPRINT = "fingerprint-of-this-build"


def assembly(fingerprint=FINGERPRINT, dist_name="sociant-mate-infra", module="sociant_mate_infra"):
    return {
        "name": "@sociant/mate-infra",
        "version": "1.2.3",
        "fingerprint": fingerprint,
        "targets": {"python": {"distName": dist_name, "module": module}},
        "types": {
            "@sociant/mate-infra.TenantTier": {"kind": "class", "name": "TenantTier"},
            "@sociant/mate-infra.TenantTierConfig": {"kind": "interface", "name": "TenantTierConfig"},
            "@sociant/mate-infra.TenantTier.Size": {"kind": "enum", "name": "Size", "namespace": "TenantTier"},
        },
    }


GOOD_INIT = '''
class TenantTier(metaclass=jsii.JSIIMeta, jsii_type="@sociant/mate-infra.TenantTier"):
    pass

@jsii.enum(jsii_type="@sociant/mate-infra.TenantTier.Size")
class Size(enum.Enum):
    pass

@jsii.data_type(
    jsii_type="@sociant/mate-infra.TenantTierConfig",
)
class TenantTierConfig:
    pass

__all__ = [
    "TenantTier",
    "TenantTierConfig",
]
'''


def assembly_tarball(fingerprint=FINGERPRINT):
    content = json.dumps({"fingerprint": fingerprint}).encode("utf-8")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tarball:
        info = tarfile.TarInfo("package/.jsii")
        info.size = len(content)
        tarball.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


INIT = "sociant_mate_infra/__init__.py"
TARBALL = "sociant_mate_infra/_jsii/mate-infra@1.2.3.jsii.tgz"
METADATA = "sociant_mate_infra-1.2.3.dist-info/METADATA"


def wheel_files(changes=None):
    """The members of a complete wheel, with `changes` applied (None removes a member)."""
    files = {
        INIT: GOOD_INIT,
        "sociant_mate_infra/py.typed": "",
        "sociant_mate_infra/_jsii/__init__.py": "",
        TARBALL: assembly_tarball(),
        METADATA: "Metadata-Version: 2.1\nName: sociant-mate-infra\nVersion: 1.2.3\n",
    }
    for path, content in (changes or {}).items():
        if content is None:
            files.pop(path)
        else:
            files[path] = content
    return files


class WheelCheckTest(unittest.TestCase):
    def setUp(self):
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        self.directory = Path(temporary.name)

    def write_wheel(self, files, name="sociant_mate_infra-1.2.3-py3-none-any.whl"):
        path = self.directory / name
        with zipfile.ZipFile(path, "w") as wheel:
            for member, content in files.items():
                wheel.writestr(member, content)
        return path

    def problems(self, files, checked_assembly=None):
        return check.wheel_problems(self.write_wheel(files), checked_assembly or assembly())

    def test_passes_a_complete_wheel(self):
        self.assertEqual(self.problems(wheel_files()), [])

    def test_fails_when_a_type_is_not_generated(self):
        problems = self.problems(wheel_files({INIT: GOOD_INIT.replace("@sociant/mate-infra.TenantTierConfig", "elsewhere")}))
        self.assertEqual(len(problems), 1)
        self.assertIn("TenantTierConfig (@sociant/mate-infra.TenantTierConfig) is not in the generated Python package", problems[0])

    def test_fails_when_a_nested_type_is_not_generated(self):
        problems = self.problems(wheel_files({INIT: GOOD_INIT.replace('"@sociant/mate-infra.TenantTier.Size"', '"x"')}))
        self.assertEqual(problems, ["the enum Size (@sociant/mate-infra.TenantTier.Size) is not in the generated Python package"])

    def test_fails_when_a_type_is_missing_from_all(self):
        problems = self.problems(wheel_files({INIT: GOOD_INIT.replace('    "TenantTier",\n', "")}))
        self.assertEqual(len(problems), 1)
        self.assertIn("TenantTier is missing from __all__", problems[0])

    def test_fails_when_the_module_is_missing(self):
        problems = self.problems(wheel_files({INIT: None}))
        self.assertIn("the wheel has no sociant_mate_infra/__init__.py: the module sociant_mate_infra is missing", problems)

    def test_fails_when_the_distribution_name_is_wrong(self):
        problems = self.problems(wheel_files({METADATA: "Name: mate-infra\nVersion: 1.2.3\n"}))
        self.assertEqual(problems, ["the wheel's metadata names the distribution 'mate-infra'; it must be 'sociant-mate-infra'"])

    def test_fails_when_the_version_differs_from_the_assembly(self):
        problems = self.problems(wheel_files({METADATA: "Name: sociant-mate-infra\nVersion: 0.0.0\n"}))
        self.assertEqual(problems, ["the wheel's version is '0.0.0'; the assembly's is '1.2.3'"])

    def test_fails_when_the_metadata_is_missing(self):
        problems = self.problems(wheel_files({METADATA: None}))
        self.assertEqual(problems, ["the wheel should have one .dist-info/METADATA, it has 0"])

    def test_fails_when_the_assembly_tarball_is_missing(self):
        problems = self.problems(wheel_files({TARBALL: None}))
        self.assertEqual(problems, ["the wheel should embed one jsii assembly tarball under sociant_mate_infra/_jsii/, it has 0"])

    def test_fails_when_the_assembly_tarball_has_no_assembly(self):
        empty = io.BytesIO()
        with tarfile.open(fileobj=empty, mode="w:gz"):
            pass
        problems = self.problems(wheel_files({TARBALL: empty.getvalue()}))
        self.assertEqual(problems, [f"{TARBALL} has no package/.jsii"])

    def test_fails_when_the_wheel_holds_another_builds_assembly(self):
        problems = self.problems(wheel_files(), assembly(fingerprint="a-newer-build"))
        self.assertEqual(len(problems), 1)
        self.assertIn("holds another build's assembly", problems[0])

    def test_fails_when_the_assembly_targets_another_distribution_or_module(self):
        problems = self.problems(wheel_files(), assembly(dist_name="mate", module="mate"))
        self.assertEqual(problems[:2], [
            "the assembly's Python distName is 'mate', but the README tells users to `pip install sociant-mate-infra`",
            "the assembly's Python module is 'mate', but the README tells users to `import sociant_mate_infra`",
        ])

    def test_fails_when_there_is_no_wheel_or_more_than_one(self):
        with self.assertRaisesRegex(check.WheelCheckError, "exactly one .whl in .*, found none"):
            check.find_wheel(self.directory)
        self.write_wheel(wheel_files(), "a.whl")
        self.write_wheel(wheel_files(), "b.whl")
        with self.assertRaisesRegex(check.WheelCheckError, "found a.whl, b.whl"):
            check.find_wheel(self.directory)

    def test_fails_when_the_assembly_is_not_an_assembly(self):
        path = self.directory / ".jsii"
        path.write_text("{}", encoding="utf-8")
        with self.assertRaisesRegex(check.WheelCheckError, "has no 'types'"):
            check.load_assembly(path)
        with self.assertRaisesRegex(check.WheelCheckError, "cannot read the jsii assembly"):
            check.load_assembly(self.directory / "missing.jsii")

    def test_main_exits_1_listing_problems_and_0_for_a_complete_wheel(self):
        assembly_path = self.directory / ".jsii"
        assembly_path.write_text(json.dumps(assembly()), encoding="utf-8")
        wheels = self.directory / "wheels"
        wheels.mkdir()
        wheel = self.write_wheel(wheel_files({INIT: None}), "wheels/bad.whl")
        arguments = ["--wheel-dir", str(wheels), "--assembly", str(assembly_path)]

        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            self.assertEqual(check.main(arguments), 1)
        self.assertIn("the module sociant_mate_infra is missing", stderr.getvalue())

        wheel.unlink()
        self.write_wheel(wheel_files(), "wheels/good.whl")
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            self.assertEqual(check.main(arguments), 0)
        self.assertIn("sociant-mate-infra 1.2.3, module sociant_mate_infra", stdout.getvalue())


if __name__ == "__main__":
    unittest.main()
