"""Tests of the project's Java kernel, driven the way Jupyter drives it.

Run:  python3 tests/notebooks/test_kernel.py      (or: python3 -m pytest tests/notebooks/test_kernel.py)
Needs: the kernelspec "java" (environment/setup.sh) and target/score-models.jar
(mvn -q -B package -DskipTests at the root); tests/run.sh does both.

The notebook kernel-check.ipynb is executed with nbclient and its outputs checked cell by cell;
the protocol-level checks (streaming while a cell runs, signatures, interrupt, completion,
socket addresses, restart and shutdown) talk to the kernel through jupyter_client.
"""
import os
import sys

try:
    import jupyter_client
    import nbclient
    import nbformat
except ImportError:
    # Debian's Jupyter lives in the system Python; a pyenv or venv python3 may not see it
    if (__name__ == "__main__" and os.path.exists("/usr/bin/python3")
            and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3")):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    raise

import base64
import queue
import tempfile
import time
import unittest
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.session import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NOTEBOOK = HERE / "kernel-check.ipynb"
PROJECT_JAR = ROOT / "target" / "score-models.jar"
KERNEL = os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
INTERRUPT_AFTER_S = 4


def setUpModule():
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        raise RuntimeError(f"kernelspec {KERNEL!r} is not installed: run environment/setup.sh") from None
    if spec.language != "java":
        raise RuntimeError(f"kernelspec {KERNEL!r} has language {spec.language!r}, expected 'java'")
    if not PROJECT_JAR.is_file():
        raise RuntimeError(f"{PROJECT_JAR} is missing: run 'mvn -q -B package -DskipTests' at the project root")


def start_kernel(log_path):
    """Starts the installed kernel with its stderr in a file; returns (manager, client, seconds)."""
    t0 = time.monotonic()
    km, kc = jupyter_client.manager.start_new_kernel(
        kernel_name=KERNEL, startup_timeout=120, stderr=open(log_path, "w"))
    return km, kc, time.monotonic() - t0


def execute(kc, code, timeout=120):
    """Runs code; returns (reply content, [(arrival time, iopub message)])."""
    msgs = []
    reply = kc.execute_interactive(
        code, timeout=timeout, output_hook=lambda m: msgs.append((time.monotonic(), m)))
    return reply["content"], msgs


def outputs_of(msgs, msg_type):
    return [m["content"] for _, m in msgs if m["msg_type"] == msg_type]


class NotebookRunTest(unittest.TestCase):
    """Executes kernel-check.ipynb through nbclient, as nbconvert --execute would."""

    @classmethod
    def setUpClass(cls):
        nb = nbformat.read(NOTEBOOK, as_version=4)

        def timeout_for(cell):
            # the tagged cell sleeps for minutes: nbclient interrupts it after a few seconds
            return INTERRUPT_AFTER_S if "interrupt" in cell.metadata.get("tags", []) else 120

        client = nbclient.NotebookClient(
            nb, kernel_name=KERNEL, timeout_func=timeout_for, interrupt_on_timeout=True,
            allow_errors=True, startup_timeout=120, resources={"metadata": {"path": str(HERE)}})
        t0 = time.monotonic()
        client.execute()
        cls.seconds = time.monotonic() - t0
        cls.cells = {c.metadata["tags"][0]: c for c in nb.cells if c.cell_type == "code"}

    def outputs(self, tag, output_type):
        return [o for o in self.cells[tag].outputs if o.output_type == output_type]

    def result_text(self, tag):
        results = self.outputs(tag, "execute_result")
        self.assertEqual(len(results), 1, f"cell {tag}: {self.cells[tag].outputs}")
        return results[0].data["text/plain"]

    def error(self, tag):
        errors = self.outputs(tag, "error")
        self.assertEqual(len(errors), 1, f"cell {tag} should fail once: {self.cells[tag].outputs}")
        return errors[0]

    def test_expression_result(self):
        self.assertEqual(self.result_text("expression"), "42")

    def test_display_of_an_image_gives_png(self):
        shown = self.outputs("image", "display_data")
        self.assertEqual(len(shown), 1)
        png = base64.b64decode(shown[0].data["image/png"])
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertEqual(self.outputs("image", "execute_result"), [], "a trailing ';' shows no value")

    def test_streams(self):
        out = "".join(o.text for o in self.outputs("stream", "stream") if o.name == "stdout")
        err = "".join(o.text for o in self.outputs("stream", "stream") if o.name == "stderr")
        self.assertEqual(out, "line 1\nline 2\nline 3\n")
        self.assertEqual(err, "a warning on stderr\n")

    def test_compile_error_names_line_and_message(self):
        e = self.error("compile-error")
        self.assertEqual(e.ename, "CompileError")
        self.assertTrue(e.evalue.startswith("line 3: cannot find symbol"), e.evalue)
        self.assertIn("undefinedName", "\n".join(e.traceback))

    def test_runtime_exception_has_readable_trace(self):
        e = self.error("runtime-error")
        self.assertEqual(e.ename, "IllegalStateException")
        self.assertEqual(e.evalue, "bad value 42")
        trace = "\n".join(e.traceback)
        self.assertIn("java.lang.IllegalStateException: bad value 42", trace)
        self.assertIn("at fail (In[", trace)
        self.assertIn("line 2)", trace)

    def test_definitions_survive_errors(self):
        # 'fine' was defined by the first statement of the cell that then failed to compile
        self.assertEqual(self.result_text("after-errors"), "43")

    def test_system_exit_is_refused_and_kernel_lives(self):
        e = self.error("exit")
        self.assertEqual(e.ename, "SecurityException")
        self.assertIn("System.exit(3)", e.evalue)
        self.assertEqual(self.result_text("after-exit"), "alive after exit: 42")

    def test_classpath_magic_adds_project_jar(self):
        self.assertRegex(self.result_text("classpath"), r"^Key\[[0-9a-f]{16}\]$")

    def test_library_display_reaches_the_notebook(self):
        shown = self.outputs("library-display", "display_data")
        self.assertEqual(len(shown), 1, self.cells["library-display"].outputs)
        self.assertEqual(shown[0].data["text/html"], "<b>shown by the library</b>")

    def test_interrupt_then_next_cell_runs(self):
        e = self.error("interrupt")
        self.assertEqual(e.ename, "Interrupted")
        self.assertEqual(self.result_text("after-interrupt"), "alive after interrupt: 43")
        self.assertLess(self.seconds, 100, "the interrupted cell must not run its two minutes")


class KernelProtocolTest(unittest.TestCase):
    """Talks to one running kernel directly."""

    @classmethod
    def setUpClass(cls):
        cls.log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        cls.km, cls.kc, cls.start_s = start_kernel(cls.log)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.unlink()

    def test_output_streams_while_cell_runs(self):
        code = ('for (int step = 1; step <= 5; step++) {\n'
                '    System.out.print("\\rstep " + step + "/5");\n'
                '    Thread.sleep(300);\n'
                '}\n'
                'System.out.println();')
        t0 = time.monotonic()
        reply, msgs = execute(self.kc, code)
        t_end = time.monotonic()
        self.assertEqual(reply["status"], "ok")
        streams = [(t, m["content"]["text"]) for t, m in msgs if m["msg_type"] == "stream"]
        self.assertGreaterEqual(len(streams), 4, f"expected separate chunks while running, got {streams}")
        self.assertIn("\rstep 1/5", streams[0][1])
        self.assertLess(streams[0][0] - t0, t_end - t0 - 0.8, "first chunk must arrive long before the cell ends")
        self.assertEqual("".join(s for _, s in streams), "".join(f"\rstep {i}/5" for i in range(1, 6)) + "\n")

    def test_openblas_threads_sleep_between_products(self):
        # setup.sh puts it in the kernelspec; OpenBLAS reads it when ND4J loads it in the kernel.
        reply, msgs = execute(self.kc, 'System.getenv("OPENBLAS_THREAD_TIMEOUT")')
        self.assertEqual(reply["status"], "ok")
        results = outputs_of(msgs, "execute_result")
        self.assertEqual([r["data"]["text/plain"] for r in results], ["4"])

    def test_wrongly_signed_or_unsigned_requests_are_dropped(self):
        socket = self.kc.shell_channel.socket
        forged = Session(key=b"not-the-connection-key", username="intruder").send(socket, "execute_request", {
            "code": "System.out.println(\"forged\")", "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        unsigned = Session(key=b"", username="intruder").send(socket, "kernel_info_request", {})
        bad_ids = {forged["header"]["msg_id"], unsigned["header"]["msg_id"]}
        # the kernel still answers a properly signed request, and never the two bad ones
        reply = self.kc.kernel_info(reply=True, timeout=20)
        self.assertEqual(reply["content"]["language_info"]["name"], "java")
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            try:
                m = self.kc.get_shell_msg(timeout=0.3)
            except queue.Empty:
                continue
            self.assertNotIn(m["parent_header"].get("msg_id"), bad_ids)
        reply, msgs = execute(self.kc, "\"still answering\"")
        self.assertEqual(reply["status"], "ok")
        self.assertNotIn("forged", str(msgs))
        log = self.log.read_text()
        self.assertGreaterEqual(log.count("signature does not match"), 2, log)

    def test_interrupt_stops_a_running_cell(self):
        execute(self.kc, "int kept = 7;")
        msg_id = self.kc.execute("long spins = 0; while (true) { spins++; }")
        time.sleep(1.5)
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=30)
        self.assertLess(time.monotonic() - t0, 10)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        reply, msgs = execute(self.kc, "kept * 6")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(outputs_of(msgs, "execute_result")[0]["data"]["text/plain"], "42")

    def test_completion(self):
        content = self.kc.complete("Strin", 5, reply=True, timeout=20)["content"]
        self.assertEqual(content["status"], "ok")
        self.assertIn("String", content["matches"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (0, 5))

    def test_is_complete(self):
        def verdict(code):
            self.kc.is_complete(code)
            return self.kc.get_shell_msg(timeout=20)["content"]
        self.assertEqual(verdict("int a = 1;")["status"], "complete")
        self.assertEqual(verdict("for (int i = 0; i < 3; i++) {")["status"], "incomplete")

    def test_sockets_listen_only_on_the_connection_address(self):
        info = self.km.get_connection_info()
        ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        listening = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            if not os.path.exists(table):
                continue
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port = local.rsplit(":", 1)
                if state == "0A" and int(port, 16) in ports:  # 0A: LISTEN
                    listening.setdefault(int(port, 16), set()).add(address)
        self.assertEqual(set(listening), ports, "every kernel port must be listening")
        self.assertEqual(info["ip"], "127.0.0.1")
        loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, plain or IPv4-mapped
        for port, addresses in listening.items():
            self.assertTrue(addresses <= loopback, f"port {port} listens on {addresses}")


class LifecycleTest(unittest.TestCase):
    """Start-up time, restart and shutdown, on a kernel of its own."""

    def test_start_restart_shutdown(self):
        log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        t0 = time.monotonic()
        km, kc, _ = start_kernel(log)
        try:
            reply, msgs = execute(kc, "1 + 1")
            first_result_s = time.monotonic() - t0
            self.assertEqual(outputs_of(msgs, "execute_result")[0]["data"]["text/plain"], "2")
            print(f"\nkernel start to first result: {first_result_s:.2f} s", file=sys.stderr)
            self.assertLess(first_result_s, 60)

            execute(kc, "int before = 1;")
            old_pid = km.provisioner.process.pid
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=120)
            self.assertNotEqual(km.provisioner.process.pid, old_pid)
            reply, msgs = execute(kc, "before")
            self.assertEqual(reply["status"], "error", "a restarted kernel starts empty")
            reply, msgs = execute(kc, "\"fresh\"")
            self.assertEqual(outputs_of(msgs, "execute_result")[0]["data"]["text/plain"], "fresh")

            process = km.provisioner.process
            kc.shutdown()
            process.wait(timeout=30)  # the kernel leaves on its own after shutdown_request
            self.assertEqual(process.returncode, 0)
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)
            km.cleanup_resources()
            log.unlink()


if __name__ == "__main__":
    outcome = unittest.main(verbosity=2, exit=False).result
    failed = len(outcome.failures) + len(outcome.errors) + len(outcome.unexpectedSuccesses)
    skipped = len(outcome.skipped)
    print(f"{outcome.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(0 if failed == 0 and outcome.testsRun > 0 else 1)
