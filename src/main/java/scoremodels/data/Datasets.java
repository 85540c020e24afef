package scoremodels.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.Checks;
import scoremodels.random.Key;

/**
 * The chapter's toy data (section 6.1): scikit-learn's two moons and two circles, and a pair of
 * Gaussian clusters.
 *
 * <p>The moons and circles are built point for point as scikit-learn builds them, so at noise 0
 * and without shuffling they equal {@code make_moons}/{@code make_circles} to rounding. The
 * randomness (shuffle, then noise) comes from a {@link Key} instead of {@code random_state}:
 * the same key gives the same points, but not the same numbers as scikit-learn's generator.
 */
public final class Datasets {
    /** The chapter's {@code N_DATAPOINTS}. */
    public static final int N_DATAPOINTS = 100;

    /**
     * The chapter code's {@code DATA} default. (The prose says the notebook runs on moons; the
     * code it shows is set to gaussians. All three are offered by {@link #load}.)
     */
    public static final String DEFAULT_DATA = "gaussians";

    private Datasets() {
    }

    /**
     * The chapter's data by its {@code DATA} flag, with its settings and seeds: 100 points;
     * moons and circles from {@code Key.of(99)} (standing in for {@code random_state=99}),
     * gaussians from {@code Key.of(55)} (the chapter's {@code PRNGKey(55)}).
     */
    public static Dataset load(String name) {
        String n = normalise(name);
        return load(n, N_DATAPOINTS, Key.of(n.equals("gaussians") ? 55 : 99));
    }

    /**
     * One entry point for the chapter's {@code DATA} flag:
     * <ul>
     *   <li>{@code "moons"}: {@code make_moons(n, noise=0.1) * 10};</li>
     *   <li>{@code "circles"}: {@code make_circles(n, noise=0.01, factor=0.2) * 10};</li>
     *   <li>{@code "gaussians"}: {@link #twoGaussians}, unscaled.</li>
     * </ul>
     * The chapter passes {@code random_state=99} to scikit-learn; here {@code key} (the chapter
     * uses {@code Key.of(99)}) drives the shuffle and the noise instead.
     */
    public static Dataset load(String name, int n, Key key) {
        switch (normalise(name)) {
            case "moons":
                return makeMoons(n, 0.1, key).scaled(10.0);
            case "circles":
                return makeCircles(n, 0.01, 0.2, key).scaled(10.0);
            default:
                return twoGaussians(n, key);
        }
    }

