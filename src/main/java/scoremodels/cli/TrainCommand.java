package scoremodels.cli;

import scoremodels.data.Grid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.data.Dataset;
import scoremodels.data.Datasets;
import scoremodels.io.ModelFiles;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.noise.Noise;
import scoremodels.random.Key;
import scoremodels.training.Adam;
import scoremodels.training.Training;
import scoremodels.training.TrainingResult;

/**
 * {@code train}: the chapter's sections 6.1–6.5 from the command line. Writes model.npz,
 * loss_history.csv and data.csv (and noised.csv, the training levels) into the output folder.
 */
final class TrainCommand {
    private TrainCommand() {
    }

    static int run(String[] argv) throws IOException {
        Args a = new Args(argv, 1, "data", "n", "steps", "lr", "data-seed", "noise-seed", "model-seed",
                "activation", "width", "depth", "l2", "out", "quiet");
        String data = a.string("data", "gaussians");
        int n = a.integer("n", 100, 2);
        int steps = a.integer("steps", 20_000, 1);
        double lr = a.positive("lr", 5e-2);
        Activation act = Activation.parse(a.string("activation", "relu"));
        int width = a.integer("width", 256, 1);
        int depth = a.integer("depth", 2, 0);
        double l2 = Double.parseDouble(a.string("l2", "0.01"));
        Path out = Path.of(a.string("out", "out"));
        boolean quiet = Boolean.parseBoolean(a.string("quiet", "false"));

        Dataset dataset = Datasets.load(data, n, Key.of(a.integer("data-seed", defaultDataSeed(data), 0)));
        double[] ts = Grid.linspace(0.001, 10, 9);
        INDArray noisedDatas = Noise.noiseLevels(Key.of(a.integer("noise-seed", 99, 0)), dataset.X(), ts);
        SdeScoreModel model = new SdeScoreModel(2, width, depth, act, Key.of(a.integer("model-seed", 45, 0)));
        TrainingResult result = Training.fit(model, noisedDatas, ts, steps, new Adam(lr), l2, !quiet);

        Files.createDirectories(out);
        ModelFiles.save(model, out.resolve("model.npz"));
        result.table().write().csv(out.resolve("loss_history.csv").toFile());
        dataset.saveCsv(out.resolve("data.csv"));
        System.out.printf(Locale.ROOT, "trained %s on %s (n=%d) for %d steps in %.1f s: loss %.4f -> %.4f%n",
                model, data, n, steps, result.seconds(), result.lossHistory()[0], result.finalLoss());
        System.out.println("wrote " + out.resolve("model.npz") + ", " + out.resolve("loss_history.csv") + ", "
                + out.resolve("data.csv"));
        return 0;
    }

    /** The chapter's seeds: key 55 for the Gaussians, random_state 99 for moons and circles. */
    static int defaultDataSeed(String data) {
        return data.equalsIgnoreCase("gaussians") ? 55 : 99;
    }
}
