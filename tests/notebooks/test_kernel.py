"""Tests of the project's Java kernel, driven the way Jupyter drives it.

Run:  python3 tests/notebooks/test_kernel.py      (or: python3 -m pytest tests/notebooks/test_kernel.py)
Needs: the kernelspec "java" (environment/setup.sh) and target/score-models.jar
(mvn -q -B package -DskipTests at the root); tests/run.sh does both.

The notebook kernel-check.ipynb is executed with nbclient and its outputs checked cell by cell;
the protocol-level checks (streaming while a cell runs, signatures, interrupt, completion,
socket addresses, restart and shutdown, every request type of the messaging spec, malformed and
replayed messages, faults in cells) talk to the kernel through jupyter_client and raw zmq.

SCOREMODELS_KERNEL_NAME picks the kernelspec (default "java"); SCOREMODELS_EXPECT_JDK, when set,
is the Java feature release the kernel must report (tests/run.sh runs this file on 17 and on 25).
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
import json
import queue
import re
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import zmq
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.session import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NOTEBOOK = HERE / "kernel-check.ipynb"
PROJECT_JAR = ROOT / "target" / "score-models.jar"
KERNEL = os.environ.get("SCOREMODELS_KERNEL_NAME", "java")
EXPECT_JDK = os.environ.get("SCOREMODELS_EXPECT_JDK")
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


def execute(kc, code, timeout=120, **options):
    """Runs code; returns (reply content, [(arrival time, iopub message)])."""
    msgs = []
    reply = kc.execute_interactive(
        code, timeout=timeout, output_hook=lambda m: msgs.append((time.monotonic(), m)), **options)
    return reply["content"], msgs


def shell_reply(kc, msg_id, timeout=60):
    """The shell reply to msg_id; other replies on the way are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def text_result(msgs):
    return [m["content"]["data"]["text/plain"] for _, m in msgs if m["msg_type"] == "execute_result"]


