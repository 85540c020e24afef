#!/usr/bin/python3
"""PyTorch (CPU) timing of one training step, the reference beside `score-models.jar bench`.

The step is the one the Java benchmark times, written the way PyTorch users write it (autograd
for the Jacobian terms, torch.optim.Adam), on the chapter's two Gaussians (50 points at (0, 0),
50 at (10, 10)) noised at t = linspace(0.001, 10, 9), 100 rows per level (900 rows):

  model     [x, t] -> Linear(D+1, W) -> act -> Linear(W, W) -> act -> Linear(W, D)
            (PyTorch's default Linear init: uniform within ±1/sqrt(fan_in), as Equinox's)
  --loss hyvarinen   Σ_levels t · mean_rows( tr(∂s/∂x) + ½|s|² ) + 0.01 · l2Norm, Adam 5e-2
                     (the chapter's section 6.5; the trace needs one backward pass per dimension)
  --loss sliced      Σ_levels t · mean_rows( (1/P) Σ_p v_pᵀ (∂s/∂x) v_p + ½|s|² ) + 0.01 · l2Norm,
                     v_p ~ N(0, I) drawn afresh for every row and step, Adam 1e-3: sliced score
                     matching with variance reduction, as losses/SlicedScoreMatching.java
                     (notebook 07 uses P = 1, --projections)
  --loss denoising   Σ_levels t · mean_rows( ½|s(x + √t ε, t) + ε/√t|² ) with fresh ε and fresh
                     log-uniform t in [0.001, 10] for every row and step, no l2, Adam 1e-3
                     (notebooks 07 and 08)
  l2Norm = 0.1 · Σ θ² (the chapter's l2_norm)

--activation: relu (default for hyvarinen, the chapter's) or softplus (default for sliced and
denoising, notebooks 07/08's).

Install PyTorch and an optimised BLAS with Debian's packages:
  apt-get install -y python3-torch libopenblas0-pthread
Debian's PyTorch does its matrix products through the system's libblas.so.3; without OpenBLAS that
is the reference BLAS, about a hundred times slower. The output's blas= says which one ran.

  /usr/bin/python3 tests/bench/torch_reference.py --steps 200 --threads 1 [--loss sliced] [--activation softplus]

Prints one line of key=value figures ending with ms_per_step=.
"""
import argparse
import math
import os
import pathlib
import sys
import time


def _blas_threads_from_argv(argv):
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return "1"


if __name__ == "__main__":
    # Debian's PyTorch multiplies through OpenBLAS, whose own threads torch.set_num_threads does not
    # govern; OpenBLAS reads this variable when it is loaded (with torch), so set it first.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", _blas_threads_from_argv(sys.argv[1:]))

import torch  # noqa: E402

LEVELS, POINTS, DIMS = 9, 100, 2


def options(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300, help="timed steps (after 5 warm-up steps)")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (1 was fastest on 2 cores)")
    ap.add_argument("--width", type=int, default=256, help="hidden units per layer")
    ap.add_argument("--activation", choices=["relu", "softplus"], help="default: relu for hyvarinen, else softplus")
    ap.add_argument("--loss", choices=["hyvarinen", "sliced", "denoising"], default="hyvarinen")
    ap.add_argument("--projections", type=int, default=1, help="directions per row for --loss sliced")
    args = ap.parse_args(argv)
    for name in ("steps", "threads", "width", "projections"):
        if getattr(args, name) < 1:
            ap.error(f"--{name} must be >= 1, got {getattr(args, name)}")
    if args.activation is None:
        args.activation = "relu" if args.loss == "hyvarinen" else "softplus"
    return args


class ScoreNet(torch.nn.Module):
    def __init__(self, dims, width, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(dims + 1, width), torch.nn.Linear(width, width),
                                           torch.nn.Linear(width, dims)])
        self.act = torch.relu if activation == "relu" else torch.nn.functional.softplus

    def forward(self, x, t):
        h = torch.cat([x, t], dim=1)
        for layer in self.layers[:-1]:
            h = self.act(layer(h))
        return self.layers[-1](h)


def l2_norm(model):
    return 0.1 * sum(p.pow(2).sum() for p in model.parameters())


