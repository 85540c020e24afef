package scoremodels.evaluation;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.losses.Objective;
import scoremodels.models.SdeScoreModel;
import scoremodels.training.Adam;
import scoremodels.training.Training;
import scoremodels.display.Markdown;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Hidden units that are zero on every point of a batch. A ReLU unit whose input is negative
 * everywhere passes no signal and gets no gradient, so once it is there the optimiser cannot
 * bring it back: the model has lost that unit for good.
 */
public final class DeadUnits {
    private DeadUnits() {
    }

    /**
     * For each hidden layer of {@code model}, the number of units whose activation is exactly 0
     * at every row of x [N, D] with times t [N]. Computed in double precision.
     *
     * @return int[depth]: entry l counts the units of hidden layer l + 1
     */
    public static int[] count(SdeScoreModel model, INDArray x, INDArray t) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (x == null || x.rank() != 2 || x.columns() != model.dataDims() || x.rows() < 1) {
            throw new IllegalArgumentException("x must have shape [N, " + model.dataDims() + "] with N >= 1, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (t == null || t.length() != x.rows()) {
            throw new IllegalArgumentException("t must hold one time per row of x (" + x.rows() + "), got "
                    + (t == null ? "null" : Arrays.toString(t.shape())));
        }
        int n = (int) x.rows();
        INDArray a = Nd4j.hstack(x.castTo(DataType.DOUBLE), t.castTo(DataType.DOUBLE).reshape(n, 1));
        int[] dead = new int[model.depth()];
        for (int l = 0; l < model.depth(); l++) {
            INDArray z = a.mmul(model.weight(l).castTo(DataType.DOUBLE).transpose())
                    .addiRowVector(model.bias(l).castTo(DataType.DOUBLE));
            int width = (int) z.columns();
            double[] v = z.dup('c').data().asDouble();
            boolean[] alive = new boolean[width];
            for (int i = 0; i < v.length; i++) {
                v[i] = model.activation().value(v[i]);
                alive[i % width] |= v[i] != 0;
            }
            for (boolean on : alive) {
                dead[l] += on ? 0 : 1;
            }
            a = Nd4j.createFromArray(v).reshape('c', n, width);
        }
        return dead;
    }

    /** {@link #count} over every level of noisedDatas [T, N, D], level k at time ts[k]. */
    public static int[] count(SdeScoreModel model, INDArray noisedDatas, double[] ts) {
        if (noisedDatas == null || noisedDatas.rank() != 3 || ts == null || ts.length != noisedDatas.size(0)) {
            throw new IllegalArgumentException("noisedDatas must be [T, N, D] with one time per level in ts, got "
                    + (noisedDatas == null ? "null" : Arrays.toString(noisedDatas.shape())) + " and "
                    + (ts == null ? "null" : ts.length + " times"));
        }
        int levels = ts.length;
        int n = (int) noisedDatas.size(1);
        int d = (int) noisedDatas.size(2);
        double[] t = new double[levels * n];
        for (int k = 0; k < levels; k++) {
            Arrays.fill(t, k * n, (k + 1) * n, ts[k]);
        }
        return count(model, noisedDatas.reshape('c', (long) levels * n, d), Nd4j.createFromArray(t));
    }

    /**
     * Trains {@code model} in place with {@code objective} and {@code optimizer} up to the last of
     * the {@code checkpoints} (increasing step counts, 0 allowed), counting the dead units over
     * noisedDatas [T, N, D] (times ts) at each: a table of step, loss at that step (before its
     * update; empty at the last checkpoint when it is the end) and dead units per hidden layer.
     */
    public static Table duringTraining(SdeScoreModel model, Objective objective, Adam optimizer, int[] checkpoints,
            INDArray noisedDatas, double[] ts) {
        if (checkpoints == null || checkpoints.length == 0) {
            throw new IllegalArgumentException("checkpoints must hold at least one step count");
        }
        for (int i = 0; i < checkpoints.length; i++) {
            if (checkpoints[i] < 0 || (i > 0 && checkpoints[i] <= checkpoints[i - 1])) {
                throw new IllegalArgumentException("checkpoints must be >= 0 and increasing, got " + Arrays.toString(checkpoints));
            }
        }
        int[][] dead = new int[checkpoints.length][];
        double[] loss = new double[checkpoints.length];
        int done = 0;
        for (int i = 0; i < checkpoints.length; i++) {
            if (checkpoints[i] > done) {
                Training.fit(model, objective, checkpoints[i] - done, optimizer, false);
                done = checkpoints[i];
            }
            dead[i] = count(model, noisedDatas, ts);
            loss[i] = objective.value(model);
        }
        DoubleColumn lossColumn = DoubleColumn.create("loss", loss);
        lossColumn.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        Table table = Table.create("dead units during training", IntColumn.create("step", checkpoints.clone()), lossColumn);
        for (int l = 0; l < model.depth(); l++) {
            int layer = l;
            table.addColumns(IntColumn.create("dead units, layer " + (l + 1),
                    Arrays.stream(dead).mapToInt(c -> c[layer]).toArray()));
        }
        return table;
    }

    /**
     * Two {@link #duringTraining} tables with the same checkpoints side by side: the step column,
     * then each table's other columns with its label appended (for example "Adam 5e-2").
     */
    public static Table sideBySide(String leftLabel, Table left, String rightLabel, Table right) {
        if (leftLabel == null || rightLabel == null || leftLabel.equals(rightLabel)) {
            throw new IllegalArgumentException("labels must be two different strings, got " + leftLabel + " and " + rightLabel);
        }
        if (left == null || right == null || !Arrays.equals(left.intColumn("step").asIntArray(), right.intColumn("step").asIntArray())) {
            throw new IllegalArgumentException("left and right must be duringTraining tables with the same steps");
        }
        Table out = Table.create(left.name(), left.intColumn("step").copy());
        for (Table t : new Table[] {left, right}) {
            String label = t == left ? leftLabel : rightLabel;
            for (tech.tablesaw.columns.Column<?> c : t.columns()) {
                if (!c.name().equals("step")) {
                    out.addColumns(c.copy().setName(c.name() + ", " + label));
                }
            }
        }
        return out;
    }

    /**
     * What two {@link #duringTraining} tables with the same checkpoints say about the last hidden
     * layer, in a sentence computed from them: its dead units at the start, after the fourth
     * checkpoint (or the last, if there are fewer) and at the end, for each label.
     */
    public static Markdown summary(String leftLabel, Table left, String rightLabel, Table right, int width) {
        Table both = sideBySide(leftLabel, left, rightLabel, right);
        int[] steps = both.intColumn("step").asIntArray();
        int last = steps.length - 1;
        int early = Math.min(3, last);
        int layers = (left.columnCount() - 2);
        String column = "dead units, layer " + layers;
        int[] a = left.intColumn(column).asIntArray();
        int[] b = right.intColumn(column).asIntArray();
        return new Markdown(String.format(java.util.Locale.ROOT,
                "In hidden layer %d (%d units), dead units go from %d at the start to **%d** after %d steps and **%d** after %d "
                        + "with %s; with %s, to %d and %d.",
                layers, width, a[0], a[early], steps[early], a[last], steps[last], leftLabel, rightLabel, b[early], b[last]));
    }
}
