#!/usr/bin/python3
"""The core-type check itself: it must catch a forced SkylakeX on a CPU without AVX-512.

Fake CPUs (an AVX2-only and an AVX-512 /proc/cpuinfo), a fake repository whose pom.xml forces
SkylakeX, and a fake kernelspec that does the same; the check runs as tests/run.sh runs it.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import openblas_coretype as check  # noqa: E402

AVX2_FLAGS = ("fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 popcnt aes xsave avx f16c rdrand "
              "bmi1 avx2 bmi2 sha_ni")
AVX2_CPU = f"processor\t: 0\nmodel name\t: AMD EPYC 7B12\nflags\t\t: {AVX2_FLAGS}\n"
AVX512_CPU = ("processor\t: 0\nmodel name\t: AMD EPYC 9B14\nflags\t\t: " + AVX2_FLAGS +
              " avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16\n")

BAD_POM = """<project><build><plugins><plugin>
  <artifactId>maven-surefire-plugin</artifactId>
  <configuration><environmentVariables>
    <OPENBLAS_CORETYPE>SkylakeX</OPENBLAS_CORETYPE>
  </environmentVariables></configuration>
</plugin></plugins></build></project>
"""


def run(*args):
    return subprocess.run([sys.executable, str(HERE / "openblas_coretype.py"), *args],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


class CoreTypeCheckTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp())
        (self.tmp / "avx2").write_text(AVX2_CPU)
        (self.tmp / "avx512").write_text(AVX512_CPU)
        self.bad_repo = self.tmp / "repo"
        self.bad_repo.mkdir()
        (self.bad_repo / "pom.xml").write_text(BAD_POM)
        self.bad_spec = self.tmp / "bad-kernel"
        self.bad_spec.mkdir()
        (self.bad_spec / "kernel.json").write_text(json.dumps(
            {"argv": ["java", "-jar", "k.jar", "{connection_file}"], "language": "java",
             "env": {"OPENBLAS_THREAD_TIMEOUT": "4", "OPENBLAS_CORETYPE": "SkylakeX"}}))
        self.good_spec = self.tmp / "good-kernel"
        self.good_spec.mkdir()
        (self.good_spec / "kernel.json").write_text(json.dumps(
            {"argv": ["java", "-jar", "k.jar", "{connection_file}"], "language": "java",
             "env": {"OPENBLAS_THREAD_TIMEOUT": "4"}}))

    def tearDown(self):
        subprocess.run(["rm", "-rf", str(self.tmp)], check=True)

    def test_pom_forcing_skylakex_fails_on_an_avx2_cpu(self):
        r = run("--cpuinfo", str(self.tmp / "avx2"), "--root", str(self.bad_repo),
                "--kernelspec-dir", str(self.good_spec))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pom.xml: OPENBLAS_CORETYPE=SkylakeX", r.stderr)
        self.assertIn("avx512f", r.stderr)

    def test_pom_forcing_skylakex_passes_on_an_avx512_cpu(self):
        r = run("--cpuinfo", str(self.tmp / "avx512"), "--root", str(self.bad_repo),
                "--kernelspec-dir", str(self.good_spec))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_kernelspec_forcing_skylakex_fails_on_an_avx2_cpu(self):
        r = run("--cpuinfo", str(self.tmp / "avx2"), "--root", str(ROOT), "--kernelspec-dir", str(self.bad_spec))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(f"kernelspec {self.bad_spec / 'kernel.json'}: OPENBLAS_CORETYPE=SkylakeX", r.stderr)

    def test_this_repository_forces_nothing_an_avx2_cpu_lacks(self):
        # Its build files are what every machine uses; setup.sh's kernelspec is checked where it is installed.
        r = run("--cpuinfo", str(self.tmp / "avx2"), "--root", str(ROOT), "--kernelspec-dir", str(self.good_spec))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_environment_forcing_skylakex_fails_on_an_avx2_cpu(self):
        problems = check.check(AVX2_CPU, self.tmp / "avx2-empty", [], {"OPENBLAS_CORETYPE": "skylakex"})
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("environment: OPENBLAS_CORETYPE=skylakex", problems[0])

    def test_the_forms_a_setting_takes(self):
        self.assertEqual(check.scan_text("export OPENBLAS_CORETYPE=Haswell"), ["Haswell"])
        self.assertEqual(check.scan_text('"OPENBLAS_CORETYPE": "SkylakeX"'), ["SkylakeX"])
        self.assertEqual(check.scan_text("OPENBLAS_CORETYPE: Zen"), ["Zen"])
        self.assertEqual(check.scan_text("<OPENBLAS_CORETYPE>SkylakeX</OPENBLAS_CORETYPE>"), ["SkylakeX"])
        self.assertEqual(check.scan_text("OPENBLAS_THREAD_TIMEOUT=4"), [])

    def test_core_types_against_flags(self):
        avx2 = check.cpu_flags(AVX2_CPU)
        self.assertIsNone(check.problem("Haswell", avx2))
        self.assertIsNone(check.problem("ZEN", avx2))
        self.assertIn("avx512f", check.problem("SkylakeX", avx2))
        self.assertIsNone(check.problem("SkylakeX", check.cpu_flags(AVX512_CPU)))
        self.assertIn("not an OpenBLAS x86-64 core type", check.problem("Skylake-X", avx2))


if __name__ == "__main__":
    unittest.main(verbosity=2)
