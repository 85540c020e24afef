package scoremodels.cli;

/** The jar's command line: train, sample and bench. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("usage: java -jar score-models.jar train|sample|bench [options]");
    }
}
