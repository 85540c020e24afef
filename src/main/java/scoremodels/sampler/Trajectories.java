package scoremodels.sampler;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.Checks;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Solved paths of a batch: an [n, T, D] array (trajectory, save time, dimension), the chapter's
 * {@code trajectories} after {@code np.stack}, together with its save times.
 */
public final class Trajectories {
    private final INDArray array;
    private final double[] ts;

    /** Wraps an [n, T, D] array whose second axis matches {@code ts}. */
    public Trajectories(INDArray array, double[] ts) {
        if (array == null || array.rank() != 3) {
            throw new IllegalArgumentException("array must have shape [n, T, D], got "
                    + (array == null ? "null" : Arrays.toString(array.shape())));
        }
        if (ts == null || ts.length != array.size(1)) {
            throw new IllegalArgumentException("ts must hold " + array.size(1) + " times, got "
                    + (ts == null ? "null" : ts.length));
        }
        this.array = array;
        this.ts = ts.clone();
    }

    /** The [n, T, D] array. */
    public INDArray array() {
        return array;
    }

    /** The save times. */
    public double[] ts() {
        return ts.clone();
    }

    public int numTrajectories() {
        return (int) array.size(0);
    }

    public int numTimes() {
        return (int) array.size(1);
    }

    public int dims() {
        return (int) array.size(2);
    }

    /** All points at save index {@code step}, [n, D] (one frame of the chapter's animation). */
    public INDArray at(int step) {
        if (step < 0 || step >= numTimes()) {
            throw new IllegalArgumentException("step must be in [0, " + numTimes() + "), got " + step);
        }
        return array.get(NDArrayIndex.all(), NDArrayIndex.point(step), NDArrayIndex.all()).dup();
    }

    /** The starting points, [n, D]. */
    public INDArray starts() {
        return at(0);
    }

    /** The final points, [n, D]. */
    public INDArray ends() {
        return at(numTimes() - 1);
    }

    /**
     * A long table, one row per trajectory and save time: columns {@code trajectory},
     * {@code step}, {@code t}, {@code x1} … {@code xD}.
     */
    public Table toTable() {
        int n = numTrajectories();
        int tn = numTimes();
        int d = dims();
        double[] flat = States.toFlat(array);
        int rows = Checks.arrayLength("the table's rows, n·T (trajectories·times)", n, tn);
        int[] traj = new int[rows];
        int[] step = new int[rows];
        double[] time = new double[rows];
        double[][] x = new double[d][rows];
        for (int r = 0; r < rows; r++) {
            traj[r] = r / tn;
            step[r] = r % tn;
            time[r] = ts[r % tn];
            for (int c = 0; c < d; c++) {
                x[c][r] = flat[r * d + c];
            }
        }
        Table table = Table.create("trajectories",
                IntColumn.create("trajectory", traj),
                IntColumn.create("step", step),
                DoubleColumn.create("t", time));
        for (int c = 0; c < d; c++) {
            table.addColumns(DoubleColumn.create("x" + (c + 1), x[c]));
        }
        return table;
    }

    @Override
    public String toString() {
        return "Trajectories(n=" + numTrajectories() + ", T=" + numTimes() + ", D=" + dims()
                + ", t from " + ts[0] + " to " + ts[ts.length - 1] + ")";
    }
}
