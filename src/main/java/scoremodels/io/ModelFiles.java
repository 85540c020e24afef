package scoremodels.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * Saving and loading models as NumPy {@code .npz} files.
 *
 * <p>A model file holds one {@code .npy} array per parameter under its Equinox name
 * ({@code layers.0.weight.npy} [out, in], {@code layers.0.bias.npy} [out], …), so
 * {@code np.load("model.npz")["layers.0.weight"]} reads it in Python, plus a
 * {@code config.json} member with the hyperparameters (np.load lists it and returns its raw
 * bytes; it does not get in the way). Files without {@code config.json} — written by other
 * tools — load with {@link #load(Path, Activation)}, which infers sizes from the shapes.
 */
public final class ModelFiles {
    static final String CONFIG = "config.json";
    private static final Pattern LAYER = Pattern.compile("layers\\.(\\d+)\\.(weight|bias)");
    private static final Pattern JSON_FIELD =
            Pattern.compile("\"(\\w+)\"\\s*:\\s*(?:\"([^\"\\\\]*)\"|(-?\\d+))\\s*(,|$)");

    private ModelFiles() {
    }

    /** Writes the model's parameters and hyperparameters to {@code path}, replacing it atomically. */
    public static void save(SdeScoreModel model, Path path) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        checkPath(path);
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : model.params().asMap().entrySet()) {
            INDArray a = e.getValue();
            if (a.isNaN().any() || a.isInfinite().any()) {
                throw new IllegalArgumentException("model: parameter " + e.getKey() + " holds NaN or infinite values");
            }
            members.put(e.getKey() + ".npy", Npy.write(a));
        }
        String config = "{\"format\": \"scoremodels.SdeScoreModel\", \"dataDims\": " + model.dataDims()
                + ", \"widthSize\": " + model.widthSize() + ", \"depth\": " + model.depth()
                + ", \"activation\": \"" + model.activation().name().toLowerCase(java.util.Locale.ROOT) + "\"}";
        members.put(CONFIG, config.getBytes(StandardCharsets.UTF_8));
        Npz.write(members, path);
    }

    /** Loads a model written by {@link #save}; the file must hold {@code config.json}. */
    public static SdeScoreModel load(Path path) throws IOException {
        return load(path, null);
    }

    /**
     * Loads a model, inferring dataDims, widthSize and depth from the layer shapes. With a
     * {@code config.json} in the file, {@code activation} may be null (the file's is used) or
     * must agree with it; without one it is required. A depth-0 model without config has no
     * hidden width; it gets the chapter's 256, which no computation uses.
     */
    public static SdeScoreModel load(Path path, Activation activation) throws IOException {
        checkPath(path);
        Map<String, byte[]> members = Npz.read(path);
        SdeScoreModel model;
        try {
            model = fromMembers(members, activation, path);
        } catch (RuntimeException e) {
            // A last guard: whatever slips past the checks below still names the file.
            throw new IOException(path + ": cannot be read as a model: " + Npz.printable(e.toString()), e);
        }
        if (activation != null && activation != model.activation()) {
            throw new IllegalArgumentException("activation: " + activation + " given, but " + path
                    + " was saved with " + model.activation());
        }
        return model;
    }

    private static SdeScoreModel fromMembers(Map<String, byte[]> members, Activation activation, Path path)
            throws IOException {
        Map<Integer, INDArray> weights = new LinkedHashMap<>();
        Map<Integer, INDArray> biases = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            String entry = e.getKey();
            if (entry.equals(CONFIG)) {
                continue;
            }
            String where = path + ": entry " + Npz.printable(entry);
            Matcher m = entry.endsWith(".npy") ? LAYER.matcher(entry.substring(0, entry.length() - 4)) : null;
            if (m == null || !m.matches()) {
                throw new IOException(where + ": not a model member (expected layers.<l>.weight.npy, layers.<l>.bias.npy, config.json)");
            }
            int layer;
            try {
                layer = Integer.parseInt(m.group(1));
            } catch (NumberFormatException ex) {
                throw new IOException(where + ": layer index " + m.group(1) + " is too large", ex);
            }
            INDArray a = Npy.read(e.getValue(), where);
            (m.group(2).equals("weight") ? weights : biases).put(layer, a);
        }
        int layers = weights.size();
        if (layers == 0) {
            throw new IOException(path + ": entry layers.0.weight.npy: missing, the file holds no model layers");
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        DataType type = null;
        long prevOut = -1;
        for (int l = 0; l < layers; l++) {
            String wName = "layers." + l + ".weight";
            String bName = "layers." + l + ".bias";
            INDArray w = weights.get(l);
            INDArray b = biases.get(l);
            if (w == null || b == null) {
                throw new IOException(path + ": entry " + (w == null ? wName : bName) + ".npy: missing (the file has "
                        + layers + " weight arrays)");
            }
            if (w.rank() != 2 || b.rank() != 1 || b.length() != w.rows()) {
                throw new IOException(path + ": entry " + bName + ".npy: shapes do not fit, weight "
                        + Arrays.toString(w.shape()) + " and bias " + Arrays.toString(b.shape()));
            }
            if (prevOut >= 0 && w.columns() != prevOut) {
                throw new IOException(path + ": entry " + wName + ".npy: shape " + Arrays.toString(w.shape())
                        + " does not take the previous layer's " + prevOut + " outputs");
            }
            if (type == null) {
                type = w.dataType();
            }
            if (w.dataType() != type || b.dataType() != type) {
                throw new IOException(path + ": entry " + wName + ".npy: dtype " + w.dataType() + "/" + b.dataType()
                        + " differs from layers.0's " + type);
            }
            if (w.isNaN().any() || w.isInfinite().any() || b.isNaN().any() || b.isInfinite().any()) {
                throw new IOException(path + ": entry " + wName + ".npy or " + bName + ".npy: holds NaN or infinite values");
            }
            prevOut = w.rows();
            params.put(wName, w);
            params.put(bName, b);
        }
        for (int l : biases.keySet()) {
            if (!weights.containsKey(l)) {
                throw new IOException(path + ": entry layers." + l + ".bias.npy: a bias without a weight");
            }
        }
        int depth = layers - 1;
        int dataDims = (int) prevOut;
        INDArray first = weights.get(0);
        if (first.columns() != dataDims + 1) {
            throw new IOException(path + ": entry layers.0.weight.npy: shape " + Arrays.toString(first.shape())
                    + " should take dataDims + 1 = " + (dataDims + 1) + " inputs (x and t)");
        }
        for (int l = 1; l < depth; l++) {
            if (weights.get(l).rows() != first.rows()) {
                throw new IOException(path + ": entry layers." + l + ".weight.npy: width " + weights.get(l).rows()
                        + " differs from layers.0's " + first.rows());
            }
        }
        int width = depth > 0 ? (int) first.rows() : 256;

        byte[] configBytes = members.get(CONFIG);
        Activation act = activation;
        if (configBytes != null) {
            Map<String, String> config = parseConfig(new String(configBytes, StandardCharsets.UTF_8), path);
            expect(config, "dataDims", dataDims, path);
            expect(config, "depth", depth, path);
            if (depth > 0) {
                expect(config, "widthSize", width, path);
            } else {
                width = intField(config, "widthSize", path);
            }
            Activation stored;
            try {
                stored = Activation.parse(field(config, "activation", path));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": entry " + CONFIG + ": " + Npz.printable(e.getMessage()), e);
            }
            act = stored;
        } else if (activation == null) {
            throw new IOException(path + ": entry " + CONFIG + ": missing, so the activation is unknown;"
                    + " use ModelFiles.load(path, activation)");
        }
        try {
            return new SdeScoreModel(dataDims, width, depth, act, new Params(params));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Writes named FLOAT/DOUBLE arrays as an .npz ({@code name.npy} each), replacing it atomically. */
    public static void saveArrays(Map<String, INDArray> arrays, Path path) throws IOException {
        if (arrays == null || arrays.isEmpty()) {
            throw new IllegalArgumentException("arrays must hold at least one array, got "
                    + (arrays == null ? "null" : "an empty map"));
        }
        checkPath(path);
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank() || name.startsWith("/") || name.contains("\\") || name.contains("..")) {
                throw new IllegalArgumentException("arrays: bad array name " + (name == null ? "null" : "'" + name + "'"));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("arrays: '" + name + "' is null");
            }
            try {
                members.put(name + ".npy", Npy.write(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("arrays: '" + name + "': " + ex.getMessage(), ex);
            }
        }
        Npz.write(members, path);
    }

    /**
     * Reads every {@code .npy} member of an .npz, in file order, named without the suffix like
     * {@code np.load(path).files}; other members (such as a model's config.json) are skipped.
     */
    public static Map<String, INDArray> loadArrays(Path path) throws IOException {
        checkPath(path);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : Npz.read(path).entrySet()) {
            String entry = e.getKey();
            if (entry.endsWith(".npy")) {
                String where = path + ": entry " + Npz.printable(entry);
                try {
                    out.put(entry.substring(0, entry.length() - 4), Npy.read(e.getValue(), where));
                } catch (RuntimeException ex) {
                    throw new IOException(where + ": cannot be read as an array: " + Npz.printable(ex.toString()), ex);
                }
            }
        }
        return out;
    }

    private static void checkPath(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
    }

    // A flat JSON object of string and integer fields, the only shape config.json takes.
    private static Map<String, String> parseConfig(String text, Path path) throws IOException {
        String body = text.trim();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new IOException(path + ": entry " + CONFIG + ": not a JSON object: " + Npz.printable(text));
        }
        body = body.substring(1, body.length() - 1).trim();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = JSON_FIELD.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IOException(path + ": entry " + CONFIG + ": cannot parse near '" + Npz.printable(body.substring(at)) + "'");
            }
            fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
            at = m.end();
            while (at < body.length() && Character.isWhitespace(body.charAt(at))) {
                at++;
            }
        }
        return fields;
    }

    private static String field(Map<String, String> config, String key, Path path) throws IOException {
        String v = config.get(key);
        if (v == null) {
            throw new IOException(path + ": entry " + CONFIG + ": no '" + key + "' field");
        }
        return v;
    }

    private static int intField(Map<String, String> config, String key, Path path) throws IOException {
        String v = field(config, key, path);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IOException(path + ": entry " + CONFIG + ": '" + key + "' is not an integer: " + Npz.printable(v), e);
        }
    }

    private static void expect(Map<String, String> config, String key, int fromShapes, Path path) throws IOException {
        int v = intField(config, key, path);
        if (v != fromShapes) {
            throw new IOException(path + ": entry " + CONFIG + ": " + key + " = " + v
                    + " but the layer shapes say " + fromShapes);
        }
    }
}
