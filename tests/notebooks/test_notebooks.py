#!/usr/bin/python3
"""Every notebook runs top to bottom through the Java kernel, for each dataset, in quick mode.

Checks per run: no error output (nbclient stops at the first one); every cell tagged "figure"
shows an image or an HTML player; every cell tagged "shape-check" prints the shape written in
its metadata ("expect"); every cell with one of the tags of TAGGED shows that kind of output, and
a notebook listed in REQUIRED has a cell with each of its tags. Run with Debian's Python after
environment/setup.sh and mvn package.
"""
import pathlib
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "notebooks"))
import render  # noqa: E402

DATASETS = ["gaussians", "moons", "circles"]
QUICK = {"N_STEPS": 200, "N_SAMPLES": 200}
# Tag -> the output a cell with that tag must show (a MIME type, or "stream" for printed text).
TAGGED = {
    "score-table": "text/html", "score-summary": "text/markdown", "dead-units": "text/html",
    "dead-units-summary": "text/markdown",
    "sinks": "stream", "recipe-field": "image/png", "recipe-table": "text/html",
    "recipe-animation": "text/html", "energy-table": "text/html", "energy-summary": "text/markdown",
    "recipe-points": "image/png", "recipe-data": "image/png", "blur-check": "stream",
}
# Notebook 06 measures the learned score, shows why the chapter's recipe fails and ends with one that works.
REQUIRED = {"06-generalizing-to-higher-dimensions.ipynb": set(TAGGED)}


def outputs_of(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") in ("execute_result", "display_data")]


class NotebookTest(unittest.TestCase):
    def check(self, name, data):
        path = ROOT / "notebooks" / name
        nb = render.inject(render.nbformat.read(str(path), as_version=4), {})
        declared = "\n".join(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        params = {k: v for k, v in QUICK.items() if k in declared}
        if data is not None:
            params["DATA"] = data
        executed, seconds = render.execute(path, params, timeout=600)
        figures = shapes = 0
        seen = set()
        for cell in executed.cells:
            tags = cell.metadata.get("tags", [])
            for tag in set(tags) & set(TAGGED):
                seen.add(tag)
                kind = TAGGED[tag]
                if kind == "stream":
                    shown = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
                    self.assertTrue(shown.strip(), f"{name} [{data}]: cell tagged {tag} printed nothing:\n{cell.source}")
                else:
                    kinds = {k for o in outputs_of(cell) for k in o.get("data", {})}
                    self.assertIn(kind, kinds, f"{name} [{data}]: cell tagged {tag} shows no {kind}:\n{cell.source}")
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            self.assertFalse(errors, f"{name} [{data}]: error in cell:\n{cell.source}")
            if "figure" in tags:
                figures += 1
                kinds = {k for o in outputs_of(cell) for k in o.get("data", {})}
                self.assertTrue(kinds & {"image/png", "text/html"},
                                f"{name} [{data}]: figure cell has no image:\n{cell.source}")
            if "shape-check" in tags:
                shapes += 1
                text = " ".join(str(o["data"].get("text/plain", "")) for o in outputs_of(cell))
                self.assertIn(cell.metadata["expect"], text, f"{name} [{data}]: shape check:\n{cell.source}")
        self.assertGreater(figures, 0, f"{name} has no cell tagged 'figure'")
        missing = REQUIRED.get(name, set()) - seen
        self.assertFalse(missing, f"{name} [{data}]: no cell tagged {sorted(missing)}")
        print(f"  {name} [{data or 'own data'}]: {figures} figures, {shapes} shape checks, {seconds:.0f} s", flush=True)


def declares_data(name):
    nb = render.nbformat.read(str(ROOT / "notebooks" / name), as_version=4)
    return any("DATA" in c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


def add_tests():
    for name in render.NOTEBOOKS:
        # A notebook without a DATA parameter runs its own data, once.
        for data in DATASETS if declares_data(name) else [None]:
            def test(self, name=name, data=data):
                self.check(name, data)
            setattr(NotebookTest, f"test_{name[:2]}_{data or 'own_data'}", test)


add_tests()

if __name__ == "__main__":
    unittest.main(verbosity=2)
