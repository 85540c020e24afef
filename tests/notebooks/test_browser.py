"""Notebook 06 in a real browser: Debian's classic Jupyter Notebook server and headless Chromium.

Run:  python3 tests/notebooks/test_browser.py
Needs: Debian's chromium, chromium-driver and python3-selenium (tests/run.sh installs them), the
kernelspec named by SCOREMODELS_KERNEL_NAME (default "java") and target/score-models.jar.

The server runs on 127.0.0.1 with a token, over a copy of the notebook (quick parameters, the
kernel under test) beside a link to the project's jar, so the notebook's own
"%classpath ../target/score-models.jar" finds it. The test clicks Cell > Run All, waits until the
kernel is idle with every cell run, and checks what a reader sees: no error output, the figures
as PNG images, the animation's Play button moving the frame; then it runs a cell that sleeps and
stops it with the toolbar's Interrupt button. Screenshots go to target/browser/.
"""
import os
import sys

try:
    import nbformat
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    if (__name__ == "__main__" and os.path.exists("/usr/bin/python3")
            and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3")):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    raise

import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "notebooks"))
import render  # noqa: E402  (the notebooks' own parameter injection)

NOTEBOOK = "06-generalizing-to-higher-dimensions.ipynb"
KERNEL = os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
SHOTS = ROOT / "target" / "browser"
RUN_ALL_TIMEOUT_S = 1800  # two shared cores: the quick notebook takes one to three minutes alone


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, condition, timeout, poll=0.5):
    """Polls condition() until it returns something true; fails with `what` after timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for exe in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
            if not os.access(exe, os.X_OK):
                raise RuntimeError(f"{exe} is missing: apt-get install chromium chromium-driver python3-selenium")
        jar = ROOT / "target" / "score-models.jar"
        if not jar.is_file():
            raise RuntimeError(f"{jar} is missing: run 'mvn -q -B package -DskipTests' at the project root")
        cls.root = Path(tempfile.mkdtemp(prefix="scoremodels-browser-"))
        (cls.root / "notebooks").mkdir()
        (cls.root / "target").mkdir()
        (cls.root / "target" / "score-models.jar").symlink_to(jar)
        nb = render.inject(nbformat.read(str(ROOT / "notebooks" / NOTEBOOK), as_version=4), render.QUICK)
        # the chapter's flow and the working recipe's flow: every code cell that builds a flow animation
        cls.animation_cells = sum(1 for c in nb.cells if c.cell_type == "code" and "Plots.flowAnimation(" in c.source)
        nb.metadata["kernelspec"]["name"] = KERNEL
        nbformat.write(nb, str(cls.root / "notebooks" / NOTEBOOK))

        cls.token = secrets.token_hex(16)
        cls.port = free_port()
        cls.server_log = open(cls.root / "server.log", "w")
        cls.server = subprocess.Popen(
            ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={cls.port}",
             f"--NotebookApp.token={cls.token}", "--NotebookApp.password=", f"--notebook-dir={cls.root}",
             "--NotebookApp.open_browser=False"] + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=cls.server_log, stderr=subprocess.STDOUT)
        cls.base = f"http://127.0.0.1:{cls.port}"
        wait_for("the notebook server", cls.server_answers, 60)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1300,1000"):
            options.add_argument(arg)
        cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.driver.set_script_timeout(30)
        SHOTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def server_answers(cls):
        try:
            with urllib.request.urlopen(f"{cls.base}/api/status?token={cls.token}", timeout=2) as r:
                return r.status == 200
        except OSError:
            if cls.server.poll() is not None:
                log = (cls.root / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the notebook server exited:\n{log}")
            return False

    @classmethod
    def tearDownClass(cls):
        driver = getattr(cls, "driver", None)
        if driver is not None:
            driver.quit()
        server = getattr(cls, "server", None)
        if server is not None:
            # the server shuts its kernels down when it stops
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        cls.server_log.close()
        shutil.rmtree(cls.root, ignore_errors=True)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def kernel_idle(self):
        return self.js("return Jupyter.notebook.kernel !== null && Jupyter.notebook.kernel.is_connected()"
                       " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null")

    def save(self, name, element=None):
        if element is not None:
            self.js("arguments[0].scrollIntoView({block: 'center'})", element)
            time.sleep(0.3)
        path = SHOTS / name
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}", flush=True)

    def test_notebook_runs_in_the_browser(self):
        d = self.driver
        d.get(f"{self.base}/notebooks/notebooks/{NOTEBOOK}?token={self.token}")
        wait_for("the notebook page and its kernel", lambda: self.js(
            "return typeof Jupyter !== 'undefined' && Jupyter.notebook !== undefined"
            " && Jupyter.notebook._fully_loaded === true") and self.kernel_idle(), 180)
        self.assertEqual(self.js("return Jupyter.notebook.kernel.name"), KERNEL)
        code_cells = self.js("return Jupyter.notebook.get_cells().filter("
                             "c => c.cell_type === 'code' && c.get_text().trim() !== '').length")

        # Cell > Run All, as a reader would
        d.find_element(By.LINK_TEXT, "Cell").click()
        d.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()
        wait_for("every cell to run", lambda: self.js(
            "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code'"
            " && c.get_text().trim() !== '' && typeof c.input_prompt_number === 'number').length") == code_cells
            and self.kernel_idle(), RUN_ALL_TIMEOUT_S, poll=2)
        self.js("Jupyter.notebook.scroll_to_top()")
        self.save("06-top.png")

        errors = d.find_elements(By.CSS_SELECTOR, ".output_area .output_error")
        self.assertEqual([e.text[:300] for e in errors], [], "no cell shows an error")
        images = [i for i in d.find_elements(By.CSS_SELECTOR, ".output_area img")
                  if (i.get_attribute("src") or "").startswith("data:image/png;base64,")]
        self.assertGreaterEqual(len(images), 5, "the notebook's figures are PNG images on the page")
        sizes = [self.js("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", i) for i in images]
        self.assertTrue(all(w > 100 and h > 100 for w, h in sizes), f"every image decoded: {sizes}")
        self.save("06-figure.png", images[1])

        # the animation: Play moves the frame and the counter
        players = d.find_elements(By.CSS_SELECTOR, ".output_area .scoremodels-anim")
        self.assertEqual(len(players), self.animation_cells, "one animation player per cell that shows a flow")
        player = players[0]
        frame = player.find_element(By.TAG_NAME, "img")
        label = player.find_element(By.CSS_SELECTOR, "[id$='-label']")
        first_src, first_label = frame.get_attribute("src"), label.text
        self.assertTrue(first_label.startswith("1 / "), first_label)
        self.save("06-animation-start.png", player)
        player.find_element(By.XPATH, ".//button[normalize-space()='Play']").click()
        wait_for("the animation to advance", lambda: frame.get_attribute("src") != first_src, 10, poll=0.1)
        time.sleep(1)
        self.assertNotEqual(label.text, first_label)
        self.save("06-animation-playing.png", player)

        # a long cell, stopped with the toolbar's Interrupt button
        self.js("var c = Jupyter.notebook.insert_cell_at_bottom('code');"
                "c.set_text('Thread.sleep(600_000);'); Jupyter.notebook.select(Jupyter.notebook.ncells() - 1);"
                "c.element[0].scrollIntoView();")
        cell = d.find_elements(By.CSS_SELECTOR, ".cell.code_cell")[-1]
        d.find_element(By.CSS_SELECTOR, "button[data-jupyter-action='jupyter-notebook:run-cell-and-select-next']").click()
        wait_for("the sleeping cell to start", lambda: self.js(
            "return Jupyter.notebook.get_cell(Jupyter.notebook.ncells() - 2).input_prompt_number === '*'"), 30)
        time.sleep(2)
        self.assertFalse(self.kernel_idle(), "the cell is still sleeping")
        started = time.monotonic()
        d.find_element(By.CSS_SELECTOR, "button[data-jupyter-action='jupyter-notebook:interrupt-kernel']").click()
        wait_for("the kernel to be idle after Interrupt", self.kernel_idle, 60)
        stopped_after = time.monotonic() - started
        error = wait_for("the interrupted cell's error", lambda: cell.find_elements(By.CSS_SELECTOR, ".output_error"), 10)
        self.assertIn("nterrupt", error[0].text, "the cell says it was interrupted")
        self.save("06-interrupted.png", cell)
        print(f"Interrupt stopped the cell after {stopped_after:.1f} s", flush=True)

        # and the kernel still runs the next cell
        self.js("var c = Jupyter.notebook.insert_cell_at_bottom('code'); c.set_text('6 * 7');"
                "Jupyter.notebook.select(Jupyter.notebook.ncells() - 1); c.execute();")
        last = d.find_elements(By.CSS_SELECTOR, ".cell.code_cell")[-1]
        result = wait_for("the next cell's result",
                          lambda: last.find_elements(By.CSS_SELECTOR, ".output_result, .output_subarea"), 60)
        wait_for("42", lambda: "42" in result[0].text, 30)


if __name__ == "__main__":
    unittest.main(verbosity=2)
