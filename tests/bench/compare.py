#!/usr/bin/python3
"""Java's training steps beside PyTorch's, in interleaved rounds, as a Markdown table.

For each step the notebooks train (the chapter's ReLU step, the Hyvärinen loss with softplus,
denoising and sliced score matching with softplus), every round runs the Java benchmark
(`java -jar target/score-models.jar bench …`) and then the PyTorch reference
(tests/bench/torch_reference.py, one thread, its fastest setting on two cores) with the same
options. Absolute times drift on a shared machine; a Java run and the PyTorch run right after it
see nearly the same load, so the table gives the median of each and the median of the per-round
ratios.

    mvn -B -q package -DskipTests
    /usr/bin/python3 tests/bench/compare.py                  # 3 rounds, about 4 minutes
    /usr/bin/python3 tests/bench/compare.py --rounds 5 --only denoising,sliced

PyTorch comes from Debian: apt-get install -y python3-torch libopenblas0-pthread.
`--torch-coretype Haswell` runs PyTorch's OpenBLAS with its AVX2 kernels (OPENBLAS_CORETYPE),
what it gets on a CPU without AVX-512; only use a core type the CPU has (`grep avx2 /proc/cpuinfo`).
"""
import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# name -> (Java bench options, PyTorch options, what it is). Java's runs time the steady state that
# a notebook's thousands of steps run in: 200 warm-up steps first, while the JIT compiles the loops.
WARMUP = ["--warmup", "200"]
STEPS = {
    "chapter": (["--steps", "1000"] + WARMUP, ["--steps", "200"], "Hyvärinen, ReLU (the chapter's, notebook 06)"),
    "softplus": (["--steps", "300", "--activation", "softplus"] + WARMUP, ["--steps", "100", "--activation", "softplus"],
                 "Hyvärinen, softplus"),
    "denoising": (["--steps", "600", "--loss", "denoising"] + WARMUP, ["--steps", "100", "--loss", "denoising"],
                  "denoising, softplus (notebooks 07, 08)"),
    "sliced": (["--steps", "400", "--loss", "sliced"] + WARMUP, ["--steps", "100", "--loss", "sliced"],
               "sliced, softplus (notebooks 07, 08)"),
}


def ms_per_step(cmd, env):
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    text = out.stdout + out.stderr
    m = re.search(r"ms_per_step=([0-9.]+)", text)
    if out.returncode != 0 or not m:
        sys.exit(f"compare.py: {' '.join(cmd)} failed (exit {out.returncode}):\n{text[-2000:]}")
    return float(m.group(1)), text


def cpu():
    info = pathlib.Path("/proc/cpuinfo").read_text()
    name = re.search(r"model name\s*:\s*(.*)", info)
    flags = set(re.search(r"flags\s*:\s*(.*)", info).group(1).split())
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{name.group(1).strip() if name else 'unknown CPU'}, {isa}, {os.cpu_count()} cores"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default=",".join(STEPS), help=f"comma-separated subset of {', '.join(STEPS)}")
    ap.add_argument("--jar", default=str(ROOT / "target" / "score-models.jar"))
    ap.add_argument("--java", default="java", help="the java launcher (e.g. a Temurin 25 one)")
    ap.add_argument("--torch-coretype", help="OPENBLAS_CORETYPE for PyTorch's run only")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error(f"--rounds must be >= 1, got {args.rounds}")
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown or not names:
        ap.error(f"--only: unknown step(s) {', '.join(unknown) or '(none given)'}; use {', '.join(STEPS)}")
    if not pathlib.Path(args.jar).is_file():
        ap.error(f"no {args.jar}: build it first with mvn -B -q package -DskipTests")
    env = dict(os.environ, OPENBLAS_THREAD_TIMEOUT="4")
    torch_env = dict(env)
    if args.torch_coretype:
        torch_env["OPENBLAS_CORETYPE"] = args.torch_coretype
    java, torch, ratios = {n: [] for n in names}, {n: [] for n in names}, {n: [] for n in names}
    products = "?"
    for r in range(args.rounds):
        for n in names:
            jopts, topts, _ = STEPS[n]
            j, text = ms_per_step([args.java, "-jar", args.jar, "bench", *jopts], env)
            m = re.search(r"products=(\S+)", text)
            products = m.group(1) if m else products
            t, _ = ms_per_step([sys.executable, str(ROOT / "tests" / "bench" / "torch_reference.py"),
                                "--threads", "1", *topts], torch_env)
            java[n].append(j)
            torch[n].append(t)
            ratios[n].append(t / j)
            print(f"round {r + 1}/{args.rounds} {n}: java {j:.2f} ms, pytorch {t:.2f} ms", file=sys.stderr, flush=True)
    load = os.getloadavg()[0]
    print(f"CPU: {cpu()}; load average {load:.1f}; {args.rounds} interleaved rounds; Java products={products}"
          + (f"; PyTorch OPENBLAS_CORETYPE={args.torch_coretype}" if args.torch_coretype else ""))
    print()
    print("| step | Java ms (median) | PyTorch ms (median) | Java faster by (median of rounds) |")
    print("|---|---|---|---|")
    for n in names:
        print(f"| {STEPS[n][2]} | {statistics.median(java[n]):.2f} | {statistics.median(torch[n]):.2f} "
              f"| {statistics.median(ratios[n]):.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
