package scoremodels.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import scoremodels.engine.VectorWidth;
import scoremodels.models.Activation;

/**
 * The jar's command line.
 *
 * <pre>
 * java -jar score-models.jar train  [--recipe chapter|working] [--data moons|circles|gaussians] [--steps 20000] ...
 * java -jar score-models.jar sample --model out/model.npz [--sampler ode|sde] ...
 * java -jar score-models.jar bench  [--steps 200] [--width 256] [--loss hyvarinen|denoising|sliced] [--activation relu|softplus|…] [--sparsity on|off]
 * java -jar score-models.jar cores  [--reps 300]
 * java -jar score-models.jar fingerprint [--steps 200] [--samples 200]
 * </pre>
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar score-models.jar <command> [options]",
            "  train   --recipe chapter|working (chapter) --data moons|circles|gaussians (gaussians) --n 100 (working: 900)",
            "          --steps 20000 (working: 4000) --data-seed 99 (working: 2023) --noise-seed 99 (working: 7) --model-seed 45",
            "          --width 256 --depth 2 --quiet false --out out/; chapter only: --lr 0.05 --activation relu --l2 0.01",
            "          writes model.npz, loss_history.csv and data.csv to --out",
            "  sample  --model out/model.npz --sampler ode|sde --drift chapter|consistent --n 50 --seed 39",
            "          --out samples.csv",
            "  bench   --steps 200 --warmup 20 --width 256 --loss hyvarinen|denoising|sliced",
            "          --activation relu|softplus|tanh|sigmoid|swish|gelu (relu for hyvarinen, else softplus)",
            "          --sparsity on|off (off: the ReLU step",
            "          multiplies out every product)   (last line: ms_per_step=<number>)",
            "  cores   --reps 300   times the step's matrix product, and a multiply-add loop on one",
            "          thread and on two at once (last line: speedup_two_cores=<number>, 2 perfect, 1 none)",
            "  fingerprint --steps 200 --samples 200   checksums of the loss history and parameters of each",
            "          configuration the notebooks train, and of the samplers' points and metrics: two",
            "          machines print the same lines when they compute the same bits",
            "exit codes: 0 done, 1 failed, 2 bad command line (one line on stderr; --verbose adds the stack trace)");

    private Main() {
    }

    public static void main(String[] args) {
        java.util.List<String> withVectors = VectorLaunch.command(args);
        if (withVectors != null) {
            int code = VectorLaunch.run(withVectors);
            if (code >= 0) {
                System.exit(code);
            }
        }
        System.exit(run(args));
    }

    /**
     * Runs a command and returns its exit code: 0 done, 1 failed, 2 bad command line. A failure
     * prints one line to stderr; {@code --verbose} (anywhere) adds the stack trace.
     */
    public static int run(String[] args) {
        boolean verbose = Args.hasFlag(args, "--verbose");
        String[] rest = Args.withoutFlag(args, "--verbose");
        if (rest.length == 0 || rest[0].equals("--help") || rest[0].equals("-h")) {
            System.out.println(USAGE);
            return rest.length == 0 ? 2 : 0;
        }
        String command = rest[0].toLowerCase(Locale.ROOT);
        if (!command.equals("sample") && (Args.hasFlag(rest, "--help") || Args.hasFlag(rest, "-h"))) {
            System.out.println(USAGE);
            return 0;
        }
        try {
            VectorWidth.requested(); // refuse a wrong -Dscoremodels.vector.bits before anything runs
            switch (command) {
                case "bench": {
                    Args a = new Args(rest, 1, "steps", "warmup", "width", "loss", "activation", "sparsity");
                    String loss = a.choice("loss", "hyvarinen", "hyvarinen", "score-matching", "denoising", "sliced");
                    if (loss.equals("score-matching")) {
                        loss = "hyvarinen";
                    }
                    Activation act = Activation.parse(a.choice("activation", loss.equals("hyvarinen") ? "relu" : "softplus",
                            activationIds()));
                    boolean sparse = a.choice("sparsity", "on", "on", "off").equals("on");
                    return Bench.run(a.integer("steps", 200, 1), a.integer("width", 256, 1), a.integer("warmup", 20, 0),
                            loss, act, sparse);
                }
                case "cores": {
                    Args a = new Args(rest, 1, "reps");
                    return CoresBench.run(a.integer("reps", 300, 1));
                }
                case "fingerprint": {
                    Args a = new Args(rest, 1, "steps", "samples");
                    System.out.println("products=" + Fingerprint.products());
                    return Fingerprint.run(a.integer("steps", 200, 1), a.integer("samples", 200, 2));
                }
                case "sample":
                    return SampleCommand.run(java.util.Arrays.copyOfRange(rest, 1, rest.length),
                            SampleCommand::loadWithModelFiles, System.out, System.err, verbose);
                case "train":
                    return TrainCommand.run(rest);
                default:
                    System.err.println("score-models: unknown command '" + rest[0]
                            + "' (commands: train, sample, bench, cores, fingerprint; see --help)");
                    return 2;
            }
        } catch (Args.UsageException e) {
            System.err.println(command + ": " + e.getMessage() + " (see --help)");
            return 2;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            report(System.err, command, e, verbose);
            return 1;
        }
    }

    static String[] activationIds() {
        return java.util.Arrays.stream(Activation.values()).map(Activation::id).toArray(String[]::new);
    }

    /** One line for a failure, "command: message", and the stack trace only when verbose. */
    static void report(PrintStream err, String command, Throwable e, boolean verbose) {
        err.println(command + ": " + oneLine(e));
        if (verbose) {
            e.printStackTrace(err);
        }
    }

    /**
     * The failure as one line. The library's own exceptions carry messages that name the
     * parameter or file; anything else is prefixed by its type, which the message alone may not
     * explain.
     */
    static String oneLine(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + message + "); use smaller sizes or give Java more memory (java -Xmx...)";
        }
        boolean explains = !message.isEmpty() && (t instanceof IOException
                || t.getClass() == IllegalArgumentException.class || t.getClass() == IllegalStateException.class);
        return explains ? message : t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + " (--verbose shows where)";
    }
}
