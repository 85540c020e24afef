#!/usr/bin/python3
"""Fails when a build file, a kernelspec or the environment forces an OpenBLAS core type the CPU lacks.

OpenBLAS (inside ND4J) picks its kernels for the CPU it finds; OPENBLAS_CORETYPE overrides that
choice. Naming a core type whose instructions the CPU does not have (SkylakeX on a CPU without
AVX-512) kills the JVM with SIGILL in the first matrix product, so such a setting must never be
written into a file that every machine uses.

Looked at:
  - build and CI files of the repository: every pom.xml, .mvn/*, .ci/*, *.sh, environment/*.yml,
    environment/*.txt and any kernel.json;
  - the kernelspecs the project runs: the one named by SCOREMODELS_KERNEL_NAME (default "java")
    and those named in the notebooks' metadata, as Jupyter finds them (or the kernel.json files in
    the folders given with --kernelspec-dir);
  - OPENBLAS_CORETYPE in this process's environment (Maven's test JVMs inherit it).

environment/setup.sh is left out of the file scan: it writes SkylakeX into the kernelspec only
after finding avx512f in /proc/cpuinfo, and what it wrote is checked as an installed kernelspec.

  /usr/bin/python3 tests/platform/openblas_coretype.py [--cpuinfo FILE] [--root DIR] [--kernelspec-dir DIR ...]

Exit status 0 when every forced core type is one this CPU can run, 1 otherwise (each offender named).
"""
import argparse
import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The instruction-set flags (as /proc/cpuinfo spells them) each OpenBLAS x86-64 core type uses.
_AVX512 = {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"}
REQUIRED = {
    "prescott": {"sse2", "pni"},
    "core2": {"sse2", "pni", "ssse3"},
    "atom": {"sse2", "pni", "ssse3"},
    "penryn": {"sse2", "pni", "ssse3", "sse4_1"},
    "dunnington": {"sse2", "pni", "ssse3", "sse4_1"},
    "nehalem": {"sse2", "pni", "ssse3", "sse4_1", "sse4_2"},
    "opteron": {"sse2"},
    "barcelona": {"sse2", "pni", "sse4a"},
    "bobcat": {"sse2", "pni", "ssse3", "sse4a"},
    "sandybridge": {"avx"},
    "bulldozer": {"avx", "fma4"},
    "piledriver": {"avx", "fma"},
    "steamroller": {"avx", "fma"},
    "excavator": {"avx2", "fma"},
    "haswell": {"avx2", "fma"},
    "zen": {"avx2", "fma"},
    "skylakex": _AVX512,
    "cooperlake": _AVX512 | {"avx512_bf16"},
    "sapphirerapids": _AVX512 | {"avx512_bf16", "amx_tile"},
}

# OPENBLAS_CORETYPE followed by =, : or > (shell, JSON, YAML, XML) and the value, quoted or not.
SETTING = re.compile(r"""OPENBLAS_CORETYPE["']?\s*[=:>]\s*["']?([A-Za-z0-9_$.{}-]+)""")
SKIPPED = {"environment/setup.sh"}


def cpu_flags(cpuinfo_text):
    """The flags of the first processor in a /proc/cpuinfo text."""
    for line in cpuinfo_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return set(value.split())
    return set()


def cpu_name(cpuinfo_text):
    for line in cpuinfo_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            return value.strip()
    return "unknown CPU"


def problem(coretype, flags):
    """None when the CPU can run this core type, else a sentence saying why not."""
    required = REQUIRED.get(coretype.lower())
    if required is None:
        return (f"'{coretype}' is not an OpenBLAS x86-64 core type this check knows "
                f"({', '.join(sorted(REQUIRED))}); leave OPENBLAS_CORETYPE unset and OpenBLAS picks one")
    missing = sorted(required - flags)
    if missing:
        return f"'{coretype}' needs {', '.join(missing)}, which this CPU lacks (it would die with SIGILL)"
    return None


def build_files(root):
    root = pathlib.Path(root)
    patterns = ["**/pom.xml", ".mvn/*", ".ci/*", "**/*.sh", "environment/*.yml", "environment/*.txt",
                "**/kernel.json"]
    seen = set()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in SKIPPED and "target" not in path.parts and rel not in seen:
                seen.add(rel)
                yield path


def scan_text(text):
    return [m.group(1) for m in SETTING.finditer(text)]


def kernel_names(root):
    names = {os.environ.get("SCOREMODELS_KERNEL_NAME", "java")}
    for nb in sorted(pathlib.Path(root).glob("notebooks/*.ipynb")):
        try:
            spec = json.loads(nb.read_text(encoding="utf-8")).get("metadata", {}).get("kernelspec", {})
        except (OSError, ValueError):
            continue
        if spec.get("name"):
            names.add(spec["name"])
    return sorted(names)


def installed_kernelspecs(names):
    """kernel.json paths of the installed kernelspecs with these names (those found)."""
    from jupyter_client.kernelspec import KernelSpecManager
    found = KernelSpecManager().find_kernel_specs()
    return [pathlib.Path(found[n]) / "kernel.json" for n in names if n in found]


def kernelspec_coretypes(path):
    spec = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    values = []
    env = spec.get("env") or {}
    if "OPENBLAS_CORETYPE" in env:
        values.append(str(env["OPENBLAS_CORETYPE"]))
    values += scan_text(" ".join(str(a) for a in spec.get("argv", [])))
    return values


def check(cpuinfo_text, root, kernelspecs, environ):
    """Returns a list of problems, each naming where the core type is forced."""
    flags = cpu_flags(cpuinfo_text)
    problems = []
    for path in build_files(root):
        for value in scan_text(path.read_text(encoding="utf-8", errors="replace")):
            why = problem(value, flags)
            if why:
                problems.append(f"{path}: OPENBLAS_CORETYPE={value}: {why}")
    for path in kernelspecs:
        for value in kernelspec_coretypes(path):
            why = problem(value, flags)
            if why:
                problems.append(f"kernelspec {path}: OPENBLAS_CORETYPE={value}: {why}")
    if environ.get("OPENBLAS_CORETYPE"):
        why = problem(environ["OPENBLAS_CORETYPE"], flags)
        if why:
            problems.append(f"environment: OPENBLAS_CORETYPE={environ['OPENBLAS_CORETYPE']}: {why}")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpuinfo", default="/proc/cpuinfo", help="the CPU description (default: /proc/cpuinfo)")
    ap.add_argument("--root", default=str(ROOT), help="the repository to scan (default: this one)")
    ap.add_argument("--kernelspec-dir", action="append", default=None,
                    help="check this kernelspec folder instead of the installed kernelspecs (repeatable)")
    args = ap.parse_args(argv)
    text = pathlib.Path(args.cpuinfo).read_text(encoding="utf-8", errors="replace")
    if args.kernelspec_dir is not None:
        specs = [pathlib.Path(d) / "kernel.json" for d in args.kernelspec_dir]
    else:
        specs = installed_kernelspecs(kernel_names(args.root))
    problems = check(text, args.root, specs, os.environ)
    avx512 = "with AVX-512" if "avx512f" in cpu_flags(text) else "without AVX-512"
    if problems:
        print(f"OpenBLAS core type forced where this CPU ({cpu_name(text)}, {avx512}) cannot run it:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"  no OpenBLAS core type this CPU lacks ({cpu_name(text)}, {avx512}; "
          f"kernelspecs checked: {', '.join(str(s) for s in specs) or 'none installed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