def stdout_of(msgs):
    return "".join(m["content"]["text"] for _, m in msgs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def kernel_jdk_bin():
    """The bin folder of the JDK the kernelspec runs (its javac compiles the test library)."""
    argv0 = KernelSpecManager().get_kernel_spec(KERNEL).argv[0]
    java = shutil.which(argv0) or argv0
    return Path(os.path.realpath(java)).parent


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


class SpecTest(unittest.TestCase):
    """A reply for every request type of the messaging spec, counts and history as it says."""

    @classmethod
    def setUpClass(cls):
        cls.log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        cls.km, cls.kc, _ = start_kernel(cls.log)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.unlink()

    def request(self, msg_type, content, channel="shell"):
        msg = self.kc.session.msg(msg_type, content)
        getattr(self.kc, channel + "_channel").send(msg)
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.monotonic() + 60
        while True:
            reply = get(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply

    def test_runs_on_the_expected_jdk(self):
        version = self.kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]["version"]
        print(f"\nkernel {KERNEL!r} runs Java {version}", file=sys.stderr)
        if EXPECT_JDK:
            self.assertEqual(re.match(r"\d+", version).group(), EXPECT_JDK, version)

    def test_every_request_type_gets_its_reply(self):
        replies = {
            "kernel_info_reply": self.request("kernel_info_request", {}),
            "comm_info_reply": self.request("comm_info_request", {}),
            "is_complete_reply": self.request("is_complete_request", {"code": "int a = 1;"}),
            "inspect_reply": self.request("inspect_request", {"code": "Math.abs(", "cursor_pos": 9, "detail_level": 0}),
            "complete_reply": self.request("complete_request", {"code": "Math.ab", "cursor_pos": 7}),
            "history_reply": self.request("history_request", {"hist_access_type": "tail", "n": 5,
                                                             "raw": True, "output": False}),
            "connect_reply": self.request("connect_request", {}),
            "interrupt_reply": self.request("interrupt_request", {}, channel="control"),
            "debug_reply": self.request("debug_request", {"seq": 3, "type": "request", "command": "initialize",
                                                         "arguments": {}}, channel="control"),
            "made_up_reply": self.request("made_up_request", {}),
        }
        for expected, reply in replies.items():
            self.assertEqual(reply["msg_type"], expected, reply)
        self.assertEqual(replies["comm_info_reply"]["content"]["status"], "ok")
        self.assertEqual(replies["is_complete_reply"]["content"]["status"], "complete")
        self.assertTrue(replies["inspect_reply"]["content"]["found"])
        self.assertIn("abs(", replies["complete_reply"]["content"]["matches"][0] + "(")
        self.assertEqual(replies["connect_reply"]["content"]["shell_port"], self.km.get_connection_info()["shell_port"])
        self.assertEqual(replies["debug_reply"]["content"]["request_seq"], 3)
        self.assertFalse(replies["debug_reply"]["content"]["success"])
        self.assertEqual(replies["made_up_reply"]["content"]["status"], "error")
        # shutdown_request is answered in LifecycleTest

    def test_execution_count_follows_silent_and_store_history(self):
        reply, _ = execute(self.kc, "int counted = 1;")
        n = reply["execution_count"]
        msg_id = self.kc.execute("counted + 1", silent=True)
        self.assertEqual(shell_reply(self.kc, msg_id)["content"]["execution_count"], n)
        reply, msgs = execute(self.kc, "counted + 2", store_history=False)
        self.assertEqual(reply["execution_count"], n, "store_history false keeps the count")
        self.assertEqual(text_result(msgs), ["3"])
        reply, msgs = execute(self.kc, "counted + 3")
        self.assertEqual(reply["execution_count"], n + 1)
        # the silent request published nothing but its status
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") == msg_id:
                self.assertEqual(m["msg_type"], "status", m)

    def test_history_gives_the_stored_cells(self):
        first, _ = execute(self.kc, "int histA = 40;")
        second, _ = execute(self.kc, "histA + 2")
        execute(self.kc, "histA + 100", store_history=False)
        tail = self.kc.history(hist_access_type="tail", n=2, raw=True, output=False, reply=True, timeout=30)
        self.assertEqual([h[1:] for h in tail["content"]["history"]],
                         [[first["execution_count"], "int histA = 40;"], [second["execution_count"], "histA + 2"]])
        with_output = self.kc.history(hist_access_type="range", session=0, start=second["execution_count"],
                                      stop=second["execution_count"] + 1, raw=True, output=True, reply=True, timeout=30)
        self.assertEqual(with_output["content"]["history"][0][2], ["histA + 2", "42"])
        search = self.kc.history(hist_access_type="search", pattern="int histA*", n=5, raw=True, output=False,
                                 reply=True, timeout=30)
        self.assertEqual([h[2] for h in search["content"]["history"]], ["int histA = 40;"])

    def test_stop_on_error_aborts_what_is_queued_and_the_next_request_runs(self):
        failing = self.kc.execute("Thread.sleep(1500);\nthrow new IllegalStateException(\"first fails\");",
                                  stop_on_error=True)
        queued = [self.kc.execute(f"System.out.println(\"queued {i}\")") for i in range(2)]
        self.assertEqual(shell_reply(self.kc, failing)["content"]["status"], "error")
        for msg_id in queued:
            self.assertEqual(shell_reply(self.kc, msg_id)["content"]["status"], "aborted")
        reply, msgs = execute(self.kc, "\"runs again\"")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(text_result(msgs), ["runs again"])
        # without stop_on_error the queue runs on
        failing = self.kc.execute("throw new IllegalStateException(\"fails alone\");", stop_on_error=False)
        after = self.kc.execute("\"after\"")
        self.assertEqual(shell_reply(self.kc, failing)["content"]["status"], "error")
        self.assertEqual(shell_reply(self.kc, after)["content"]["status"], "ok")

    def test_user_expressions_are_evaluated(self):
        reply, _ = execute(self.kc, "int ue = 6;", user_expressions={"double": "ue * 2", "bad": "nothing_here"})
        self.assertEqual(reply["user_expressions"]["double"]["data"]["text/plain"], "12")
        self.assertEqual(reply["user_expressions"]["bad"]["status"], "error")


class AbuseTest(unittest.TestCase):
    """Malformed, replayed and oversized traffic straight on the kernel's sockets (raw zmq)."""

    @classmethod
    def setUpClass(cls):
        cls.log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        cls.km, cls.kc, _ = start_kernel(cls.log)
        info = cls.km.get_connection_info()
        cls.session = Session(key=cls.km.session.key, signature_scheme=info["signature_scheme"])
        cls.ctx = zmq.Context()
        cls.shell = cls.ctx.socket(zmq.DEALER)
        cls.shell.linger = 0
        cls.shell.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        execute(cls.kc, "1")  # JShell has started: replies come at once

    @classmethod
    def tearDownClass(cls):
        cls.shell.close()
        cls.ctx.term()
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.unlink()

    def replies(self, awaited_id, linger_s=3, timeout_s=120):
        """The messages on the raw shell socket until the reply to awaited_id and linger_s after it."""
        got = []
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.shell.poll(100):
                _, frames = self.session.feed_identities(self.shell.recv_multipart())
                got.append(self.session.deserialize(frames))
                if got[-1]["parent_header"].get("msg_id") == awaited_id:
                    deadline = min(deadline, time.monotonic() + linger_s)
        return got

    def test_malformed_messages_never_cost_the_next_reply(self):
        self.shell.send(b"a single frame")
        self.shell.send_multipart([b"<IDS|MSG>", b"0123abcd"])
        self.shell.send_multipart([b"<IDS|MSG>", b"sig", b"{not json", b"{}", b"{}", b"{}"])
        msg = self.session.send(self.shell, "kernel_info_request", {})
        got = self.replies(msg["header"]["msg_id"])
        self.assertEqual([m["parent_header"]["msg_id"] for m in got], [msg["header"]["msg_id"]])
        log = self.log.read_text()
        self.assertIn("no <IDS|MSG> delimiter", log)
        self.assertIn("truncated", log)

    def test_a_replayed_message_runs_once(self):
        msg = self.session.msg("execute_request", {"code": "System.out.println(\"once\");", "silent": False,
                                                    "store_history": False, "user_expressions": {},
                                                    "allow_stdin": False, "stop_on_error": True})
        frames = self.session.serialize(msg)
        self.shell.send_multipart(frames)
        self.shell.send_multipart(frames)
        got = self.replies(msg["header"]["msg_id"])
        self.assertEqual(len(got), 1, got)
        self.assertIn("replayed", self.log.read_text())

    def test_a_frame_over_the_size_bound_is_refused_and_the_kernel_answers(self):
        big = self.ctx.socket(zmq.DEALER)
        big.linger = 0
        info = self.km.get_connection_info()
        big.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        try:
            big.send_multipart([b"<IDS|MSG>", b"sig", b"x" * (65 * 1024 * 1024), b"{}", b"{}", b"{}"])
        finally:
            big.close()
        reply = self.kc.kernel_info(reply=True, timeout=60)
        self.assertEqual(reply["content"]["status"], "ok")


class EmptyKeyTest(unittest.TestCase):
    """A connection file with an empty key: signing disabled, as the spec says, and said in the log."""

    def test_empty_key_works_unsigned_and_warns(self):
        log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        km = jupyter_client.KernelManager(kernel_name=KERNEL)
        km.session.key = b""
        km.start_kernel(stderr=open(log, "w"))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply, msgs = execute(kc, "\"unsigned\"")
            self.assertEqual(text_result(msgs), ["unsigned"])
            self.assertIn("signing is DISABLED", log.read_text())
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            log.unlink()


class CellFaultTest(unittest.TestCase):
    """What a cell can do to the kernel: exit, endless loops anywhere, closed streams, floods."""

    @classmethod
    def setUpClass(cls):
        cls.log = Path(tempfile.mkstemp(prefix="java-kernel-", suffix=".log")[1])
        cls.km, cls.kc, _ = start_kernel(cls.log)
        # a small library, compiled by the kernel's own JDK, added with %classpath
        cls.lib = Path(tempfile.mkdtemp(prefix="java-kernel-lib-"))
        src = cls.lib / "src" / "faulty" / "Library.java"
        src.parent.mkdir(parents=True)
        src.write_text("package faulty;\n"
                       "public class Library {\n"
                       "    public static long spin() { long n = 0; while (n >= 0) { n += 1; if (n == Long.MAX_VALUE) n = 0; } return n; }\n"
                       "    public static void quit() { System.exit(5); }\n"
                       "}\n")
        subprocess.run([str(kernel_jdk_bin() / "javac"), "--release", "17", "-d", str(cls.lib / "classes"), str(src)],
                       check=True)
        reply, _ = execute(cls.kc, f"%classpath {cls.lib / 'classes'}")
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.unlink()
        shutil.rmtree(cls.lib)

    def interrupt_after(self, code, seconds=2.0, **options):
        msg_id = self.kc.execute(code, **options)
        time.sleep(seconds)
        self.km.interrupt_kernel()
        return shell_reply(self.kc, msg_id)["content"]

    def assert_alive(self):
        reply, msgs = execute(self.kc, "\"alive\"")
        self.assertEqual(text_result(msgs), ["alive"])

    def test_exit_and_halt_anywhere_are_refused(self):
        for code, words in [("System.exit(3)", "System.exit(3)"), ("Runtime.getRuntime().halt(4)", "Runtime.halt(4)"),
                            ("Runtime.getRuntime().exit(6)", "System.exit(6)"),
                            ("System.class.getMethod(\"exit\", int.class).invoke(null, 7)", "System.exit(7)"),
                            ("faulty.Library.quit()", "System.exit(5)")]:
            reply, _ = execute(self.kc, code)
            self.assertEqual(reply["status"], "error", code)
            self.assertIn(words, reply["evalue"] + "\n".join(reply["traceback"]), code)
        self.assert_alive()

    def test_interrupt_stops_a_busy_loop_in_library_code(self):
        reply = self.interrupt_after("faulty.Library.spin()")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assert_alive()

    def test_interrupt_during_the_librarys_two_threads_then_they_work_again(self):
        # The library hands half of each loop to a helper thread that polls between hand-overs; the
        # kernel's stop makes every loop of %classpath code throw, the helper's waiting loops too.
        # The next cell must still get every row, from a new helper.
        reply, _ = execute(self.kc, f"%classpath {PROJECT_JAR}")
        self.assertEqual(reply["status"], "ok", reply)
        reply = self.interrupt_after(
            "while (true) { scoremodels.engine.Halves.run(1000, (p, lo, hi) -> {"
            " double s = 0; for (int r = lo; r < hi; r++) { s += Math.sqrt(r); } }); }")
        self.assertEqual(reply["ename"], "Interrupted")
        for attempt in range(3):
            reply, msgs = execute(self.kc,
                                  "var rows = new java.util.concurrent.atomic.AtomicLong();\n"
                                  "for (int i = 0; i < 500; i++) {"
                                  " scoremodels.engine.Halves.run(1000, (p, lo, hi) -> rows.addAndGet(hi - lo)); }\n"
                                  "rows.get()", timeout=60)
            self.assertEqual(reply["status"], "ok", reply)
            self.assertEqual(text_result(msgs), ["500000"])
            time.sleep(0.5)  # long enough for the helper to stop polling and sleep

    def test_interrupt_stops_a_value_whose_to_string_never_returns(self):
        reply = self.interrupt_after("class Endless { public String toString() { while (true) { } } }\nnew Endless()")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assert_alive()

    def test_interrupt_stops_a_cell_waiting_for_input_and_input_works_after(self):
        reply = self.interrupt_after("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
        self.assertEqual(reply["ename"], "Interrupted")
        msg_id = self.kc.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=60)
        while request["parent_header"].get("msg_id") != msg_id:  # skip the interrupted cell's request
            request = self.kc.get_stdin_msg(timeout=60)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("typed")
        reply = shell_reply(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_closing_or_replacing_system_out_does_not_silence_later_cells(self):
        execute(self.kc, "System.out.close();")
        reply, msgs = execute(self.kc, "System.out.println(\"after close\");")
        self.assertEqual(stdout_of(msgs), "after close\n")
        execute(self.kc, "System.setOut(new PrintStream(new ByteArrayOutputStream()));")
        reply, msgs = execute(self.kc, "System.out.println(\"after setOut\");")
        self.assertEqual(stdout_of(msgs), "after setOut\n")

    def test_an_output_flood_arrives_whole_and_the_kernel_lives(self):
        reply, msgs = execute(self.kc, "String line = \"x\".repeat(999);\n"
                                       "for (int i = 0; i < 10_000; i++) System.out.println(line);", timeout=300)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(len(stdout_of(msgs)), 10_000 * 1000)
        self.assert_alive()

    def test_an_error_while_handling_a_request_still_gets_a_reply(self):
        # javac overflows its stack parsing this: an Error in the kernel's request handler
        code = "int deep = " + "(" * 30000 + "1" + ")" * 30000 + ";"
        reply, _ = execute(self.kc, code)
        self.assertEqual(reply["status"], "error")
        self.assert_alive()

    def test_three_thousand_one_line_statements_finish(self):
        execute(self.kc, "long total = 0;")
        code = "\n".join(f"total += {i};" for i in range(3000)) + "\ntotal"
        t0 = time.monotonic()
        reply, msgs = execute(self.kc, code, timeout=600)
        seconds = time.monotonic() - t0
        print(f"\n3000 one-line statements: {seconds:.1f} s", file=sys.stderr)
        self.assertEqual(text_result(msgs), [str(3000 * 2999 // 2)])
        self.assertLess(seconds, 300)


if __name__ == "__main__":
    outcome = unittest.main(verbosity=2, exit=False).result
    failed = len(outcome.failures) + len(outcome.errors) + len(outcome.unexpectedSuccesses)
    skipped = len(outcome.skipped)
    print(f"{outcome.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(0 if failed == 0 and outcome.testsRun > 0 else 1)
