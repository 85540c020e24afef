package scoremodels.evaluation;

import scoremodels.data.Grid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.data.Datasets;
import scoremodels.data.ExactScore;
import scoremodels.losses.Objective;
import scoremodels.metrics.SampleQuality;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.noise.Noise;
import scoremodels.random.Key;
import scoremodels.training.Adam;
import scoremodels.training.Schedule;
import scoremodels.training.Training;
import scoremodels.training.TrainingResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How good are the generated points? For one training set: train a score model with each
 * objective, draw points with each sampler, and measure them against a fresh draw from the data
 * generator — beside yardsticks: a second fresh draw of the same size (laid out as the generator
 * lays out every draw, so it differs from the first only by the data's noise), the training points
 * themselves, and, where the generator's distribution is known, independent exact draws from it
 * (the floor for a sampler of independent points: what a perfect one would score) and
 * the consistent ODE run with the exact score from the models' own starts (what a perfect model
 * would score with that sampler).
 *
 * <p>All models share the chapter's set-up (9 noise levels from 0.001 to 10, width 256, depth 2,
 * 0.01 · l2Norm); the learning rate and activation are parameters because the chapter's Adam(0.05)
 * with ReLU is tuned for its loss only. Adam's rate falls from the given peak to 0 along a cosine
 * ({@link Schedule#cosineDecay}): with fresh noise in every step, updates at full rate keep
 * jumping around the minimum to the end (docs/performance.md has the comparison).
 */
public final class QualityStudy {
    /** The key in {@link #energies} of the second fresh draw, the closest a set with the generator's own layout comes. */
    public static final String FLOOR = "second fresh draw";
    /** The key of the training points in {@link #energies}. */
    public static final String TRAINING = "the training points";

    /** How many sets of independent exact draws {@link #forDataset} averages. */
    public static final int INDEPENDENT_SETS = 8;

    private final INDArray train;
    private final INDArray fresh;
    private final INDArray floor;
    private final List<INDArray> independent; // empty: no such yardstick
    private SampleQuality independentQuality; // their mean figures, computed once on first use
    private final ScoreFunction exact;        // null: no such yardstick
    private SampleQuality exactQuality;       // computed once on first use
    private INDArray exactPoints;             // the points it was computed from
    private final Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, INDArray> samples = new LinkedHashMap<>();

    /**
     * Training knobs: steps for the denoising loss ({@code steps}) and for the two losses with a
     * Jacobian term, Hyvärinen and sliced ({@code jacobianSteps}); Adam's first learning rate (see
     * the class comment) for those two and for the denoising loss; activation, number of generated
     * points, base key. The denoising loss is a plain regression and takes a larger rate well; the
     * two losses with a Jacobian term broke on every dataset at the rate that suited it (4e-3).
     * They also break long before the denoising loss has converged, so a study may give them
     * fewer steps.
     */
    public record Settings(int steps, int jacobianSteps, double learningRate, double denoisingLearningRate,
            Activation activation, int samples, Key key) {
        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (jacobianSteps < 1) {
                throw new IllegalArgumentException("jacobianSteps must be >= 1, got " + jacobianSteps);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
            }
            if (!(denoisingLearningRate > 0) || Double.isInfinite(denoisingLearningRate)) {
                throw new IllegalArgumentException("denoisingLearningRate must be finite and > 0, got " + denoisingLearningRate);
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples must be >= 2, got " + samples);
            }
            if (activation == null || key == null) {
                throw new IllegalArgumentException("activation and key must not be null");
            }
        }

        /** The same number of steps for every loss. */
        public Settings(int steps, double learningRate, double denoisingLearningRate, Activation activation,
                int samples, Key key) {
            this(steps, steps, learningRate, denoisingLearningRate, activation, samples, key);
        }

        /** One number of steps and one learning rate for every loss. */
        public Settings(int steps, double learningRate, Activation activation, int samples, Key key) {
            this(steps, steps, learningRate, learningRate, activation, samples, key);
        }

        /** Adam's first learning rate for a model trained with {@code objective}. */
        public double learningRate(TrainingLoss objective) {
            return objective == TrainingLoss.DENOISING ? denoisingLearningRate : learningRate;
        }

        /** The number of training steps for a model trained with {@code objective}. */
        public int steps(TrainingLoss objective) {
            return objective == TrainingLoss.DENOISING ? steps : jacobianSteps;
        }
    }

    /**
     * One measured configuration. {@code quality} is null when the sampler failed, and
     * {@code status} then says how (a trajectory that diverged, a step size that underflowed).
     */
    public record Row(String loss, String sampler, SampleQuality quality, String status, int steps, double trainSeconds,
            double sampleSeconds) {
    }

    /**
     * @param train the training points [N, D]
     * @param fresh an independent draw from the same generator, the reference [M, D]
     * @param floor a second independent draw of the same size as the samples
     */
    public QualityStudy(INDArray train, INDArray fresh, INDArray floor, Settings settings) {
        this(train, fresh, floor, List.of(), settings);
    }

    /**
     * @param independent sets of independent exact draws from the data's distribution, each as
     *                    many as the samples (see {@link Datasets#independent}); their figures are
     *                    averaged, because one set's energy distance varies by a factor of 3 from
     *                    key to key. Empty: no such yardstick.
     */
    public QualityStudy(INDArray train, INDArray fresh, INDArray floor, List<INDArray> independent, Settings settings) {
        this(train, fresh, floor, independent, null, settings);
    }

    /**
     * @param exact the exact score of the data's distribution noised to time t (see
     *              {@link ExactScore}), or null: with it the table shows what the consistent ODE
     *              makes of a perfect model, started from the same points as the trained ones
     */
    public QualityStudy(INDArray train, INDArray fresh, INDArray floor, List<INDArray> independent, ScoreFunction exact,
            Settings settings) {
        if (train == null || fresh == null || floor == null || independent == null || settings == null) {
            throw new IllegalArgumentException("train, fresh, floor, independent and settings must not be null");
        }
        if (train.columns() != fresh.columns() || floor.columns() != fresh.columns()) {
            throw new IllegalArgumentException("train, fresh and floor must have the same dimension, got "
                    + train.columns() + ", " + fresh.columns() + ", " + floor.columns());
        }
        for (INDArray set : independent) {
            if (set.columns() != fresh.columns()) {
                throw new IllegalArgumentException("independent draws must have dimension " + fresh.columns() + ", got "
                        + set.columns());
            }
        }
        this.train = train;
        this.fresh = fresh;
        this.floor = floor;
        this.independent = List.copyOf(independent);
        this.exact = exact;
        this.settings = settings;
    }

    /**
     * The study for one of the chapter's datasets: its 100 training points (the chapter's keys),
     * two fresh draws of {@code settings.samples()} points with keys 2024 and 2025, and
     * {@value #INDEPENDENT_SETS} sets of as many independent exact draws from the halves of key 2026,
     * and the generator's {@link ExactScore}.
     */
    public static QualityStudy forDataset(String name, Settings settings) {
        INDArray train = Datasets.load(name, Datasets.N_DATAPOINTS, Key.of(name.equalsIgnoreCase("gaussians") ? 55 : 99)).X();
        INDArray fresh = Datasets.load(name, settings.samples(), Key.of(2024)).X();
        INDArray floor = Datasets.load(name, settings.samples(), Key.of(2025)).X();
        List<INDArray> independent = Datasets.independentSets(name, settings.samples(), INDEPENDENT_SETS, Key.of(2026));
        return new QualityStudy(train, fresh, floor, independent, ExactScore.of(name), settings);
    }

    /** The training points. */
    public INDArray train() {
        return train.dup();
    }

    /** Trains one model per objective and measures every sampler; returns this study. */
    public QualityStudy run(List<TrainingLoss> objectives, List<Sampling> samplers) {
        double[] ts = Grid.linspace(0.001, 10, 9);
        Key[] keys = keys();
        INDArray noisedDatas = Noise.noiseLevels(keys[0], train, ts);
        int d = (int) train.columns();
        for (TrainingLoss o : objectives) {
            SdeScoreModel model = new SdeScoreModel(d, 256, 2, settings.activation(), keys[1]);
            Objective objective = o.of(train, noisedDatas, ts, keys[2]);
            int steps = settings.steps(o);
            TrainingResult fit = Training.fit(model, objective, steps,
                    new Adam(Schedule.cosineDecay(settings.learningRate(o), steps)), false);
            for (Sampling s : samplers) {
                long start = System.nanoTime();
                try {
                    Sampling.Result r = s.sample(model, train, settings.samples(), samplingKey());
                    samples.put(o.label() + " · " + s.label(), r.points());
                    rows.add(new Row(o.label(), s.label(), SampleQuality.of(r.points(), fresh, samplingKey()),
                            r.adaptive() && s.constantSteps() ? "ok (adaptive steps)" : "ok", steps, fit.seconds(), r.seconds()));
                } catch (IllegalStateException failed) {
                    rows.add(new Row(o.label(), s.label(), null, "failed: " + failed.getMessage(), steps, fit.seconds(),
                            (System.nanoTime() - start) / 1e9));
                }
            }
        }
        return this;
    }

    /** Energy distance, MMD and sliced W2 of the yardsticks and of every run. */
    public Table table() {
        Key k = settings.key().fold(7);
        StringColumn loss = StringColumn.create("loss");
        StringColumn sampler = StringColumn.create("sampler");
        IntColumn steps = IntColumn.create("steps");
        DoubleColumn energy = DoubleColumn.create("energy");
        DoubleColumn unbiased = DoubleColumn.create("energy (unbiased)");
        DoubleColumn mmd = DoubleColumn.create("mmd");
        DoubleColumn sw2 = DoubleColumn.create("sw2");
        StringColumn status = StringColumn.create("status");
        List<Row> all = new ArrayList<>();
        all.add(new Row("—", FLOOR, SampleQuality.of(floor, fresh, k), "reference", 0, 0, 0));
        all.add(new Row("—", "the " + train.rows() + " training points", SampleQuality.of(train, fresh, k), "reference", 0, 0, 0));
        if (!independent.isEmpty()) {
            all.add(new Row("—", independent.get(0).rows() + " independent exact draws (mean of " + independent.size() + ")",
                    independentQuality(), "reference", 0, 0, 0));
        }
        if (exact != null) {
            all.add(new Row("exact score", Sampling.CONSISTENT_ODE.label() + ", same starts", exactQuality(), "reference", 0, 0, 0));
        }
        all.addAll(rows);
        for (Row r : all) {
            loss.append(r.loss());
            sampler.append(r.sampler());
            if (r.steps() > 0) {
                steps.append(r.steps());
            } else {
                steps.appendMissing();
            }
            if (r.quality() == null) {
                energy.appendMissing();
                unbiased.appendMissing();
                mmd.appendMissing();
                sw2.appendMissing();
            } else {
                energy.append(r.quality().energy());
                unbiased.append(r.quality().energyUnbiased());
                mmd.append(r.quality().mmd());
                sw2.append(r.quality().sw2());
            }
            status.append(r.status());
        }
        return Table.create("sample quality against a fresh draw", loss, sampler, steps, energy, unbiased, mmd, sw2, status);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * The generated points, keyed "loss · sampler", for plots; where the study has the exact
     * score, its consistent-ODE points come last, keyed "exact score · consistent ODE −½s".
     */
    public Map<String, INDArray> samples() {
        Map<String, INDArray> all = new LinkedHashMap<>(samples);
        if (exact != null) {
            exactQuality();
            all.put("exact score · " + Sampling.CONSISTENT_ODE.label(), exactPoints);
        }
        return all;
    }

    /** Energy distance of the floor, a second fresh draw, to the fresh draw: sampling noise alone. */
    public double floorEnergy() {
        return SampleQuality.of(floor, fresh, settings.key().fold(7)).energy();
    }

    /**
     * The energy distance to the fresh draw of the two yardsticks every study has and of every run,
     * keyed {@value #FLOOR}, {@value #TRAINING}, then "loss · sampler" for the runs;
     * NaN where the sampler failed.
     */
    public Map<String, Double> energies() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(FLOOR, floorEnergy());
        out.put(TRAINING, trainingEnergy());
        for (Row r : rows) {
            out.put(r.loss() + " · " + r.sampler(), r.quality() == null ? Double.NaN : r.quality().energy());
        }
        return out;
    }

    /**
     * {@link #energies} of several studies side by side (one per dimension, say): for every key, one
     * value per study in the given order, NaN where a study lacks that run.
     */
    public static Map<String, double[]> energyCurves(List<QualityStudy> studies) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (int i = 0; i < studies.size(); i++) {
            for (Map.Entry<String, Double> e : studies.get(i).energies().entrySet()) {
                double[] curve = curves.computeIfAbsent(e.getKey(), k -> {
                    double[] c = new double[studies.size()];
                    java.util.Arrays.fill(c, Double.NaN);
                    return c;
                });
                curve[i] = e.getValue();
            }
        }
        return curves;
    }

    /** Energy distance of the training points to the fresh draw: the target to beat. */
    public double trainingEnergy() {
        return SampleQuality.of(train, fresh, settings.key().fold(7)).energy();
    }

    /** Mean energy distance of the sets of independent exact draws to the fresh draw, if the study has them. */
    public OptionalDouble independentEnergy() {
        return independent.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(independentQuality().energy());
    }

    /** Energy distance of the consistent ODE run with the exact score, if the study has it. */
    public OptionalDouble exactEnergy() {
        return exact == null ? OptionalDouble.empty() : OptionalDouble.of(exactQuality().energy());
    }

    private SampleQuality exactQuality() {
        if (exactQuality == null) {
            exactPoints = Sampling.CONSISTENT_ODE.sample(exact, train, settings.samples(), samplingKey()).points();
            exactQuality = SampleQuality.of(exactPoints, fresh, samplingKey());
        }
        return exactQuality;
    }

    /** Keys for the noise levels, the model's initialisation, the objective, and the samplers. */
    private Key[] keys() {
        return settings.key().split(4);
    }

    /** The samplers' key, the same for every model and for the exact score: the same starts for all. */
    private Key samplingKey() {
        return keys()[3];
    }

    private SampleQuality independentQuality() {
        if (independentQuality == null) {
            List<SampleQuality> each = new ArrayList<>();
            for (INDArray set : independent) {
                each.add(SampleQuality.of(set, fresh, settings.key().fold(7)));
            }
            independentQuality = SampleQuality.mean(each);
        }
        return independentQuality;
    }

    @Override
    public String toString() {
        if (settings.steps() == settings.jacobianSteps()) {
            return String.format(Locale.ROOT, "QualityStudy(%d runs, %d steps each)", rows.size(), settings.steps());
        }
        return String.format(Locale.ROOT, "QualityStudy(%d runs, %d steps with the denoising loss, %d with the others)",
                rows.size(), settings.steps(), settings.jacobianSteps());
    }
}
