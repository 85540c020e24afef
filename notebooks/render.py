#!/usr/bin/python3
"""Execute the Java notebooks headless through the Java kernel and render them to a site.

    render.py                      the chapter (06) in full, with its own defaults
    render.py --all                every notebook (06, 07, 08) in full
    render.py --quick [NAMES]      short training and small samples, for a fast look
    render.py 08-n-dimensions.ipynb --steps 500

Run with Debian's Python (/usr/bin/python3: nbformat, nbclient and nbconvert come from Debian's
jupyter packages) after `mvn package` (notebooks/render.sh does both). Each notebook is copied;
the options set parameters, which are injected as a cell right after the cell tagged "parameters"
(papermill's convention), but only into notebooks that declare them there. The copy runs on the
kernel "java" (or $SCOREMODELS_KERNEL_NAME); the executed notebook and an HTML page (figures
embedded, the animation playable) go to the site folder, with an index page. While a notebook runs,
one line shows the cell, the elapsed time and the cell's latest output line (the training bar).
The kernel's own messages (stderr) go to SITE/kernel.log. A failing cell stops the render; the
pages done so far, the failed notebook up to its error, and the index are still written.
"""
import argparse
import asyncio
import datetime
import html
import json
import os
import pathlib
import re
import shutil
import sys
import threading
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from jupyter_client.kernelspec import NoSuchKernel
from nbconvert import HTMLExporter
from nbconvert.preprocessors.coalescestreams import coalesce_streams

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = sorted(p.name for p in HERE.glob("[0-9][0-9]-*.ipynb"))
DEFAULT = ["06-generalizing-to-higher-dimensions.ipynb"]  # the chapter
QUICK = {"N_STEPS": 300, "N_SAMPLES": 200}
DATASETS = ["gaussians", "moons", "circles"]


# ---------------------------------------------------------------- parameters

def parameters_cell(nb):
    return next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)


def declared(nb):
    """Names the notebook's parameters cell declares (`Type NAME = value;`), in order."""
    index = parameters_cell(nb)
    if index is None:
        return []
    source = re.sub(r"//[^\n]*|/\*.*?\*/", "", nb.cells[index].source, flags=re.S)
    return re.findall(r"(?m)^\s*(?:final\s+)?[A-Za-z_][\w.<>,\[\] ]*?\s+([A-Za-z_]\w*)\s*=(?!=)", source)


def java_literal(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def inject(nb, params):
    """Inserts `NAME = value;` after the parameters cell for the names the notebook declares.

    Names the notebook does not declare are left out (the notebook keeps its own data or has no
    such setting). Returns the notebook."""
    names = set(declared(nb))
    chosen = {k: v for k, v in params.items() if k in names}
    if not chosen:
        return nb
    lines = ["// Injected parameters"] + [f"{k} = {java_literal(v)};" for k, v in chosen.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(parameters_cell(nb) + 1, cell)
    return nb


def injected(nb):
    return {c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])}


# ---------------------------------------------------------------- console

def clock(seconds):
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Console:
    """One status line that is redrawn in a terminal; elsewhere (a log, CI) printed every `every`
    seconds at most (None: never)."""

    def __init__(self, stream=None, interactive=None, every=15.0):
        self.stream = stream or sys.stdout
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.every = every
        self.lock = threading.Lock()
        self.shown = ""
        self.last_print = 0.0

    def say(self, text):
        with self.lock:
            if self.interactive and self.shown:
                self.stream.write("\r\x1b[K")
            self.stream.write(text + "\n")
            self.shown = ""
            self.stream.flush()

    def status(self, text):
        with self.lock:
            if self.interactive:
                width = shutil.get_terminal_size((100, 20)).columns - 1
                self.stream.write("\r\x1b[K" + text[:width])
                self.shown = text
            elif self.every is not None and time.monotonic() - self.last_print >= self.every:
                self.stream.write("  " + text + "\n")
                self.last_print = time.monotonic()
            self.stream.flush()

    def clear(self):
        with self.lock:
            if self.interactive and self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            self.shown = ""


