#!/usr/bin/python3
"""Execute the Java notebooks headless through the Java kernel and render them to a site.

Run with Debian's Python (/usr/bin/python3: nbformat, nbclient and nbconvert come from
Debian's jupyter packages). Each notebook is copied, the chosen parameters are injected as a
cell right after the cell tagged "parameters" (papermill's convention), the copy is executed
with the kernel "java", and the executed notebook and an HTML page (figures embedded, the
animation playable) are written to the site folder with an index page.
"""
import os
import argparse
import html
import json
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert.preprocessors.coalescestreams import coalesce_streams

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = sorted(p.name for p in HERE.glob("[0-9][0-9]-*.ipynb"))
QUICK = {"N_STEPS": 300}


def java_literal(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def inject(nb, params):
    """Insert `NAME = value;` lines after the parameters cell; returns the notebook."""
    if not params:
        return nb
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if index is None:
        raise SystemExit("no cell tagged 'parameters' in the notebook")
    lines = ["// Injected parameters"] + [f"{k} = {java_literal(v)};" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    return nb


def execute(path, params, timeout, kernel=None):
    """Executes one notebook with injected parameters; returns (notebook, seconds)."""
    kernel = kernel or os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
    nb = inject(nbformat.read(str(path), as_version=4), params)
    start = time.time()
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    # A progress bar arrives as many small stream messages that rewrite one line with "\r";
    # keep what a reader saw last, as the live notebook shows it.
    nb, _ = coalesce_streams(nb, {})
    return nb, time.time() - start


def render(names, params, site, timeout):
    site.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    rows = []
    for name in names:
        nb, seconds = execute(HERE / name, params, timeout)
        stem = name[:-len(".ipynb")]
        nbformat.write(nb, str(site / name))
        body, _ = exporter.from_notebook_node(nb)
        (site / f"{stem}.html").write_text(body, encoding="utf-8")
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown"), stem)
        rows.append((stem, title, seconds))
        print(f"rendered {name} in {seconds:.1f} s", flush=True)
    items = "\n".join(
        f'<li><a href="{html.escape(s)}.html">{html.escape(t)}</a> '
        f'(<a href="{html.escape(s)}.ipynb">notebook</a>, executed in {sec:.0f} s)</li>'
        for s, t, sec in rows)
    shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "the chapter's defaults"
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>score-models for Java</title></head>"
        "<body style='font-family:sans-serif;max-width:50em;margin:2em auto'>"
        "<h1>score-models for Java: rendered notebooks</h1>"
        f"<p>Parameters: {html.escape(shown)}.</p><ul>{items}</ul></body></html>\n", encoding="utf-8")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", choices=["moons", "circles", "gaussians"], help="dataset (default: the notebook's)")
    ap.add_argument("--quick", action="store_true", help=f"short training ({QUICK['N_STEPS']} steps) for a fast look")
    ap.add_argument("--steps", type=int, help="training steps (default: the notebook's, 20,000)")
    ap.add_argument("--site", default="site", help="output folder (default: site)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    ap.add_argument("notebooks", nargs="*", help="notebook file names (default: all in notebooks/)")
    args = ap.parse_args(argv)
    params = {}
    if args.data:
        params["DATA"] = args.data
    if args.quick:
        params.update(QUICK)
    if args.steps:
        if args.steps < 1:
            ap.error(f"--steps must be >= 1, got {args.steps}")
        params["N_STEPS"] = args.steps
    names = args.notebooks or NOTEBOOKS
    unknown = [n for n in names if not (HERE / n).is_file()]
    if unknown:
        ap.error(f"no such notebook in {HERE}: {', '.join(unknown)}")
    start = time.time()
    render(names, params, pathlib.Path(args.site).resolve(), args.timeout)
    print(f"site written to {pathlib.Path(args.site).resolve()}/index.html in {time.time() - start:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
