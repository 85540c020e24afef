package scoremodels.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A small immutable labelled point set: the chapter's {@code X} (N rows of D coordinates) and
 * {@code y} (one integer label per row). Every accessor returns a fresh copy, so a caller can
 * never change the data another cell is looking at.
 */
public final class Dataset {
    private final String name;
    private final double[][] points;
    private final int[] labels;

    /**
     * @param name   a short name for titles and files (moons, circles, gaussians, ...)
     * @param points N rows of D finite coordinates, N ≥ 1, D ≥ 1
     * @param labels one label per row
     */
    public Dataset(String name, double[][] points, int[] labels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        this.name = name;
        this.points = checkPoints(points);
        if (labels == null || labels.length != points.length) {
            throw new IllegalArgumentException("labels must hold one label per point (" + points.length
                    + "), got " + (labels == null ? "null" : labels.length));
        }
        this.labels = labels.clone();
    }

    /** A dataset from an [N, D] array (any floating type; stored as double). */
    public static Dataset of(String name, INDArray x, int[] labels) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("x must have shape [N, D], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException("x must not be empty, got shape " + Arrays.toString(x.shape()));
        }
        return new Dataset(name, x.castTo(DataType.DOUBLE).toDoubleMatrix(), labels);
    }

    private static double[][] checkPoints(double[][] points) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("points must not be empty, got "
                    + (points == null ? "null" : "0 rows"));
        }
        int d = points[0] == null ? 0 : points[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("points[0] must have at least one coordinate");
        }
        double[][] copy = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != d) {
                throw new IllegalArgumentException("points[" + i + "] must have " + d + " coordinates, got "
                        + (points[i] == null ? "null" : points[i].length));
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(points[i][j])) {
                    throw new IllegalArgumentException("points[" + i + "][" + j + "] must be finite, got " + points[i][j]);
                }
            }
            copy[i] = points[i].clone();
        }
        return copy;
    }

    public String name() {
        return name;
    }

    /** Number of points N. */
    public int size() {
        return points.length;
    }

    /** Number of coordinates D per point. */
    public int dims() {
        return points[0].length;
    }

    /** The chapter's {@code X}: a fresh [N, D] DOUBLE array. */
    public INDArray X() {
        return Nd4j.createFromArray(toArray());
    }

    /** The chapter's {@code y}: one label per point (0/1 for the two moons, circles or clusters). */
    public int[] labels() {
        return labels.clone();
    }

    /** The points as a fresh N×D Java array. */
    public double[][] toArray() {
        double[][] copy = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            copy[i] = points[i].clone();
        }
        return copy;
    }

    /** The same points multiplied by {@code factor} (the chapter's {@code X * 10}). */
    public Dataset scaled(double factor) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("factor must be finite, got " + factor);
        }
        double[][] p = toArray();
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
        return new Dataset(name, p, labels);
    }

    /** A Tablesaw view with columns x1 … xD and label, for summaries and plots. */
    public Table table() {
        Table t = Table.create(name);
        for (int j = 0; j < dims(); j++) {
            double[] col = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                col[i] = points[i][j];
            }
            t.addColumns(DoubleColumn.create("x" + (j + 1), col));
        }
        t.addColumns(IntColumn.create("label", labels.clone()));
        return t;
    }

    /**
     * Writes the points as CSV with header {@code x1,…,xD,label}; numbers are written so that
     * {@link #readCsv} gets back exactly the same doubles.
     */
    public void saveCsv(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            w.write(header(dims()));
            w.write('\n');
            for (int i = 0; i < points.length; i++) {
                StringBuilder line = new StringBuilder();
                for (double v : points[i]) {
                    line.append(v).append(',');
                }
                line.append(labels[i]).append('\n');
                w.write(line.toString());
            }
        }
    }

    /**
     * Reads a CSV written by {@link #saveCsv}. The dataset is named after the file (without
     * extension). A missing file, a wrong header, a short row or a bad number is an IOException
     * naming the file and the line.
     */
    public static Dataset readCsv(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int dims;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null) {
                throw new IOException(path + ": empty file, expected a header x1,...,label");
            }
            String[] cols = head.trim().split(",", -1);
            dims = cols.length - 1;
            if (dims < 1 || !head.trim().equals(header(dims))) {
                throw new IOException(path + ": line 1: expected header like 'x1,x2,label', got '" + head + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(",", -1);
                if (f.length != dims + 1) {
                    throw new IOException(path + ": line " + lineNo + ": expected " + (dims + 1)
                            + " fields, got " + f.length + " in '" + line + "'");
                }
                double[] row = new double[dims];
                try {
                    for (int j = 0; j < dims; j++) {
                        row[j] = Double.parseDouble(f[j]);
                        if (!Double.isFinite(row[j])) {
                            throw new IOException(path + ": line " + lineNo + ": x" + (j + 1)
                                    + " is not finite: '" + f[j] + "'");
                        }
                    }
                    labels.add(Integer.parseInt(f[dims].trim()));
                } catch (NumberFormatException e) {
                    throw new IOException(path + ": line " + lineNo + ": not a number in '" + line + "'", e);
                }
                rows.add(row);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(path + ": not UTF-8 text", e);
        }
        if (rows.isEmpty()) {
            throw new IOException(path + ": no data rows after the header");
        }
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) : file;
        return new Dataset(name, rows.toArray(new double[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String header(int dims) {
        StringBuilder b = new StringBuilder();
        for (int j = 1; j <= dims; j++) {
            b.append('x').append(j).append(',');
        }
        return b.append("label").toString();
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " points × " + dims() + " dims)";
    }
}