class Tracker:
    """Follows one notebook's execution: which cell runs, since when, and its latest output line."""

    def __init__(self, name, nb, console):
        self.name = name
        self.console = console
        self.start = time.monotonic()
        self.cell_start = self.start
        self.params = injected(nb)
        self.number = {}  # cell index -> number among the notebook's own code cells
        n = 0
        for i, c in enumerate(nb.cells):
            if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", []):
                n += 1
                self.number[i] = n
        self.total = n
        self.current = None
        self.line = ""
        self.stop = threading.Event()
        self.ticker = None

    def __enter__(self):
        if self.console.interactive or self.console.every is not None:
            self.ticker = threading.Thread(target=self._tick, daemon=True)
            self.ticker.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.ticker:
            self.ticker.join()
        self.console.clear()

    def _tick(self):
        # Keeps the elapsed time moving while a cell prints nothing (and, in a log, says it is alive).
        while not self.stop.wait(1.0):
            self.show()

    def label(self, index):
        if index in self.number:
            return f"cell {self.number[index]} of {self.total}"
        return "injected parameters"

    def show(self):
        now = time.monotonic()
        if self.current is None:
            self.console.status(f"{self.name}: starting the kernel, {clock(now - self.start)}")
            return
        text = (f"{self.name}: {self.label(self.current)}, {clock(now - self.start)} "
                f"(this cell {clock(now - self.cell_start)})")
        if self.line:
            text += "  " + self.line
        self.console.status(text)

    def on_cell_start(self, cell, cell_index):
        if cell.cell_type != "code" or not cell.source.strip():
            return
        self.current = cell_index
        self.cell_start = time.monotonic()
        self.line = ""
        self.show()

    def on_message(self, msg):
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        text = ""
        if kind == "stream":
            text = content.get("text", "")
        elif kind in ("display_data", "update_display_data"):
            text = content.get("data", {}).get("text/plain", "")
            text = text if len(text) < 300 else ""
        # A progress bar rewrites its line with '\r': the last piece is what a reader sees now.
        pieces = [p.strip() for p in re.split(r"[\r\n]", text) if p.strip()]
        if pieces:
            self.line = pieces[-1]
            self.show()


class TrackingClient(NotebookClient):
    """nbclient's client, telling a Tracker about every message the kernel sends while a cell runs."""

    def __init__(self, nb, tracker, **kw):
        super().__init__(nb, on_cell_start=tracker.on_cell_start, **kw)
        self.tracker = tracker

    def process_message(self, msg, cell, cell_index):
        self.tracker.on_message(msg)
        return super().process_message(msg, cell, cell_index)


# ---------------------------------------------------------------- execution

class CellFailed(Exception):
    """A cell raised or the kernel died: says which notebook, which cell and what went wrong."""

    def __init__(self, name, where, error, source):
        first = next((l for l in source.splitlines() if l.strip()), "")
        super().__init__(f"{name}: {where} failed: {error}" + (f"\n    first line of the cell: {first}" if first else ""))
        self.name = name
        self.where = where
        self.error = error


def execute(path, params, timeout=None, kernel=None, console=None, log=None):
    """Executes one notebook with injected parameters; returns (notebook, seconds).

    On a failing cell raises CellFailed with the executed notebook up to the failure as
    `.notebook` and the time taken as `.seconds`. `timeout`: seconds per cell (None: no limit)."""
    path = pathlib.Path(path)
    kernel = kernel or os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
    console = console or Console(interactive=False, every=None)
    nb = inject(nbformat.read(str(path), as_version=4), params)
    tracker = Tracker(path.name, nb, console)
    client = TrackingClient(nb, tracker, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.time()
    failure = None

    def failed(error):
        if tracker.current is None:
            return CellFailed(path.name, f"starting the kernel '{kernel}'", error, "")
        return CellFailed(path.name, tracker.label(tracker.current), error, nb.cells[tracker.current].source)

    with tracker:
        try:
            # The kernel's stderr (its log, JVM warnings) goes to the log file, not the console.
            client.execute(**({"stderr": log, "stdout": log} if log else {}))
        except CellExecutionError as e:
            failure = failed(f"{e.ename}: {e.evalue}".strip())
        except DeadKernelError as e:
            failure = failed(f"the kernel died ({e})")
        except TimeoutError as e:
            failure = failed(f"timed out: {e}")
        except NoSuchKernel:
            failure = failed("no such kernel is registered; run bash environment/setup.sh")
        except RuntimeError as e:  # the kernel exited before answering (see the kernel log)
            if tracker.current is not None:
                raise
            failure = failed(str(e))
    # A progress bar arrives as many small stream messages that rewrite one line with "\r";
    # keep what a reader saw last, as the live notebook shows it.
    nb, _ = coalesce_streams(nb, {})
    seconds = time.time() - start
    if failure:
        failure.notebook, failure.seconds = nb, seconds
        raise failure
    return nb, seconds


# ---------------------------------------------------------------- site

def title_of(nb, stem):
    return next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells
                 if c.cell_type == "markdown" and c.source.strip()), stem)


