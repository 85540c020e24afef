package scoremodels.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.display.Markdown;
import scoremodels.metrics.EnergyDistance;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Named point sets, each measured against one reference set (a fresh draw of the data) with
 * the empirical {@link EnergyDistance}: generated points beside yardsticks such as independent
 * draws of the data's distribution (the floor) and the training points.
 *
 * <p>A yardstick may be the mean over several sets ({@link #withMean}): the distance of one set of
 * independent draws to the reference varies severalfold from key to key (4 to 11 times between
 * eight keys at 1,000 points), too much for a floor to be read from a single one.
 */
public final class EnergyComparison {
    private final INDArray reference;
    private final Map<String, Double> energy = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();

    private EnergyComparison(INDArray reference) {
        this.reference = reference;
    }

    /**
     * @param sets      name → points [n, D], n ≥ 2, in the order the table lists them
     * @param reference the reference points [m, D], m ≥ 2
     */
    public static EnergyComparison of(Map<String, INDArray> sets, INDArray reference) {
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("sets must hold at least one point set");
        }
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        EnergyComparison c = new EnergyComparison(reference);
        for (Map.Entry<String, INDArray> e : sets.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("set '" + e.getKey() + "' must not be null");
            }
            c.energy.put(e.getKey(), EnergyDistance.of(e.getValue(), reference));
            c.sizes.put(e.getKey(), (int) e.getValue().rows());
        }
        return c;
    }

    /**
     * Adds one row, called {@code name}, whose energy distance is the mean of each set's distance
     * to the reference; its count is the size of one set. Returns this comparison.
     *
     * @param draws at least one set, all of the same size n ≥ 2
     */
    public EnergyComparison withMean(String name, List<INDArray> draws) {
        if (name == null || energy.containsKey(name)) {
            throw new IllegalArgumentException("name must be new and not null, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (draws == null || draws.isEmpty()) {
            throw new IllegalArgumentException("draws must hold at least one point set");
        }
        long n = draws.get(0) == null ? -1 : draws.get(0).rows();
        double sum = 0;
        for (int i = 0; i < draws.size(); i++) {
            INDArray d = draws.get(i);
            if (d == null || d.rows() != n) {
                throw new IllegalArgumentException("draws must all hold " + n + " points; set " + i + " holds "
                        + (d == null ? "null" : d.rows()));
            }
            sum += EnergyDistance.of(d, reference);
        }
        energy.put(name, sum / draws.size());
        sizes.put(name, (int) n);
        return this;
    }

    /** The energy distance of the set called {@code name} to the reference. */
    public double energy(String name) {
        Double v = energy.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no set called '" + name + "'; sets: " + energy.keySet());
        }
        return v;
    }

    /** One row per set: its name, its number of points, its energy distance to the reference. */
    public Table table() {
        List<String> names = new ArrayList<>(energy.keySet());
        DoubleColumn e = DoubleColumn.create("energy distance", names.stream().mapToDouble(energy::get).toArray());
        e.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("energy distance to a fresh draw", StringColumn.create("points", names),
                IntColumn.create("count", names.stream().mapToInt(sizes::get).toArray()), e);
    }

    /**
     * Sentences computed from the numbers: the set {@code name}'s energy distance as a multiple of
     * the set {@code floor}'s, then every other set's, each said to be nearer or further than
     * {@code name}.
     */
    public Markdown summary(String name, String floor) {
        double e = energy(name);
        double f = energy(floor);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s: energy distance **%.4f** to the fresh draw, %.1f× the floor (%s: %.4f).",
                capitalised(name), e, e / f, floor, f));
        for (String other : energy.keySet()) {
            if (other.equals(name) || other.equals(floor)) {
                continue;
            }
            double o = energy.get(other);
            b.append(String.format(Locale.ROOT, " %s: %.4f (%.1f× the floor), %s.", capitalised(other), o, o / f,
                    o > e ? "further than the " + name : o < e ? "nearer than the " + name : "the same as the " + name));
        }
        return new Markdown(b.toString());
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
