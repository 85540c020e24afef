package scoremodels.cli;

import scoremodels.data.Grid;
import java.io.IOException;
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
import scoremodels.training.Recipe;
import scoremodels.training.Training;
import scoremodels.training.TrainingResult;

/**
 * {@code train}: the chapter's sections 6.1–6.5 from the command line, with the chapter's recipe
 * ({@code --recipe chapter}, the default) or the one notebook 06 ends with ({@code --recipe
 * working}, see {@link Recipe}). Writes model.npz (with its config.json member), loss_history.csv
 * and data.csv into the output folder.
 */
final class TrainCommand {
    private TrainCommand() {
    }

    static int run(String[] argv) throws IOException {
        Args a = new Args(argv, 1, "recipe", "data", "n", "steps", "lr", "data-seed", "noise-seed", "model-seed",
                "activation", "width", "depth", "l2", "out", "quiet");
        Recipe recipe = Recipe.parse(a.choice("recipe", "chapter", "chapter", "working"));
        if (recipe == Recipe.WORKING) {
            // The working recipe is trained exactly as notebook 06 trains it.
            for (String fixed : new String[] {"lr", "activation", "l2"}) {
                if (a.has(fixed)) {
                    throw new Args.UsageException("--" + fixed + " applies to --recipe chapter only; --recipe working "
                            + "uses " + recipe.description());
                }
            }
        }
        String data = a.choice("data", "gaussians", "moons", "circles", "gaussians");
        int n = a.integer("n", recipe.defaultPoints(), 2);
        int steps = a.integer("steps", recipe.defaultSteps(), 1);
        double lr = a.positive("lr", Recipe.CHAPTER_LEARNING_RATE);
        Activation act = Activation.parse(a.choice("activation", recipe.activation().id(), Main.activationIds()));
        int width = a.integer("width", 256, 1);
        int depth = a.integer("depth", 2, 0);
        double l2 = a.nonNegative("l2", Recipe.CHAPTER_L2_WEIGHT);
        boolean quiet = a.bool("quiet", false);
        // Checked (and created) before training, so an unwritable folder fails now, not after the steps.
        Path out = a.writableFolder("out", "out");

        Dataset dataset = Datasets.load(data, n, Key.of(a.integer("data-seed", defaultDataSeed(recipe, data), 0)));
        double[] ts = Grid.linspace(0.001, 10, 9);
        int modelSeed = a.integer("model-seed", 45, 0);
        TrainingResult result;
        SdeScoreModel model;
        if (recipe == Recipe.CHAPTER) {
            INDArray noisedDatas = Noise.noiseLevels(Key.of(a.integer("noise-seed", 99, 0)), dataset.X(), ts);
            model = new SdeScoreModel(2, width, depth, act, Key.of(modelSeed));
            result = Training.fit(model, noisedDatas, ts, steps, new Adam(lr), l2, !quiet);
        } else {
            model = recipe.model(2, width, depth, Key.of(modelSeed));
            result = recipe.fit(model, dataset.X(), null, ts, steps, Key.of(a.integer("noise-seed", WORKING_NOISE_SEED, 0)),
                    !quiet);
        }

        ModelFiles.save(model, out.resolve("model.npz"));
        result.table().write().csv(out.resolve("loss_history.csv").toFile());
        dataset.saveCsv(out.resolve("data.csv"));
        System.out.printf(Locale.ROOT, "trained %s with the %s recipe on %s (n=%d) for %d steps in %.1f s: loss %.4f -> %.4f%n",
                model, recipe.id(), data, n, steps, result.seconds(), result.lossHistory()[0], result.finalLoss());
        System.out.println("wrote " + out.resolve("model.npz") + ", " + out.resolve("loss_history.csv") + ", "
                + out.resolve("data.csv"));
        return 0;
    }

    /** The key of the working recipe's fresh noise, notebook 06's {@code TRAIN_SEED}. */
    static final int WORKING_NOISE_SEED = 7;

    /**
     * The chapter's seeds for its recipe (key 55 for the Gaussians, random_state 99 for moons and
     * circles); the working recipe's own key for its {@value Recipe#WORKING_POINTS} points.
     */
    static int defaultDataSeed(Recipe recipe, String data) {
        if (recipe == Recipe.WORKING) {
            return (int) Recipe.WORKING_DATA_SEED;
        }
        return data.equalsIgnoreCase("gaussians") ? 55 : 99;
    }
}