    /**
     * Independent draws from the distribution that {@link #load(String, int, Key)} samples: each
     * point picks its half with probability ½, then (moons, circles) a uniform angle along that
     * half's curve and the same noise, or (gaussians) a point of that cluster.
     *
     * <p>{@code load} is not a set of independent draws: scikit-learn spaces the angles evenly and
     * the halves are exactly n/2 each. Such a set is spread more evenly than independent draws
     * ever are, so against a fresh draw it scores better than even a perfect sampler of the
     * distribution would. This set is the yardstick for that perfect sampler.
     */
    public static Dataset independent(String name, int n, Key key) {
        String which = normalise(name);
        checkCommon(n, 0.0, key);
        Key[] k = key.split(3);
        double[] half = k[0].uniform(n);
        double[] angle = k[1].uniform(n);
        double[] z = k[2].normal(2 * n);
        double[][] p = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = half[i] < 0.5 ? 0 : 1;
            double z1 = z[2 * i];
            double z2 = z[2 * i + 1];
            if (which.equals("moons")) {
                double th = Math.PI * angle[i];
                double x1 = y[i] == 0 ? Math.cos(th) : 1 - Math.cos(th);
                double x2 = y[i] == 0 ? Math.sin(th) : 1 - Math.sin(th) - 0.5;
                p[i] = new double[] {10 * (x1 + 0.1 * z1), 10 * (x2 + 0.1 * z2)};
            } else if (which.equals("circles")) {
                double th = 2 * Math.PI * angle[i];
                double r = y[i] == 0 ? 1.0 : 0.2;
                p[i] = new double[] {10 * (r * Math.cos(th) + 0.01 * z1), 10 * (r * Math.sin(th) + 0.01 * z2)};
            } else {
                double c = y[i] == 0 ? 0 : 10;
                p[i] = new double[] {c + z1, c + z2};
            }
        }
        return new Dataset(which, p, y);
    }

    /**
     * {@code sets} sets of {@code n} {@link #independent} draws each, set k from
     * {@code key.split(sets)[k]}: for yardsticks averaged over draws.
     */
    public static List<INDArray> independentSets(String name, int n, int sets, Key key) {
        if (sets < 1) {
            throw new IllegalArgumentException("sets must be >= 1, got " + sets);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        List<INDArray> out = new ArrayList<>();
        for (Key k : key.split(sets)) {
            out.add(independent(name, n, k).X());
        }
        return out;
    }

    /** The dataset name lower-cased and checked: moons, circles or gaussians, else an exception naming it. */
    static String normalise(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must be moons, circles or gaussians, got null");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("moons") && !n.equals("circles") && !n.equals("gaussians")) {
            throw new IllegalArgumentException("name must be moons, circles or gaussians, got '" + name + "'");
        }
        return n;
    }

    /** Two interleaving half circles, shuffled with {@code key}; see {@link #makeMoons(int, double, boolean, Key)}. */
    public static Dataset makeMoons(int n, double noise, Key key) {
        return makeMoons(n, noise, true, key);
    }

    /**
     * scikit-learn's {@code make_moons}: {@code n / 2} points on the upper half circle
     * (cos θ, sin θ), θ over {@code linspace(0, π)}, labelled 0, and the rest on the lower one
     * (1 − cos θ, 1 − sin θ − 0.5), labelled 1; then shuffled (if asked) and given Gaussian
     * noise of standard deviation {@code noise}, both drawn from {@code key}.
     */
    public static Dataset makeMoons(int n, double noise, boolean shuffle, Key key) {
        checkCommon(n, noise, key);
        int nOut = n / 2;
        int nIn = n - nOut;
        double[][] p = new double[n][];
        int[] y = new int[n];
        double[] tOut = Grid.linspace(0, Math.PI, nOut);
        double[] tIn = Grid.linspace(0, Math.PI, nIn);
        for (int i = 0; i < nOut; i++) {
            p[i] = new double[] {Math.cos(tOut[i]), Math.sin(tOut[i])};
        }
        for (int i = 0; i < nIn; i++) {
            p[nOut + i] = new double[] {1 - Math.cos(tIn[i]), 1 - Math.sin(tIn[i]) - 0.5};
            y[nOut + i] = 1;
        }
        return finish("moons", p, y, noise, shuffle, key);
    }

    /** A large circle around a small one, shuffled with {@code key}; see {@link #makeCircles(int, double, double, boolean, Key)}. */
    public static Dataset makeCircles(int n, double noise, double factor, Key key) {
        return makeCircles(n, noise, factor, true, key);
    }

    /**
     * scikit-learn's {@code make_circles}: {@code n / 2} points on the unit circle, labelled 0,
     * and the rest on a circle of radius {@code factor}, labelled 1, each at angles
     * {@code linspace(0, 2π, m, endpoint=False)} so that no point repeats; then shuffled (if
     * asked) and given Gaussian noise of standard deviation {@code noise} from {@code key}.
     */
    public static Dataset makeCircles(int n, double noise, double factor, boolean shuffle, Key key) {
        checkCommon(n, noise, key);
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in [0, 1), got " + factor);
        }
        int nOut = n / 2;
        int nIn = n - nOut;
        double[][] p = new double[n][];
        int[] y = new int[n];
        double[] tOut = Grid.linspace(0, 2 * Math.PI, nOut, false);
        double[] tIn = Grid.linspace(0, 2 * Math.PI, nIn, false);
        for (int i = 0; i < nOut; i++) {
            p[i] = new double[] {Math.cos(tOut[i]), Math.sin(tOut[i])};
        }
        for (int i = 0; i < nIn; i++) {
            p[nOut + i] = new double[] {Math.cos(tIn[i]) * factor, Math.sin(tIn[i]) * factor};
            y[nOut + i] = 1;
        }
        return finish("circles", p, y, noise, shuffle, key);
    }

    /**
     * The chapter's Gaussian pair: {@code n / 2} points from N((0, 0), I), labelled 0, then
     * {@code n − n / 2} from N((10, 10), I), labelled 1, each cluster from one half of
     * {@code key.split(2)} (the chapter splits {@code PRNGKey(55)}).
     */
    public static Dataset twoGaussians(int n, Key key) {
        checkCommon(n, 0.0, key);
        Key[] k = key.split(2);
        int n1 = n / 2;
        int n2 = n - n1;
        double[][] p = new double[n][];
        int[] y = new int[n];
        double[] z1 = k[0].normal(2 * n1);
        double[] z2 = k[1].normal(2 * n2);
        for (int i = 0; i < n1; i++) {
            p[i] = new double[] {z1[2 * i], z1[2 * i + 1]};
        }
        for (int i = 0; i < n2; i++) {
            p[n1 + i] = new double[] {10 + z2[2 * i], 10 + z2[2 * i + 1]};
            y[n1 + i] = 1;
        }
        return new Dataset("gaussians", p, y);
    }

    static void checkCommon(int n, double noise, Key key) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        Checks.arrayLength("2·n (two coordinates per point)", 2, n);
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
    }

    // As scikit-learn does: shuffle rows and labels together, then add the noise.
    private static Dataset finish(String name, double[][] p, int[] y, double noise, boolean shuffle, Key key) {
        int n = p.length;
        Key[] k = key.split(2);
        double[][] q = p;
        int[] labels = y;
        if (shuffle) {
            int[] perm = k[0].permutation(n);
            q = new double[n][];
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                q[i] = p[perm[i]];
                labels[i] = y[perm[i]];
            }
        }
        if (noise > 0) {
            double[] z = k[1].normal(2 * n);
            for (int i = 0; i < n; i++) {
                q[i] = new double[] {q[i][0] + noise * z[2 * i], q[i][1] + noise * z[2 * i + 1]};
            }
        }
        return new Dataset(name, q, labels);
    }
}
