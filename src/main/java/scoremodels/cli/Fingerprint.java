package scoremodels.cli;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.data.Datasets;
import scoremodels.data.Grid;
import scoremodels.evaluation.TrainingLoss;
import scoremodels.evaluation.Sampling;
import scoremodels.engine.Blas;
import scoremodels.engine.Gemm;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.metrics.SampleQuality;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.noise.Noise;
import scoremodels.random.Key;
import scoremodels.training.Adam;
import scoremodels.training.Schedule;
import scoremodels.training.Training;
import scoremodels.training.TrainingResult;

/**
 * Checksums of what the notebooks compute, to compare machines: for each trained configuration
 * (the chapter's ReLU Hyvärinen step, Hyvärinen with softplus, denoising and sliced score
 * matching with softplus as notebooks 07 and 08 train them) the loss history and the final
 * parameters after {@code steps} steps; for the denoising model the points of the three samplers
 * and their sample-quality figures. Every figure is hashed from its raw bits (SHA-256, first 16
 * hex digits), so two machines print the same lines exactly when they computed the same bits.
 * The last line, {@code all=}, hashes all the others.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** The configurations, in the order they are printed. */
    public static final List<String> CONFIGURATIONS = List.of("hyvarinen-relu", "hyvarinen-softplus",
            "denoising-softplus", "sliced-softplus");

    static int run(int steps, int samples) {
        Map<String, String> lines = compute(steps, samples);
        for (Map.Entry<String, String> e : lines.entrySet()) {
            System.out.println(e.getKey() + " " + e.getValue());
        }
        return 0;
    }

    /**
     * Name → checksums, for {@code steps} training steps per configuration and {@code samples}
     * points per sampler; the last entry, {@code all}, hashes the others.
     */
    public static Map<String, String> compute(int steps, int samples) {
        if (steps < 1 || samples < 2) {
            throw new IllegalArgumentException("steps must be >= 1 and samples >= 2, got " + steps + ", " + samples);
        }
        // The chapter's data: two Gaussians (key 55) noised at 9 levels (key 99).
        double[] ts = Grid.linspace(0.001, 10, 9);
        INDArray x = Datasets.load("gaussians", Datasets.N_DATAPOINTS, Key.of(55)).X();
        INDArray noised = Noise.noiseLevels(Key.of(99), x, ts);
        Map<String, String> out = new LinkedHashMap<>();
        SdeScoreModel denoised = null;
        for (String name : CONFIGURATIONS) {
            SdeScoreModel model;
            Objective objective;
            Adam adam;
            if (name.equals("hyvarinen-relu")) {
                // Notebook 06's chapter step: ReLU, Adam 5e-2, 0.01 · l2Norm.
                model = new SdeScoreModel(2, 256, 2, Activation.RELU, Key.of(45));
                objective = ScoreMatching.joint(noised, ts, 0.01 * Losses.L2_SCALE);
                adam = new Adam(5e-2);
            } else {
                // Notebook 07's study: softplus, cosine-decayed Adam from 1e-3 (denoising 4e-3).
                TrainingLoss o = TrainingLoss.valueOf(name.substring(0, name.indexOf('-')).toUpperCase(Locale.ROOT));
                model = new SdeScoreModel(2, 256, 2, Activation.SOFTPLUS, Key.of(45));
                objective = o.of(x, noised, ts, Key.of(2));
                adam = new Adam(Schedule.cosineDecay(o == TrainingLoss.DENOISING ? 4e-3 : 1e-3, steps));
            }
            TrainingResult fit = Training.fit(model, objective, steps, adam, false);
            double[] history = fit.lossHistory();
            out.put(name, String.format(Locale.ROOT, "loss_history=%s params=%s last_loss=%.9g", hash(history),
                    hash(params(model)), history[history.length - 1]));
            if (name.equals("denoising-softplus")) {
                denoised = model;
            }
        }
        INDArray fresh = Datasets.load("gaussians", samples, Key.of(2024)).X();
        for (Sampling s : Sampling.values()) {
            Sampling.Result r = s.sample(denoised, x, samples, Key.of(3));
            SampleQuality q = SampleQuality.of(r.points(), fresh, Key.of(4));
            out.put("sample-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-'), String.format(Locale.ROOT,
                    "points=%s metrics=%s energy=%.9g", hash(r.points().castTo(DataType.DOUBLE).dup('c').data().asDouble()),
                    hash(new double[] {q.energy(), q.energyUnbiased(), q.mmd2(), q.mmd(), q.bandwidth(), q.sw2()}),
                    q.energy()));
        }
        StringBuilder all = new StringBuilder();
        out.forEach((k, v) -> all.append(k).append(' ').append(v).append('\n'));
        out.put("all", hash(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    /** Every parameter in Equinox order, widened to double (exact). */
    private static double[] params(SdeScoreModel model) {
        List<Double> values = new ArrayList<>();
        for (INDArray p : model.params().arrays()) {
            for (double v : p.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
                values.add(v);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String hash(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            b.putLong(Double.doubleToRawLongBits(v));
        }
        return hash(b.array());
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** What the products run on, for the record. */
    static String products() {
        return Blas.machineDependent() ? "openblas (machine-dependent)" : Gemm.path() + (Gemm.vectorBits() > 0 ? " " + Gemm.vectorBits() + "-bit" : "")
                + " (the same bits on every x86-64 CPU)";
    }
}
