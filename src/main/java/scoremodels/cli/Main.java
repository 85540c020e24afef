package scoremodels.cli;

/** The jar's command line: train, sample and bench. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.exit(Bench.run(steps, 256, 20));
    }
}