def write_page(site, name, nb):
    stem = name[:-len(".ipynb")]
    nbformat.write(nb, str(site / name))
    body, _ = HTMLExporter().from_notebook_node(nb)
    (site / f"{stem}.html").write_text(body, encoding="utf-8")


def write_index(site, pages):
    """site/index.json keeps every page rendered into this folder; index.html lists them."""
    record = site / "index.json"
    known = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    known.update(pages)
    known = {n: p for n, p in known.items() if (site / n).is_file()}
    record.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    items = []
    for name in sorted(set(known) | set(NOTEBOOKS)):
        stem = html.escape(name[:-len(".ipynb")])
        p = known.get(name)
        if p is None:
            items.append(f"<li>{stem}: not rendered yet (<code>bash notebooks/render.sh {html.escape(name)}</code>)</li>")
            continue
        params = ", ".join(p["parameters"]) or "the notebook's defaults"
        state = (f"executed in {p['seconds']:.0f} s" if p["status"] == "ok"
                 else f"<strong>stopped: {html.escape(p['status'])}</strong> after {p['seconds']:.0f} s")
        items.append(f'<li><a href="{stem}.html">{html.escape(p["title"])}</a> '
                     f'(<a href="{stem}.ipynb">notebook</a>; {state}; parameters: {html.escape(params)}; '
                     f'{html.escape(p["rendered"])})</li>')
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>score-models for Java</title></head>"
        "<body style='font-family:sans-serif;max-width:50em;margin:2em auto'>"
        "<h1>score-models for Java: rendered notebooks</h1>"
        f"<ul>\n" + "\n".join(items) + "\n</ul></body></html>\n", encoding="utf-8")


def render(paths, params, site, timeout=None, console=None, done=None):
    """Renders the notebooks in order; returns `done`, a list of (name, seconds, status) to which
    each page is added as it is written. Stops at the first failing cell (re-raising it as
    CellFailed) after writing its page and the index."""
    console = console or Console()
    site.mkdir(parents=True, exist_ok=True)
    log_path = site / "kernel.log"
    done = [] if done is None else done
    pages = {}
    with open(log_path, "a", encoding="utf-8") as log:
        for path in paths:
            nb0 = nbformat.read(str(path), as_version=4)
            mine = {k: v for k, v in params.items() if k in declared(nb0)}
            shown = ", ".join(f"{k}={v}" for k, v in mine.items()) or "its own defaults"
            console.say(f"[render] {path.name} ({shown})")
            log.write(f"==== {path.name} {datetime.datetime.now().isoformat(timespec='seconds')}\n")
            log.flush()
            entry = {"parameters": [f"{k}={v}" for k, v in mine.items()],
                     "rendered": datetime.datetime.now().strftime("%Y-%m-%d %H:%M")}
            try:
                nb, seconds = execute(path, params, timeout, console=console, log=log)
            except BaseException as e:  # a failing cell, Ctrl-C, a stop signal: keep what is done
                if isinstance(e, CellFailed):
                    write_page(site, path.name, e.notebook)
                    pages[path.name] = dict(entry, title=title_of(e.notebook, path.stem), seconds=e.seconds,
                                            status=f"{e.where} failed: {e.error}")
                    done.append((path.name, e.seconds, "failed"))
                write_index(site, pages)
                raise
            write_page(site, path.name, nb)
            pages[path.name] = dict(entry, title=title_of(nb, path.stem), seconds=seconds, status="ok")
            done.append((path.name, seconds, "ok"))
            console.say(f"[render] {path.name}: done in {clock(seconds)}")
            write_index(site, pages)
    return done


# ---------------------------------------------------------------- command line

