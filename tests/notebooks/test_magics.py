"""IJava's display functions and JJava's magics in the project's kernel, over the Jupyter protocol.

Run:  python3 tests/notebooks/test_magics.py
Needs: the kernelspec named by SCOREMODELS_KERNEL_NAME (default "java"), and xchart 3.8.8 with its
dependencies in ~/.m2 (the library's build puts them there), which %maven resolves offline.

The kernel starts in a scratch folder, as Jupyter starts it in the notebook's folder, so that
%load finds a file there by a relative name.
"""
import os
import sys

try:
    import jupyter_client
except ImportError:
    if (__name__ == "__main__" and os.path.exists("/usr/bin/python3")
            and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3")):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    raise

import shutil
import tempfile
import unittest
from pathlib import Path

KERNEL = os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
XCHART = Path.home() / ".m2/repository/org/knowm/xchart/xchart/3.8.8/xchart-3.8.8.jar"


class DisplayAndMagicsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not XCHART.is_file():
            raise RuntimeError(f"{XCHART} is missing: build the library first (mvn -q -B package -DskipTests)")
        cls.folder = Path(tempfile.mkdtemp(prefix="scoremodels-magics-"))
        (cls.folder / "shared").mkdir()
        (cls.folder / "shared" / "helpers.jsh").write_text(
            "// what several notebooks share\nint twice(int x) {\n    return 2 * x;\n}\n", encoding="utf-8")
        cls.log = open(cls.folder / "kernel.log", "w")
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(
            kernel_name=KERNEL, startup_timeout=120, cwd=str(cls.folder), stderr=cls.log)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def run_cell(self, code, timeout=300):
        msgs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=msgs.append)
        return reply["content"], msgs

    def of_type(self, msgs, msg_type):
        return [m["content"] for m in msgs if m["msg_type"] == msg_type]

    def result(self, code):
        reply, msgs = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", f"{code!r}: {self.of_type(msgs, 'error')}")
        results = self.of_type(msgs, "execute_result")
        self.assertEqual(len(results), 1, f"{code!r}: {msgs}")
        return results[0]["data"]

    def test_display_returns_its_id_and_update_replaces_that_output(self):
        reply, msgs = self.run_cell('String id = display("first");\nid')
        shown = self.of_type(msgs, "display_data")
        self.assertEqual(len(shown), 1)
        display_id = shown[0]["transient"]["display_id"]
        self.assertEqual(shown[0]["data"]["text/plain"], "first")
        self.assertEqual(self.of_type(msgs, "execute_result")[0]["data"]["text/plain"], display_id,
                         "display(...) returns the id the front end got")

        reply, msgs = self.run_cell('updateDisplay(id, "<b>second</b>", "text/html");')
        updates = self.of_type(msgs, "update_display_data")
        self.assertEqual(len(updates), 1, msgs)
        self.assertEqual(updates[0]["transient"]["display_id"], display_id)
        self.assertEqual(updates[0]["data"]["text/html"], "<b>second</b>")
        self.assertEqual(self.of_type(msgs, "display_data"), [], "an update is not a new output")

    def test_render_gives_the_asked_types(self):
        data = self.result('render("<i>x</i>", "text/html")')
        self.assertEqual(data["text/html"], "<i>x</i>")
        self.assertEqual(self.result('render(42).getData("text/plain")')["text/plain"], "42")

    def test_load_runs_a_file_from_the_notebooks_folder(self):
        reply, msgs = self.run_cell("%load shared/helpers.jsh")
        self.assertEqual(reply["status"], "ok", self.of_type(msgs, "error"))
        self.assertEqual(self.result("twice(21)")["text/plain"], "42")
        reply, msgs = self.run_cell("%load missing.jsh")
        self.assertEqual(reply["status"], "error")
        self.assertIn("missing.jsh", reply["evalue"])

    def test_maven_adds_an_artifact_with_its_dependencies(self):
        reply, msgs = self.run_cell("%maven org.knowm.xchart:xchart:3.8.8")
        self.assertEqual(reply["status"], "ok", self.of_type(msgs, "error"))
        listed = self.result('new org.knowm.xchart.XYChartBuilder().width(320).height(200).build().getWidth()')
        self.assertEqual(listed["text/plain"], "320")
        reply, msgs = self.run_cell("%classpath")
        jars = "".join(s["text"] for s in self.of_type(msgs, "stream"))
        self.assertIn(str(XCHART), jars)
        # xchart draws its PDFs through de.rototor.pdfbox:graphics2d: a dependency, not asked for
        self.assertIn("graphics2d", jars)

    def test_maven_names_what_it_cannot_find(self):
        reply, msgs = self.run_cell("%maven org.example.nowhere:nothing-here:0.0.1")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "MavenError")
        self.assertIn("org.example.nowhere:nothing-here:0.0.1", reply["evalue"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
