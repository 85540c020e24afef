package scoremodels.training;

import java.util.Arrays;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** The loss of every training step, as an array and as a Tablesaw table (step, loss). */
public final class TrainingResult {
    private final double[] lossHistory;
    private final double seconds;

    public TrainingResult(double[] lossHistory, double seconds) {
        this.lossHistory = lossHistory.clone();
        this.seconds = seconds;
    }

    /** Loss before each update, one entry per step (the chapter's {@code loss_history}). */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    public double finalLoss() {
        return lossHistory[lossHistory.length - 1];
    }

    /** Wall time of the loop. */
    public double seconds() {
        return seconds;
    }

    public Table table() {
        int[] steps = new int[lossHistory.length];
        Arrays.setAll(steps, i -> i);
        return Table.create("loss history", IntColumn.create("step", steps),
                DoubleColumn.create("loss", lossHistory));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "TrainingResult(steps=%d, first=%.4f, last=%.4f, %.1fs)",
                lossHistory.length, lossHistory[0], finalLoss(), seconds);
    }
}