def resolve(name):
    p = pathlib.Path(name)
    if p.is_file():
        return p.resolve()
    if (HERE / name).is_file():
        return HERE / name
    if (HERE / f"{name}.ipynb").is_file():
        return HERE / f"{name}.ipynb"
    matches = [HERE / n for n in NOTEBOOKS if n.startswith(f"{name}-")]  # "06" for 06-....ipynb
    return matches[0] if len(matches) == 1 else None


def plan(argv):
    """Parses the options; returns (args, notebook paths, parameters) or exits naming the problem."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=(
        "Options that set a parameter go only to the chosen notebooks that declare it in their "
        "parameters cell; an option none of them declares is refused."))
    ap.add_argument("--all", action="store_true", help="render every notebook (default: only 06, the chapter)")
    ap.add_argument("--data", choices=DATASETS, help="DATA: the dataset (default: each notebook's own)")
    ap.add_argument("--steps", type=int, help="N_STEPS: training steps (default: each notebook's own)")
    ap.add_argument("--quick", action="store_true",
                    help=f"a fast look: N_STEPS={QUICK['N_STEPS']}, N_SAMPLES={QUICK['N_SAMPLES']} (--steps wins)")
    ap.add_argument("--site", default="site", help="output folder (default: site)")
    ap.add_argument("--timeout", type=int, default=None,
                    help="seconds allowed per cell, for CI (default: no limit)")
    ap.add_argument("--check", action="store_true", help="only check the options and say what would run")
    ap.add_argument("notebooks", nargs="*", help="notebooks by file name, path or number, e.g. 07 (default: 06)")
    args = ap.parse_args(argv)
    if args.all and args.notebooks:
        ap.error("give either --all or notebook names, not both")
    if args.timeout is not None and args.timeout < 1:
        ap.error(f"--timeout must be >= 1 second, got {args.timeout}")
    names = NOTEBOOKS if args.all else (args.notebooks or DEFAULT)
    paths = [resolve(n) for n in names]
    unknown = [n for n, p in zip(names, paths) if p is None]
    if unknown:
        ap.error(f"no such notebook: {', '.join(unknown)} (in {HERE}: {', '.join(NOTEBOOKS)})")
    params = {}
    wanted = {}  # option -> parameter names it sets
    if args.quick:
        params.update(QUICK)
        wanted["--quick"] = list(QUICK)
    if args.data:
        params["DATA"] = args.data
        wanted["--data"] = ["DATA"]
    if args.steps is not None:
        if args.steps < 1:
            ap.error(f"--steps must be >= 1, got {args.steps}")
        params["N_STEPS"] = args.steps
        wanted["--steps"] = ["N_STEPS"]
    declarations = set()
    for p in paths:
        declarations |= set(declared(nbformat.read(str(p), as_version=4)))
    for option, names_set in wanted.items():
        if not declarations & set(names_set):
            ap.error(f"{option}: none of the chosen notebooks ({', '.join(p.name for p in paths)}) "
                     f"declares {' or '.join(names_set)} in its parameters cell")
    return args, paths, params


def main(argv=None):
    args, paths, params = plan(argv)
    site = pathlib.Path(args.site).resolve()
    if args.check:
        for p in paths:
            mine = {k: v for k, v in params.items() if k in declared(nbformat.read(str(p), as_version=4))}
            print(f"[render] will run {p.name} ({', '.join(f'{k}={v}' for k, v in mine.items()) or 'its own defaults'})")
        return 0
    console = Console()
    start = time.time()
    status = 0
    done = []
    try:
        render(paths, params, site, args.timeout, console, done)
    except CellFailed as e:
        console.say(f"[render] FAILED {e}")
        console.say(f"[render] its page shows the notebook up to the error; the kernel's log: {site / 'kernel.log'}")
        status = 1
    except KeyboardInterrupt:
        console.say("[render] interrupted")
        status = 130
    except Exception as e:  # e.g. the kernel killed from outside while nbclient shuts it down
        console.say(f"[render] stopped: {type(e).__name__}: {e}")
        status = 1
    console.say(f"[render] site: {site / 'index.html'} ({clock(time.time() - start)} in all)")
    for name, seconds, state in done:
        page = site / (name[:-len(".ipynb")] + ".html")
        console.say(f"  {page}  {clock(seconds)}{'' if state == 'ok' else '  (stopped at the error)'}")
    rest = [p.name for p in paths if p.name not in {n for n, _, _ in done}]
    if rest:
        console.say(f"  not rendered: {', '.join(rest)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
