package scoremodels.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Datasets;
import scoremodels.data.ExactScore;
import scoremodels.display.Markdown;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.noise.Noise;
import scoremodels.random.Key;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Was the score learned? A model's score is compared with a reference score (the exact one,
 * {@link ExactScore}) at every noise level, on points the model never saw: fresh draws of the
 * data distribution, each level's copy noised with its own key.
 *
 * <p>Per level it reports the mean cosine between the two score vectors (1: same directions,
 * 0: unrelated, −1: opposite), the median of |s_θ| / |∇ log p_t| (1: right length), and for
 * ReLU models the hidden units that are zero on every point of the level ({@link DeadUnits}).
 */
public final class ScoreCheck {
    /** Points per level of {@link #forDataset}. */
    public static final int POINTS = 1_000;

    /**
     * One noise level's figures.
     *
     * @param deadUnits per hidden layer, units zero on every point of the level; empty for models
     *                  other than a ReLU {@link SdeScoreModel}, whose units are never exactly zero
     */
    public record Level(double t, double meanCosine, double medianNormRatio, int[] deadUnits) {
        public Level {
            deadUnits = deadUnits.clone();
        }

        @Override
        public int[] deadUnits() {
            return deadUnits.clone();
        }
    }

    private final ScoreFunction reference;
    private final double[] ts;
    private final INDArray[] points;     // per level [M, D]
    private final double[][] referenceScores; // per level [M·D], computed once

