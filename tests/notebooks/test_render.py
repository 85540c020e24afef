#!/usr/bin/python3
"""The renderer (notebooks/render.py, render.sh): parameters, refused options, a failing cell, a fresh clone.

Run with Debian's Python after environment/setup.sh and mvn package. The failing-cell test runs two
small notebooks through the Java kernel; the fresh-clone test clones this repository's HEAD commit
into a temporary folder and runs `bash notebooks/render.sh --quick 06` there as a new user would,
under a kernelspec name of its own (removed afterwards), so the shared kernel "java" is left alone.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "notebooks"))
import render  # noqa: E402

PY = "/usr/bin/python3"
CHAPTER = "06-generalizing-to-higher-dimensions.ipynb"


def notebook(path, title, *cells, parameters=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java", "language": "java"}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}"))
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, str(path))
    return path


def run_render(*args, cwd=ROOT, env=None):
    return subprocess.run([PY, str(ROOT / "notebooks" / "render.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env)


class ParametersTest(unittest.TestCase):
    """Which names each notebook declares (read off their parameters cells) and what gets injected."""

    def read(self, name):
        return nbformat.read(str(ROOT / "notebooks" / name), as_version=4)

    def test_declared_names(self):
        self.assertEqual(render.declared(nbformat.v4.new_notebook()), [])
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell('String DATA = "moons"; // or "circles = x"\n'
                                         "int[] DIMS = {3, 8};\nfinal long SEED = 7;\n/* int HIDDEN = 1; */\n"
                                         "double LEARNING_RATE = 1e-3;  // a == b")
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
        self.assertEqual(render.declared(nb), ["DATA", "DIMS", "SEED", "LEARNING_RATE"])

    def test_only_declared_parameters_are_injected(self):
        params = {"DATA": "moons", "N_STEPS": 300, "N_SAMPLES": 200}
        for name in render.NOTEBOOKS:
            nb = render.inject(self.read(name), params)
            names = set(render.declared(nb))
            cells = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
            self.assertEqual(len(cells), 1, name)
            lines = set(cells[0].splitlines()[1:])
            expected = {f"{k} = {render.java_literal(v)};" for k, v in params.items() if k in names}
            self.assertEqual(lines, expected, name)
            for k in set(params) - names:
                self.assertNotIn(k, cells[0], f"{name} got {k}, which it does not declare")

    def test_notebook_08_takes_no_data(self):
        nb = render.inject(self.read("08-n-dimensions.ipynb"), {"DATA": "moons"})
        self.assertFalse([c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])])

    def test_injected_cell_follows_the_parameters_cell(self):
        nb = render.inject(self.read(CHAPTER), {"DATA": "circles"})
        i = render.parameters_cell(nb)
        self.assertEqual(nb.cells[i + 1].source, '// Injected parameters\nDATA = "circles";')


class OptionsTest(unittest.TestCase):
    def test_option_no_chosen_notebook_declares_is_refused(self):
        r = run_render("--check", "--data", "moons", "08-n-dimensions.ipynb")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("--data: none of the chosen notebooks (08-n-dimensions.ipynb) declares DATA", r.stderr)

    def test_quick_refused_where_nothing_declares_its_parameters(self):
        with tempfile.TemporaryDirectory() as tmp:
            plain = notebook(pathlib.Path(tmp) / "01-plain.ipynb", "Plain", "1 + 1")
            r = run_render("--check", "--quick", plain)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("--quick: none of the chosen notebooks (01-plain.ipynb) declares N_STEPS or N_SAMPLES", r.stderr)

    def test_option_taken_by_one_chosen_notebook_goes_only_there(self):
        r = run_render("--check", "--data", "moons", CHAPTER, "08-n-dimensions.ipynb")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"{CHAPTER} (DATA=moons)", r.stdout)
        self.assertIn("08-n-dimensions.ipynb (its own defaults)", r.stdout)

    def test_default_is_the_chapter_and_all_is_every_notebook(self):
        r = run_render("--check")
        self.assertEqual(re.findall(r"will run (\S+)", r.stdout), [CHAPTER])
        r = run_render("--check", "--all")
        self.assertEqual(re.findall(r"will run (\S+)", r.stdout), render.NOTEBOOKS)

    def test_unknown_notebook_and_bad_numbers_are_refused(self):
        for args, message in [(["09-nothing.ipynb"], "no such notebook: 09-nothing.ipynb"),
                              (["--steps", "0"], "--steps must be >= 1, got 0"),
                              (["--timeout", "0"], "--timeout must be >= 1 second, got 0"),
                              (["--all", CHAPTER], "either --all or notebook names")]:
            r = run_render("--check", *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr, args)


class FailingCellTest(unittest.TestCase):
    """Through the kernel: the second notebook's second cell throws."""

    def test_failure_names_the_cell_and_keeps_the_pages(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            ok = notebook(tmp / "01-ok.ipynb", "Fine", 'System.out.println("steps=" + N_STEPS);',
                          parameters="int N_STEPS = 5;")
            bad = notebook(tmp / "02-bad.ipynb", "Breaks", "int x = 1;",
                           'throw new IllegalStateException("boom in the second cell");',
                           'System.out.println("never printed");')
            site = tmp / "site"
            r = run_render("--steps", "7", "--site", site, ok, bad)
            out = r.stdout + r.stderr
            self.assertEqual(r.returncode, 1, out)
            self.assertIn("02-bad.ipynb: cell 2 of 3 failed: ", out)
            self.assertIn("boom in the second cell", out)
            self.assertIn('first line of the cell: throw new IllegalStateException("boom in the second cell");', out)
            for page in ["01-ok.html", "01-ok.ipynb", "02-bad.html", "02-bad.ipynb", "index.html"]:
                self.assertTrue((site / page).is_file(), page)
            index = (site / "index.html").read_text(encoding="utf-8")
            self.assertIn('href="01-ok.html"', index)
            self.assertIn('href="02-bad.html"', index)
            self.assertIn("stopped: cell 2 of 3 failed", index)
            done = nbformat.read(str(site / "01-ok.ipynb"), as_version=4)
            printed = "".join(o.get("text", "") for c in done.cells for o in c.get("outputs", []))
            self.assertIn("steps=7", printed)  # the declared parameter was injected
            failed = nbformat.read(str(site / "02-bad.ipynb"), as_version=4)
            self.assertFalse([c for c in failed.cells if "injected-parameters" in c.metadata.get("tags", [])])
            errors = [o for o in failed.cells[2].outputs if o.output_type == "error"]
            self.assertEqual(len(errors), 1)
            self.assertEqual(failed.cells[3].get("outputs", []), [])


class FreshCloneTest(unittest.TestCase):
    """`bash notebooks/render.sh --quick 06` in a fresh clone, as a new user runs it."""

    def test_quick_render_in_a_fresh_clone(self):
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="scoremodels-clone-"))
        kernel = f"scoremodels-clone-test-{os.getpid()}"
        try:
            clone = tmp / "score-models"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            subprocess.run(["git", "checkout", "-q", head], cwd=clone, check=True)
            env = dict(os.environ, SCOREMODELS_KERNEL_NAME=kernel)
            r = subprocess.run(["bash", "notebooks/render.sh", "--quick", "06"], cwd=clone, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            out = r.stdout
            self.assertEqual(r.returncode, 0, out)
            index = (clone / "site" / "index.html").read_text(encoding="utf-8")
            self.assertIn('href="06-generalizing-to-higher-dimensions.html"', index)
            self.assertTrue((clone / "site" / "06-generalizing-to-higher-dimensions.html").is_file())
            self.assertNotIn("[ERROR]", out)
            self.assertNotIn("SecurityManager", out)
            self.assertIn("site: ", out)
            print("  render.sh --quick 06 in a fresh clone printed:\n    " + out.strip().replace("\n", "\n    "), flush=True)
        finally:
            subprocess.run(["jupyter", "kernelspec", "remove", "-f", kernel], capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
