package scoremodels.metrics;

import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables of sample-quality figures, for notebooks. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * One row per entry, in the map's iteration order (pass a {@code LinkedHashMap} to keep
     * yours), with columns {@code name, energy, energy (unbiased), mmd, sw2}.
     */
    public static Table table(Map<String, SampleQuality> rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        StringColumn name = StringColumn.create("name");
        DoubleColumn energy = DoubleColumn.create("energy");
        DoubleColumn unbiased = DoubleColumn.create("energy (unbiased)");
        DoubleColumn mmd = DoubleColumn.create("mmd");
        DoubleColumn sw2 = DoubleColumn.create("sw2");
        for (Map.Entry<String, SampleQuality> e : rows.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("rows must hold no null names or values, got "
                        + e.getKey() + " -> " + e.getValue());
            }
            name.append(e.getKey());
            energy.append(e.getValue().energy());
            unbiased.append(e.getValue().energyUnbiased());
            mmd.append(e.getValue().mmd());
            sw2.append(e.getValue().sw2());
        }
        return Table.create("sample quality", name, energy, unbiased, mmd, sw2);
    }
}
