package scoremodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void floatAndDoubleModelsRoundTripExactly() throws IOException {
        SdeScoreModel[] models = {
            new SdeScoreModel(2, 16, 2, Activation.SOFTPLUS, Key.of(45)),
            new SdeScoreModel(3, 8, 3, Activation.RELU, Key.of(7), DataType.DOUBLE),
            new SdeScoreModel(2, 7, 0, Activation.TANH, Key.of(8)),
        };
        for (SdeScoreModel m : models) {
            Path f = dir.resolve("m" + m.depth() + ".npz");
            ModelFiles.save(m, f);
            SdeScoreModel back = ModelFiles.load(f);
            assertEquals(m.toString(), back.toString());
            assertEquals(m.widthSize(), back.widthSize());
            assertEquals(m.activation(), back.activation());
            assertEquals(m.params().names(), back.params().names());
            for (String name : m.params().names()) {
                assertBitwise(m.params().get(name), back.params().get(name));
            }
            INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1, 2}, {3, 0, 1}})
                    .get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, m.dataDims())).dup();
            assertBitwise(m.apply(x, 3.0), back.apply(x, 3.0));
        }
    }

    @Test
    void npyHeadersAreVersion1AlignedTo64Bytes() throws IOException {
        for (INDArray a : new INDArray[] {Nd4j.scalar(1.5f), Nd4j.rand(DataType.DOUBLE, 5),
            Nd4j.rand(DataType.FLOAT, 256, 3), Nd4j.rand(DataType.DOUBLE, 2, 3, 4)}) {
            byte[] b = Npy.write(a);
            assertEquals((byte) 0x93, b[0]);
            assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, b[6]);
            assertEquals(0, b[7]);
            int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
            assertEquals(0, (10 + headerLen) % 64, "data starts on a 64-byte boundary");
            assertEquals('\n', b[10 + headerLen - 1]);
            String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
            assertTrue(header.contains("'fortran_order': False"), header);
            assertBitwise(a, Npy.read(b, "test"));
        }
        assertTrue(new String(Npy.write(Nd4j.rand(DataType.DOUBLE, 5)), 10, 60, StandardCharsets.US_ASCII)
                .contains("'descr': '<f8', 'fortran_order': False, 'shape': (5,)"));
        assertTrue(new String(Npy.write(Nd4j.rand(DataType.FLOAT, 256, 3)), 10, 60, StandardCharsets.US_ASCII)
                .contains("'descr': '<f4', 'fortran_order': False, 'shape': (256, 3)"));
    }

    @Test
    void arraysRoundTripInOrder() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("ts", Nd4j.createFromArray(0.001, 5.0005, 10.0));
        arrays.put("noised_datas", Nd4j.rand(DataType.FLOAT, 9, 100, 2));
        arrays.put("loss", Nd4j.scalar(0.25));
        arrays.put("empty", Nd4j.create(DataType.DOUBLE, 0, 2));
        arrays.put("view", Nd4j.rand(DataType.DOUBLE, 4, 6).getColumn(2));
        Path f = dir.resolve("arrays.npz");
        ModelFiles.saveArrays(arrays, f);
        Map<String, INDArray> back = ModelFiles.loadArrays(f);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertBitwise(arrays.get(k), back.get(k));
        }
        // A model file's config.json is not an array and is skipped.
        Path m = dir.resolve("model.npz");
        ModelFiles.save(new SdeScoreModel(2, 4, 1, Activation.RELU, Key.of(1)), m);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"),
                List.copyOf(ModelFiles.loadArrays(m).keySet()));
    }

    @Test
    void saveReplacesAtomicallyAndAFailedSaveKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("model.npz");
        ModelFiles.save(new SdeScoreModel(2, 4, 1, Activation.RELU, Key.of(1)), f);
        SdeScoreModel b = new SdeScoreModel(2, 5, 2, Activation.SWISH, Key.of(2));
        ModelFiles.save(b, f);
        assertEquals(b.toString(), ModelFiles.load(f).toString());
        byte[] before = Files.readAllBytes(f);

        SdeScoreModel broken = b.copy();
        broken.weight(1).putScalar(0, 0, Double.NaN);
        assertMessage("layers.1.weight", "NaN", () -> ModelFiles.save(broken, f));
        Map<String, INDArray> badType = new LinkedHashMap<>();
        badType.put("ok", Nd4j.rand(DataType.DOUBLE, 3));
        badType.put("counts", Nd4j.createFromArray(1, 2, 3));
        assertMessage("counts", "INT", () -> ModelFiles.saveArrays(badType, f));
        assertArrayEquals(before, Files.readAllBytes(f), "a refused save leaves the file as it was");

        // A save whose final move fails (the target is a non-empty folder) cleans up after itself.
        Path folder = dir.resolve("folder.npz");
        Files.createDirectories(folder.resolve("inside"));
        assertThrows(IOException.class, () -> ModelFiles.save(b, folder));
        assertTrue(Files.isDirectory(folder.resolve("inside")));
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            assertEquals(List.of("folder.npz", "model.npz"), names, "no temporary files left behind");
        }
    }

    @Test
    void npzWithoutConfigLoadsWithAnActivation() throws IOException {
        SdeScoreModel m = new SdeScoreModel(2, 6, 2, Activation.GELU, Key.of(3));
        Path f = dir.resolve("bare.npz");
        ModelFiles.saveArrays(m.params().asMap(), f);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains("bare.npz") && e.getMessage().contains("config.json"), e.getMessage());
        SdeScoreModel back = ModelFiles.load(f, Activation.GELU);
        assertEquals(m.toString(), back.toString());
        assertBitwise(m.weight(2), back.weight(2));

        Path withConfig = dir.resolve("full.npz");
        ModelFiles.save(m, withConfig);
        assertEquals(Activation.GELU, ModelFiles.load(withConfig, Activation.GELU).activation());
        assertMessage("activation", "RELU", () -> ModelFiles.load(withConfig, Activation.RELU));
    }

    @Test
    void brokenFilesAreIOExceptionsNamingFileAndEntry() throws IOException {
        Path missing = dir.resolve("absent.npz");
        assertTrue(assertThrows(NoSuchFileException.class, () -> ModelFiles.load(missing)).getMessage()
                .contains("absent.npz"));
        assertThrows(NoSuchFileException.class, () -> ModelFiles.loadArrays(missing));

        Path junk = dir.resolve("junk.npz");
        Files.write(junk, "this is not a zip file at all".getBytes(StandardCharsets.US_ASCII));
        assertIO(junk, "junk.npz", () -> ModelFiles.load(junk, Activation.RELU));

        Path good = dir.resolve("good.npz");
        ModelFiles.save(new SdeScoreModel(2, 8, 1, Activation.RELU, Key.of(4)), good);
        byte[] all = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.npz");
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        assertIO(truncated, "truncated.npz", () -> ModelFiles.load(truncated));
        // Flip bits inside the compressed data of the first member (its name ends the local header).
        byte[] flipped = all.clone();
        int data = new String(all, StandardCharsets.ISO_8859_1).indexOf("layers.0.weight.npy") + 19;
        for (int i = 20; i < 30; i++) {
            flipped[data + i] ^= 0x55;
        }
        Path corrupted = dir.resolve("corrupted.npz");
        Files.write(corrupted, flipped);
        assertIO(corrupted, "entry layers.0.weight.npy", () -> ModelFiles.load(corrupted));

        byte[] w0 = Npy.write(Nd4j.rand(DataType.FLOAT, 8, 3));
        byte[] b0 = Npy.write(Nd4j.rand(DataType.FLOAT, 8));
        byte[] w1 = Npy.write(Nd4j.rand(DataType.FLOAT, 2, 8));
        byte[] b1 = Npy.write(Nd4j.rand(DataType.FLOAT, 2));

        assertLoadFails("badmagic", "layers.0.bias.npy", "magic",
                w0, "not an npy".getBytes(StandardCharsets.US_ASCII), w1, b1);
        assertLoadFails("noshape", "layers.0.bias.npy", "shape",
                w0, npy("{'descr': '<f4', 'fortran_order': False, }", new byte[32]), w1, b1);
        assertLoadFails("inttype", "layers.1.bias.npy", "'<i4'",
                w0, b0, w1, npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertLoadFails("short", "layers.1.weight.npy", "data bytes",
                w0, b0, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 8), }", new byte[60]), b1);
        assertLoadFails("mismatch", "layers.1.weight.npy", "previous layer",
                w0, b0, Npy.write(Nd4j.rand(DataType.FLOAT, 2, 7)), b1);
        assertLoadFails("biasshape", "layers.0.bias.npy", "do not fit",
                w0, Npy.write(Nd4j.rand(DataType.FLOAT, 5)), w1, b1);
        assertLoadFails("inputs", "layers.0.weight.npy", "dataDims + 1",
                Npy.write(Nd4j.rand(DataType.FLOAT, 8, 4)), b0, w1, b1);
        assertLoadFails("mixed", "layers.1.weight.npy", "dtype",
                w0, b0, Npy.write(Nd4j.rand(DataType.DOUBLE, 2, 8)), Npy.write(Nd4j.rand(DataType.DOUBLE, 2)));
        assertLoadFails("nan", "layers.1.weight.npy", "NaN",
                w0, b0, Npy.write(Nd4j.rand(DataType.FLOAT, 2, 8).putScalar(1, 1, Float.NaN)), b1);

        Map<String, byte[]> noBias = new LinkedHashMap<>();
        noBias.put("layers.0.weight.npy", w0);
        noBias.put("layers.0.bias.npy", b0);
        noBias.put("layers.1.weight.npy", w1);
        Path nb = zip("nobias", noBias);
        assertIO(nb, "layers.1.bias.npy", () -> ModelFiles.load(nb, Activation.RELU));

        Map<String, byte[]> stray = new LinkedHashMap<>(noBias);
        stray.put("layers.1.bias.npy", b1);
        stray.put("layers.3.bias.npy", b1);
        Path st = zip("stray", stray);
        assertIO(st, "layers.3.bias.npy", () -> ModelFiles.load(st, Activation.RELU));

        Map<String, byte[]> extra = new LinkedHashMap<>(noBias);
        extra.put("layers.1.bias.npy", b1);
        extra.put("optimiser.mu.npy", b1);
        Path ex = zip("extra", extra);
        assertIO(ex, "optimiser.mu.npy", () -> ModelFiles.load(ex, Activation.RELU));

        Map<String, byte[]> wrongConfig = new LinkedHashMap<>(noBias);
        wrongConfig.put("layers.1.bias.npy", b1);
        wrongConfig.put("config.json", "{\"dataDims\": 2, \"widthSize\": 9, \"depth\": 1, \"activation\": \"relu\"}"
                .getBytes(StandardCharsets.UTF_8));
        Path wc = zip("wrongconfig", wrongConfig);
        assertIO(wc, "config.json", () -> ModelFiles.load(wc));
        wrongConfig.put("config.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        Path nc = zip("notjson", wrongConfig);
        assertIO(nc, "config.json", () -> ModelFiles.load(nc));
        wrongConfig.put("config.json", "{\"dataDims\": 2, \"widthSize\": 8, \"depth\": 1, \"activation\": \"sine\"}"
                .getBytes(StandardCharsets.UTF_8));
        Path ua = zip("unknownact", wrongConfig);
        assertIO(ua, "sine", () -> ModelFiles.load(ua));

        Path emptyZip = zip("nolayers", Map.of("config.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertIO(emptyZip, "layers.0.weight.npy", () -> ModelFiles.load(emptyZip));
    }

    @Test
    void badArgumentsAreIllegalArgumentExceptions() {
        Path f = dir.resolve("x.npz");
        assertMessage("model", "null", () -> ModelFiles.save(null, f));
        assertMessage("path", "null", () -> ModelFiles.save(new SdeScoreModel(1, 2, 1, Activation.RELU, Key.of(0)), null));
        assertMessage("path", "null", () -> ModelFiles.load(null));
        assertMessage("arrays", "empty", () -> ModelFiles.saveArrays(Map.of(), f));
        assertMessage("arrays", "'../evil'", () -> ModelFiles.saveArrays(Map.of("../evil", Nd4j.zeros(2)), f));
        assertTrue(Files.notExists(f));
    }

    @Test
    void numpyReadsJavaFilesAndJavaReadsNumpyFiles() throws Exception {
        String python = Python.withNumpy();
        // tests/run.sh installs Debian's python3-numpy; a run without it fails here rather than skip
        assertTrue(python != null, "python3 with numpy not found: apt-get install python3-numpy (tests/run.sh does)");

        SdeScoreModel m = new SdeScoreModel(2, 16, 2, Activation.SOFTPLUS, Key.of(45));
        Path f = dir.resolve("model.npz");
        ModelFiles.save(m, f);
        String out = Python.run(python, dir,
                "import numpy as np, json\n"
                + "d = np.load('model.npz')\n"
                + "for k in d.files:\n"
                + "    a = d[k]\n"
                + "    if k == 'config.json':\n"
                + "        print(k, json.loads(bytes(a).decode())['activation'])\n"
                + "    else:\n"
                + "        print(k, a.dtype, a.shape, float(a.ravel()[-1]).hex(), repr(float(a.astype(np.float64).sum())))\n");
        String[] lines = out.strip().split("\n");
        assertEquals(7, lines.length, out);
        for (int i = 0; i < 6; i++) {
            String name = m.params().names().get(i);
            INDArray a = m.params().get(name);
            String[] parts = lines[i].split(" ");
            int k = parts.length;
            assertEquals(name, parts[0]);
            assertEquals("float32", parts[1]);
            String shape = a.rank() == 1 ? "(" + a.length() + ",)" : "(" + a.rows() + ", " + a.columns() + ")";
            assertEquals(shape, String.join(" ", Arrays.copyOfRange(parts, 2, k - 2)));
            double last = a.reshape(a.length()).getDouble(a.length() - 1);
            assertEquals(last, Double.parseDouble(parts[k - 2]), 0.0, "last value, bit for bit");
            double sum = Double.parseDouble(parts[k - 1]);
            assertEquals(a.castTo(DataType.DOUBLE).sumNumber().doubleValue(), sum, 1e-9 * (1 + Math.abs(sum)));
        }
        assertEquals("config.json softplus", lines[6]);

        // numpy writes: an uncompressed savez, float64, one layer stored in Fortran order and one big-endian.
        Python.run(python, dir,
                "import numpy as np\n"
                + "w0 = np.arange(15, dtype=np.float64).reshape(5, 3) / 8\n"
                + "w1 = np.asfortranarray(np.arange(10, dtype=np.float64).reshape(2, 5) / 4)\n"
                + "np.savez('fromnumpy.npz', **{'layers.0.weight': w0, 'layers.0.bias': np.ones(5),\n"
                + "         'layers.1.weight': w1, 'layers.1.bias': np.array([0.5, -0.5], dtype='>f8')})\n");
        SdeScoreModel fromNumpy = ModelFiles.load(dir.resolve("fromnumpy.npz"), Activation.RELU);
        assertEquals(2, fromNumpy.dataDims());
        assertEquals(5, fromNumpy.widthSize());
        assertEquals(1, fromNumpy.depth());
        assertEquals(DataType.DOUBLE, fromNumpy.dataType());
        assertEquals(7 / 8.0, fromNumpy.weight(0).getDouble(2, 1), 0.0);
        assertEquals(7 / 4.0, fromNumpy.weight(1).getDouble(1, 2), 0.0);
        assertEquals(-0.5, fromNumpy.bias(1).getDouble(1), 0.0);
    }

    private void assertLoadFails(String file, String entry, String detail, byte[]... layerBytes) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < layerBytes.length; i++) {
            members.put("layers." + i / 2 + (i % 2 == 0 ? ".weight" : ".bias") + ".npy", layerBytes[i]);
        }
        Path f = zip(file, members);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(f, Activation.RELU));
        String msg = e.getMessage();
        assertTrue(msg.contains(file + ".npz") && msg.contains(entry) && msg.contains(detail),
                "message names " + file + ".npz, " + entry + " and " + detail + ": " + msg);
    }

    private Path zip(String name, Map<String, byte[]> members) throws IOException {
        Path f = dir.resolve(name + ".npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private static byte[] npy(String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
        return b.array();
    }

    private static void assertIO(Path file, String detail, Executable call) {
        IOException e = assertThrows(IOException.class, call);
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains(detail),
                "message names " + file.getFileName() + " and " + detail + ": " + e.getMessage());
    }

    private static void assertMessage(String param, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(param) && e.getMessage().contains(value),
                "message names " + param + " and " + value + ": " + e.getMessage());
    }

    static void assertBitwise(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.dataType(), actual.dataType(), "type");
        if (expected.length() > 0) {
            assertArrayEquals(expected.castTo(DataType.DOUBLE).dup('c').reshape(expected.length()).toDoubleVector(),
                    actual.castTo(DataType.DOUBLE).dup('c').reshape(actual.length()).toDoubleVector(), 0.0);
        }
    }
}