def level_weighted(per_row, t_rows):
    """Σ over levels of t × the mean over that level's rows (rows are grouped by level)."""
    return (per_row * t_rows).reshape(LEVELS, POINTS).mean(dim=1).sum()


class Chapter:
    """The 900 noised rows of the chapter's two Gaussians and the three losses of a model on them."""

    def __init__(self, gen, projections=1):
        self.gen = gen
        self.projections = projections
        centers = torch.tensor([[0.0, 0.0]] * (POINTS // 2) + [[10.0, 10.0]] * (POINTS // 2))
        self.clean = centers + torch.randn(POINTS, DIMS, generator=gen)
        self.t_rows = torch.linspace(0.001, 10.0, LEVELS).repeat_interleave(POINTS)   # [900]
        self.noised = (self.clean.repeat(LEVELS, 1)
                       + torch.randn(LEVELS * POINTS, DIMS, generator=gen) * self.t_rows[:, None].sqrt())

    def hyvarinen(self, model):
        x = self.noised.clone().requires_grad_(True)
        s = model(x, self.t_rows[:, None])
        trace = sum(torch.autograd.grad(s[:, i].sum(), x, create_graph=True)[0][:, i] for i in range(DIMS))
        return level_weighted(trace + 0.5 * s.pow(2).sum(dim=1), self.t_rows) + 0.01 * l2_norm(model)

    def sliced(self, model):
        x = self.noised.clone().requires_grad_(True)
        s = model(x, self.t_rows[:, None])
        vjv = 0
        for _ in range(self.projections):
            v = torch.randn(x.shape, generator=self.gen)
            jtv, = torch.autograd.grad((s * v).sum(), x, create_graph=True)   # row r: J_rᵀ v_r
            vjv = vjv + (jtv * v).sum(dim=1)
        per_row = vjv / self.projections + 0.5 * s.pow(2).sum(dim=1)
        return level_weighted(per_row, self.t_rows) + 0.01 * l2_norm(model)

    def denoising(self, model):
        n = LEVELS * POINTS
        t = torch.exp(torch.empty(n).uniform_(math.log(0.001), math.log(10.0), generator=self.gen))[:, None]
        eps = torch.randn(n, DIMS, generator=self.gen)
        s = model(self.clean.repeat(LEVELS, 1) + eps * t.sqrt(), t)
        return level_weighted(0.5 * (s + eps / t.sqrt()).pow(2).sum(dim=1), t[:, 0])


def blas_in_use():
    """The BLAS library this process has loaded (after a product): openblas, blis, mkl or reference."""
    try:
        maps = pathlib.Path("/proc/self/maps").read_text()
    except OSError:
        return "unknown"
    libs = {line.split()[-1] for line in maps.splitlines() if "blas" in line or "mkl" in line or "blis" in line}
    for name in ("openblas", "blis", "mkl"):
        if any(name in os.path.realpath(lib) for lib in libs):
            return name
    return "reference" if any("libblas.so" in lib for lib in libs) else "unknown"


def main(argv=None):
    args = options(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(45)
    chapter = Chapter(torch.Generator().manual_seed(55), args.projections)
    model = ScoreNet(DIMS, args.width, args.activation)
    rate = 5e-2 if args.loss == "hyvarinen" else 1e-3
    adam = torch.optim.Adam(model.parameters(), lr=rate)
    loss_fn = getattr(chapter, args.loss)

    def step():
        adam.zero_grad(set_to_none=True)
        loss = loss_fn(model)
        loss.backward()
        adam.step()
        return loss.item()

    for _ in range(5):
        step()
    blas = blas_in_use()
    if blas == "reference":
        print("warning: PyTorch runs on the reference BLAS; install libopenblas0-pthread for a fair figure",
              file=sys.stderr)
    began = time.perf_counter()
    values = [step() for _ in range(args.steps)]
    seconds = time.perf_counter() - began
    print(f"torch={torch.__version__} blas={blas} threads={args.threads} loss={args.loss} activation={args.activation} "
          f"width={args.width} steps={args.steps} first_loss={values[0]:.4f} last_loss={values[-1]:.4f} "
          f"steps_per_s={args.steps / seconds:.2f} ms_per_step={seconds / args.steps * 1e3:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