    /**
     * @param reference the score to compare with, e.g. {@link ExactScore#of}
     * @param clean     fresh points of the data distribution [M, D], M ≥ 1
     * @param ts        the noise levels [T], each finite and ≥ 0
     * @param key       noises level k with {@code key.split(T)[k]}
     */
    public ScoreCheck(ScoreFunction reference, INDArray clean, double[] ts, Key key) {
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (clean == null || clean.rank() != 2 || clean.rows() < 1) {
            throw new IllegalArgumentException("clean must be an [M, D] array with M >= 1, got "
                    + (clean == null ? "null" : Arrays.toString(clean.shape())));
        }
        if (ts == null || ts.length == 0) {
            throw new IllegalArgumentException("ts must hold at least one noise level");
        }
        for (int k = 0; k < ts.length; k++) {
            if (!(ts[k] >= 0) || Double.isInfinite(ts[k])) {
                throw new IllegalArgumentException("ts[" + k + "] must be finite and >= 0, got " + ts[k]);
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        this.reference = reference;
        this.ts = ts.clone();
        this.points = new INDArray[ts.length];
        this.referenceScores = new double[ts.length][];
        Key[] keys = key.split(ts.length);
        INDArray x = clean.castTo(DataType.DOUBLE);
        for (int k = 0; k < ts.length; k++) {
            points[k] = Noise.noise(keys[k], x, ts[k]);
            referenceScores[k] = flat(reference.apply(points[k], ts[k]), points[k], "reference");
        }
    }

    /**
     * The check for one of the chapter's datasets against its {@link ExactScore}: {@value #POINTS}
     * independent draws of the generator's distribution ({@link Datasets#independent}) from
     * {@code key}'s first half, noised with its second.
     */
    public static ScoreCheck forDataset(String name, double[] ts, Key key) {
        Key[] k = key.split(2);
        return new ScoreCheck(ExactScore.of(name), Datasets.independent(name, POINTS, k[0]).X(), ts, k[1]);
    }

    /** The noise levels. */
    public double[] ts() {
        return ts.clone();
    }

    /** The evaluation points of level k [M, D]. */
    public INDArray points(int level) {
        return points[level].dup();
    }

    /** The figures of every level for {@code model}. */
    public List<Level> levels(ScoreFunction model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        SdeScoreModel relu = model instanceof SdeScoreModel && ((SdeScoreModel) model).activation() == Activation.RELU
                ? (SdeScoreModel) model : null;
        List<Level> out = new ArrayList<>();
        for (int k = 0; k < ts.length; k++) {
            INDArray x = points[k];
            double[] s = flat(model.apply(x.castTo(modelType(model)), ts[k]), x, "model");
            double[] e = referenceScores[k];
            int m = (int) x.rows();
            int d = (int) x.columns();
            double cosSum = 0;
            double[] ratios = new double[m];
            for (int r = 0; r < m; r++) {
                double dot = 0;
                double ss = 0;
                double ee = 0;
                for (int i = 0; i < d; i++) {
                    double a = s[r * d + i];
                    double b = e[r * d + i];
                    dot += a * b;
                    ss += a * a;
                    ee += b * b;
                }
                // A zero vector has no direction: it counts as unrelated (cosine 0).
                cosSum += ss > 0 && ee > 0 ? dot / Math.sqrt(ss * ee) : 0;
                ratios[r] = ee > 0 ? Math.sqrt(ss / ee) : (ss > 0 ? Double.POSITIVE_INFINITY : 1);
            }
            int[] dead = relu == null ? new int[0]
                    : DeadUnits.count(relu, x, Nd4j.valueArrayOf(new long[] {m}, ts[k], DataType.DOUBLE));
            out.add(new Level(ts[k], cosSum / m, median(ratios), dead));
        }
        return out;
    }

    /**
     * The chapter's joint loss Σ_k t_k · E[tr ∂ₓs + ½|s|²] that the reference score itself has,
     * averaged over the noised population rather than over a fixed set of points. For the true
     * score integration by parts turns E[tr ∂ₓs] into −E|s|², so this is
     * −½ Σ_k t_k · mean |∇ log p_{t_k}|² over the check's points: the value a model that learned the
     * score would reach on average. A loss far below it on fixed points means the model fits those
     * points, not p_t.
     */
    public double referenceLoss() {
        double loss = 0;
        for (int k = 0; k < ts.length; k++) {
            double[] e = referenceScores[k];
            double sum = 0;
            for (double v : e) {
                sum += v * v;
            }
            loss += ts[k] * -0.5 * sum / points[k].rows();
        }
        return loss;
    }

    /** The figures of {@code model} at every level, as a table and in words. */
    public Result of(SdeScoreModel model) {
        return new Result(levels(model), model.widthSize(), null, null);
    }

    /**
     * {@link #of(SdeScoreModel)} beside a yardstick's mean cosine (for example the score of the
     * training points themselves, {@link ExactScore#ofPoints}), called {@code name} in the table
     * and the text.
     */
    public Result of(SdeScoreModel model, String name, ScoreFunction yardstick) {
        if (name == null || yardstick == null) {
            throw new IllegalArgumentException("name and yardstick must not be null");
        }
        return new Result(levels(model), model.widthSize(), name, levels(yardstick));
    }

    /** The mean over the levels with t ≥ {@code tMin} of their mean cosine; NaN when there is none. */
    public static double meanCosine(List<Level> levels, double tMin) {
        return levels.stream().filter(v -> v.t() >= tMin).mapToDouble(Level::meanCosine).average().orElse(Double.NaN);
    }

    /**
     * One model's check: its levels, optionally a yardstick's, and the width of its hidden layers.
     * {@link #table} shows the numbers, {@link #summary} says what they mean.
     */
    public static final class Result {
        /** The levels the summary averages over: every one but the first, nearly clean, level of the chapter. */
        public static final double T_MIN = 1.25;

        private final List<Level> levels;
        private final int width;
        private final String yardstickName;
        private final List<Level> yardstick;

        Result(List<Level> levels, int width, String yardstickName, List<Level> yardstick) {
            this.levels = List.copyOf(levels);
            this.width = width;
            this.yardstickName = yardstickName;
            this.yardstick = yardstick == null ? null : List.copyOf(yardstick);
        }

        public List<Level> levels() {
            return levels;
        }

        /** The mean cosine over the levels with t ≥ {@value #T_MIN}. */
        public double meanCosine() {
            return ScoreCheck.meanCosine(levels, T_MIN);
        }

        /** The yardstick's mean cosine over the levels with t ≥ {@value #T_MIN}; NaN without one. */
        public double yardstickCosine() {
            return yardstick == null ? Double.NaN : ScoreCheck.meanCosine(yardstick, T_MIN);
        }

        /**
         * One row per level: t, mean cosine, median |s_θ| / |∇ log p_t|, dead units per hidden layer
         * (ReLU models only), and the yardstick's mean cosine when there is one.
         */
        public Table table() {
            Table table = Table.create("score check",
                    DoubleColumn.create("t", levels.stream().mapToDouble(Level::t).toArray()),
                    DoubleColumn.create("mean cosine", levels.stream().mapToDouble(Level::meanCosine).toArray()),
                    DoubleColumn.create("median |s_θ| / |∇ log p_t|",
                            levels.stream().mapToDouble(Level::medianNormRatio).toArray()));
            for (int l = 0; l < layers(); l++) {
                int layer = l;
                table.addColumns(IntColumn.create("dead units of " + width + ", layer " + (l + 1),
                        levels.stream().mapToInt(v -> v.deadUnits()[layer]).toArray()));
            }
            if (yardstick != null) {
                table.addColumns(DoubleColumn.create("mean cosine, " + yardstickName,
                        yardstick.stream().mapToDouble(Level::meanCosine).toArray()));
            }
            // Three decimals: the columns are read against each other, not to the last digit.
            for (tech.tablesaw.columns.Column<?> c : table.columns()) {
                if (c instanceof DoubleColumn) {
                    ((DoubleColumn) c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
                }
            }
            return table;
        }

        /** What the table says, in sentences computed from it (Markdown). */
        public Markdown summary() {
            List<Level> high = levels.stream().filter(v -> v.t() >= T_MIN).toList();
            StringBuilder b = new StringBuilder();
            double cos = meanCosine();
            if (!high.isEmpty()) {
                b.append(String.format(Locale.ROOT, "Over the %d levels with t ≥ %s the mean cosine is **%.2f**: %s. ",
                        high.size(), T_MIN, cos, direction(cos)));
                double[] range = normRatioRange(high);
                b.append(String.format(Locale.ROOT, "The median length ratio lies between %s and %s (1 is the true length)%s. ",
                        ratio(range[0]), ratio(range[1]), length(range)));
            }
            Level first = levels.get(0);
            if (first.t() < T_MIN) {
                b.append(String.format(Locale.ROOT, "At t = %s, on the nearly clean data, the mean cosine is %.2f. ",
                        first.t(), first.meanCosine()));
            }
            for (int l = 0; l < layers(); l++) {
                int layer = l;
                int least = levels.stream().mapToInt(v -> v.deadUnits()[layer]).min().orElse(0);
                int most = levels.stream().mapToInt(v -> v.deadUnits()[layer]).max().orElse(0);
                b.append(String.format(Locale.ROOT, "In hidden layer %d, %s of the %d units are zero on every point of a level: "
                        + "they pass nothing on there. ", l + 1, least == most ? String.valueOf(least) : least + " to " + most, width));
            }
            if (yardstick != null && !high.isEmpty()) {
                double y = yardstickCosine();
                b.append(String.format(Locale.ROOT, "For comparison, %s scores %.2f over the same levels%s.", yardstickName, y,
                        cos >= y - 0.02 ? ", so the model is as close to the true score as its training data allows"
                                : String.format(Locale.ROOT, ", %.2f above the model", y - cos)));
            }
            return new Markdown(b.toString().trim());
        }

        private int layers() {
            return levels.isEmpty() ? 0 : levels.get(0).deadUnits().length;
        }

        private static String direction(double cos) {
            if (cos >= 0.9) {
                return "the arrows point where the true score points";
            }
            if (cos >= 0.7) {
                return "the arrows mostly point the right way, with clear errors";
            }
            if (cos >= 0.3) {
                return "the arrows are only loosely aligned with the true score";
            }
            if (cos > -0.3) {
                return "the arrows are about as aligned with the true score as random directions would be";
            }
            return "the arrows mostly point against the true score";
        }

        private static String length(double[] range) {
            if (range[1] < 0.5) {
                return ": the arrows are far too short";
            }
            if (range[0] > 2) {
                return ": the arrows are far too long";
            }
            if (range[0] >= 0.8 && range[1] <= 1.25) {
                return ": about the right length";
            }
            return "";
        }

        private static String ratio(double r) {
            return r < 0.1 || r >= 100 ? String.format(Locale.ROOT, "%.2g", r) : String.format(Locale.ROOT, "%.2f", r);
        }

        private static double[] normRatioRange(List<Level> levels) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Level v : levels) {
                lo = Math.min(lo, v.medianNormRatio());
                hi = Math.max(hi, v.medianNormRatio());
            }
            return new double[] {lo, hi};
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ScoreCheck(%d levels × %d points against %s)", ts.length, points[0].rows(),
                reference);
    }

    private static DataType modelType(ScoreFunction model) {
        return model instanceof SdeScoreModel ? ((SdeScoreModel) model).dataType() : DataType.DOUBLE;
    }

    /** The score's values as double[M·D], checked for shape and finiteness. */
    private static double[] flat(INDArray s, INDArray x, String name) {
        if (s == null || !Arrays.equals(s.shape(), x.shape())) {
            throw new IllegalArgumentException(name + " must return a score of shape " + Arrays.toString(x.shape())
                    + ", got " + (s == null ? "null" : Arrays.toString(s.shape())));
        }
        double[] v = s.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalStateException(name + " returned a non-finite score " + v[i] + " at row " + i / x.columns());
            }
        }
        return v;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
