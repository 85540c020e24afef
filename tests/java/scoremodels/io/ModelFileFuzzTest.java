package scoremodels.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/**
 * Corrupted variants of a real model file, each loaded in turn: every load must end in an
 * IOException whose one-line message names the file, and never in another throwable (a runtime
 * exception, an OutOfMemoryError from a hostile size).
 */
class ModelFileFuzzTest {
    @TempDir
    Path dir;

    private byte[] good;
    private Map<String, byte[]> members;

    @BeforeEach
    void writeARealModel() throws IOException {
        Path f = dir.resolve("good.npz");
        ModelFiles.save(new SdeScoreModel(2, 8, 2, Activation.RELU, Key.of(4)), f);
        good = Files.readAllBytes(f);
        members = Npz.read(f);
        assertEquals(7, members.size(), "3 layers of weight and bias, and config.json");
    }

    @Test
    void everyCorruptedVariantIsAnIOExceptionNamingTheFile() throws IOException {
        Map<String, byte[]> variants = new LinkedHashMap<>();
        // Random byte flips inside the members' compressed data, each from its own seed.
        List<int[]> spans = dataSpans(good);
        for (int seed = 1; seed <= 16; seed++) {
            Random r = new Random(seed);
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(8);
            for (int k = 0; k < flips; k++) {
                int[] span = spans.get(r.nextInt(spans.size()));
                b[span[0] + r.nextInt(span[1])] ^= (byte) (1 + r.nextInt(255));
            }
            variants.put(String.format("flip-data-%02d", seed), b);
        }
        // Random byte flips in the member names of the central directory.
        for (int seed = 101; seed <= 104; seed++) {
            Random r = new Random(seed);
            byte[] b = good.clone();
            int[] name = centralNames(good).get(r.nextInt(7));
            b[name[0] + r.nextInt(name[1])] ^= (byte) (1 + r.nextInt(255));
            variants.put("flip-name-" + seed, b);
        }
        // Truncations.
        Random cut = new Random(7);
        int[] lengths = {0, 1, 4, 30, good.length / 3, good.length / 2, good.length - 23, good.length - 1,
            1 + cut.nextInt(good.length - 1)};
        for (int len : lengths) {
            variants.put("truncated-" + len, Arrays.copyOf(good, len));
        }
        // Hostile .npy headers in place of layers.1.weight.npy.
        String w = "layers.1.weight.npy";
        variants.put("npy-huge-shape", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 8), }", 0)));
        variants.put("npy-product-overflow", replaced(w, npy1("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0)));
        variants.put("npy-negative-shape", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (-8, 8), }", 256)));
        variants.put("npy-many-dims", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': ("
                + "1, ".repeat(40) + "), }", 4)));
        variants.put("npy-text-shape", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': ('a', 'b'), }", 0)));
        variants.put("npy-object-dtype", replaced(w, npy1("{'descr': '|O', 'fortran_order': False, 'shape': (8, 8), }", 512)));
        variants.put("npy-int-dtype", replaced(w, npy1("{'descr': '<i8', 'fortran_order': False, 'shape': (8, 8), }", 512)));
        variants.put("npy-no-descr", replaced(w, npy1("{'fortran_order': False, 'shape': (8, 8), }", 256)));
        variants.put("npy-short-data", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 8), }", 255)));
        variants.put("npy-long-data", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 8), }", 10_000)));
        variants.put("npy-header-past-end", replaced(w, withHeaderLength(1, 0xFFFF)));
        variants.put("npy-v2-negative-header", replaced(w, withHeaderLength(2, -5)));
        variants.put("npy-version-9", replaced(w, withHeaderLength(9, 16)));
        variants.put("npy-control-chars", replaced(w, npy1("{'descr': '<f4\n\u0000', 'shape': (8,\r8), }", 256)));
        variants.put("npy-empty", replaced(w, new byte[0]));
        variants.put("npy-zero-rows", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 8), }", 0)));
        variants.put("npy-nan", replaced(w, npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 8), }", 256, 0xFF)));
        // Hostile config.json.
        variants.put("config-not-json", replaced("config.json", "\u0000\u0001 not json".getBytes(StandardCharsets.UTF_8)));
        variants.put("config-huge-int", replaced("config.json", ("{\"format\": \"x\", \"dataDims\": 99999999999999999999, "
                + "\"widthSize\": 8, \"depth\": 2, \"activation\": \"relu\"}").getBytes(StandardCharsets.UTF_8)));
        variants.put("config-long-activation", replaced("config.json", ("{\"dataDims\": 2, \"widthSize\": 8, \"depth\": 2, "
                + "\"activation\": \"" + "x\\n".repeat(50_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
        variants.put("config-deep-braces", replaced("config.json", "{".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
        // Hostile member names.
        variants.put("name-layer-index-overflow", renamed("layers.2.bias.npy", "layers.99999999999999999999.bias.npy"));
        variants.put("name-negative-layer", renamed("layers.2.bias.npy", "layers.-1.bias.npy"));
        variants.put("name-path-traversal", renamed("layers.2.bias.npy", "../../layers.2.bias.npy"));
        variants.put("name-absolute", renamed("layers.2.bias.npy", "/etc/layers.2.bias.npy"));
        variants.put("name-control-chars", renamed("layers.2.bias.npy", "layers.2.bias\n\u0007.npy"));
        variants.put("name-very-long", renamed("layers.2.bias.npy", "a".repeat(20_000) + ".npy"));
        variants.put("name-directory", renamed("layers.2.bias.npy", "layers.2.bias.npy/"));
        variants.put("name-duplicate", withDuplicate("layers.0.weight.npy"));
        // Zip bombs: a member declaring 2 GiB, and one declaring 100 bytes that inflates to 64 MiB.
        variants.put("bomb-declared-huge", withDeclaredSize(zip(Map.of("layers.0.weight.npy", new byte[1000])), 0x7FFF_FFF0L));
        variants.put("bomb-lying-size", withDeclaredSize(zip(Map.of("layers.0.weight.npy", new byte[64 << 20])), 100));

        assertTrue(variants.size() >= 30, "at least 30 variants, got " + variants.size());
        for (Map.Entry<String, byte[]> v : variants.entrySet()) {
            Path f = dir.resolve(v.getKey() + ".npz");
            Files.write(f, v.getValue());
            assertLoadIsIOException(f);
        }
    }

    @Test
    void aLayerIndexTooLargeForAnIntNamesTheFileAndEntry() throws IOException {
        Path f = dir.resolve("index.npz");
        Files.write(f, renamed("layers.2.bias.npy", "layers.99999999999999999999.bias.npy"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains("index.npz") && e.getMessage().contains("entry layers.99999999999999999999.bias.npy")
                && e.getMessage().contains("layer index 99999999999999999999 is too large"), e.getMessage());
    }

    @Test
    void membersAreCappedBeforeTheyAreInflated() throws IOException {
        Path huge = dir.resolve("huge.npz");
        Files.write(huge, withDeclaredSize(zip(Map.of("layers.0.weight.npy", new byte[1000])), 0x7FFF_FFF0L));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(huge));
        assertTrue(e.getMessage().contains("huge.npz: entry layers.0.weight.npy")
                && e.getMessage().contains("declares 2147483632 bytes"), e.getMessage());

        // The stream stops one byte past what the member declares: 64 MiB of zeros is never held.
        Path liar = dir.resolve("liar.npz");
        Files.write(liar, withDeclaredSize(zip(Map.of("layers.0.weight.npy", new byte[64 << 20])), 100));
        e = assertThrows(IOException.class, () -> ModelFiles.load(liar));
        assertTrue(e.getMessage().contains("liar.npz: entry layers.0.weight.npy")
                && e.getMessage().contains("inflates past the 100 bytes it declares"), e.getMessage());

        // The caps per member and in all, with small limits standing in for the real ones.
        Path f = dir.resolve("two.npz");
        Files.write(f, zip(Map.of("a.npy", new byte[600], "b.npy", new byte[600])));
        assertEquals(2, Npz.read(f, 600, 1200).size());
        e = assertThrows(IOException.class, () -> Npz.read(f, 599, 1200));
        assertTrue(e.getMessage().contains("two.npz: entry ") && e.getMessage().contains("declares 600 bytes, more than the 599"),
                e.getMessage());
        e = assertThrows(IOException.class, () -> Npz.read(f, 600, 1199));
        assertTrue(e.getMessage().contains("two.npz: entry ") && e.getMessage().contains("more than the 599 allowed"),
                e.getMessage());
    }

    @Test
    void aRepeatedMemberNameIsRefused() throws IOException {
        Path f = dir.resolve("twice.npz");
        Files.write(f, withDuplicate("layers.0.weight.npy"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains("twice.npz: entry layers.0.weight.npy") && e.getMessage().contains("twice"),
                e.getMessage());
    }

    @Test
    void theUncorruptedFileLoads() throws IOException {
        Path f = dir.resolve("copy.npz");
        Files.write(f, good);
        assertEquals(8, ModelFiles.load(f).widthSize());
        Files.write(f, zip(members));
        assertEquals(8, ModelFiles.load(f).widthSize(), "the test's own zip writer makes loadable files");
    }

    private static void assertLoadIsIOException(Path f) {
        String name = f.getFileName().toString();
        try {
            SdeScoreModel m = ModelFiles.load(f);
            fail(name + " loaded as " + m);
        } catch (IOException e) {
            String msg = e.getMessage();
            assertTrue(msg != null && msg.contains(name), name + ": the message must name the file: " + msg);
            assertFalse(msg.contains("\n") || msg.contains("\r"), name + ": one line: " + msg);
            assertTrue(msg.length() < 2000, name + ": a short message, got " + msg.length() + " characters");
        } catch (Throwable t) {
            fail(name + ": expected an IOException, got " + t, t);
        }
    }

    // --- building variants ---

    private byte[] replaced(String member, byte[] bytes) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>(members);
        m.put(member, bytes);
        return zip(m);
    }

    private byte[] renamed(String member, String newName) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        members.forEach((k, v) -> m.put(k.equals(member) ? newName : k, v));
        return zip(m);
    }

    /** The archive with {@code member} written twice (ZipOutputStream refuses that, so a twin name is patched). */
    private byte[] withDuplicate(String member) throws IOException {
        String twin = member.replace("layers.", "layerz.");
        Map<String, byte[]> m = new LinkedHashMap<>(members);
        m.put(twin, members.get(member));
        byte[] b = zip(m);
        byte[] from = twin.getBytes(StandardCharsets.US_ASCII);
        byte[] to = member.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, b, i, to.length);
            }
        }
        return b;
    }

    private static byte[] zip(Map<String, byte[]> m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = bytes; ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A version-1 .npy with the given header dict and {@code dataBytes} bytes of data (each {@code fill}). */
    private static byte[] npy1(String dict, int dataBytes, int... fill) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        if (fill.length > 0) {
            while (b.hasRemaining()) {
                b.put((byte) fill[0]);
            }
        }
        return b.array();
    }

    /** A .npy of the given major version whose header-length field says {@code headerLen}. */
    private static byte[] withHeaderLength(int major, int headerLen) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) headerLen);
        } else {
            b.putInt(headerLen);
        }
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /** The archive with the uncompressed size of every central-directory entry set to {@code size}. */
    private static byte[] withDeclaredSize(byte[] zip, long size) {
        byte[] b = zip.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] entry : centralEntries(zip)) {
            buf.putInt(entry[0] + 24, (int) size);
        }
        return b;
    }

    // --- reading the zip layout (PKWARE APPNOTE 4.3) ---

    /** Offsets of the central-directory entries. */
    private static List<int[]> centralEntries(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22; // no archive comment
        assertEquals(0x06054b50, b.getInt(end), "end of central directory");
        int count = Short.toUnsignedInt(b.getShort(end + 10));
        int at = b.getInt(end + 16);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertEquals(0x02014b50, b.getInt(at), "central directory entry");
            out.add(new int[] {at});
            at += 46 + Short.toUnsignedInt(b.getShort(at + 28)) + Short.toUnsignedInt(b.getShort(at + 30))
                    + Short.toUnsignedInt(b.getShort(at + 32));
        }
        return out;
    }

    /** {start, length} of each member's name in the central directory. */
    private static List<int[]> centralNames(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> out = new ArrayList<>();
        for (int[] e : centralEntries(zip)) {
            out.add(new int[] {e[0] + 46, Short.toUnsignedInt(b.getShort(e[0] + 28))});
        }
        return out;
    }

    /** {start, length} of each member's compressed data. */
    private static List<int[]> dataSpans(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> out = new ArrayList<>();
        for (int[] e : centralEntries(zip)) {
            int compressed = b.getInt(e[0] + 20);
            int local = b.getInt(e[0] + 42);
            assertEquals(0x04034b50, b.getInt(local), "local header");
            int data = local + 30 + Short.toUnsignedInt(b.getShort(local + 26)) + Short.toUnsignedInt(b.getShort(local + 28));
            out.add(new int[] {data, compressed});
        }
        return out;
    }
}
