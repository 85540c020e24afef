package scoremodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scoremodels.data.DatasetsTest.assertMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.random.Key;
import tech.tablesaw.api.Table;

class DatasetTest {
    @TempDir
    Path dir;

    @Test
    void viewsAgreeAndAreCopies() {
        Dataset d = Datasets.makeCircles(9, 0.05, 0.3, Key.of(4));
        INDArray x = d.X();
        assertArrayEquals(new long[] {9, 2}, x.shape());
        assertEquals(DataType.DOUBLE, x.dataType());
        double[][] p = d.toArray();
        assertArrayEquals(p[3], x.getRow(3).toDoubleVector(), 0.0);
        x.putScalar(0, 0, 123.0);
        p[1][1] = 456.0;
        d.labels()[0] = 9;
        assertTrue(d.X().getDouble(0, 0) != 123.0 && d.toArray()[1][1] != 456.0 && d.labels()[0] != 9,
                "a dataset cannot be changed through its views");

        Table t = d.table();
        assertEquals(Arrays.asList("x1", "x2", "label"), t.columnNames());
        assertEquals(9, t.rowCount());
        assertEquals(p[5][0], t.doubleColumn("x1").get(5), 0.0);
        assertEquals(d.labels()[5], t.intColumn("label").get(5));
        assertTrue(d.toString().contains("circles"));
    }

    @Test
    void csvRoundTripIsExact() throws IOException {
        Dataset d = Datasets.load("moons", 50, Key.of(99));
        Path f = dir.resolve("sub/moons.csv");
        d.saveCsv(f);
        assertTrue(Files.readAllLines(f).get(0).equals("x1,x2,label"));
        Dataset back = Dataset.readCsv(f);
        assertTrue(Arrays.deepEquals(d.toArray(), back.toArray()), "bitwise equal points");
        assertArrayEquals(d.labels(), back.labels());
        assertEquals("moons", back.name());
    }

    @Test
    void csvErrorsAreIOExceptionsNamingFileAndLine() throws IOException {
        assertThrows(NoSuchFileException.class, () -> Dataset.readCsv(dir.resolve("absent.csv")));
        assertCorrupt("", "empty");
        assertCorrupt("a,b,c\n1,2,0\n", "line 1");
        assertCorrupt("x1,x2,label\n", "no data rows");
        assertCorrupt("x1,x2,label\n1.0,2.0,0\n1.0,0\n", "line 3");
        assertCorrupt("x1,x2,label\n1.0,abc,0\n", "line 2");
        assertCorrupt("x1,x2,label\n1.0,NaN,0\n", "line 2");
        assertCorrupt("x1,x2,label\n1.0,2.0,0.5\n", "line 2");
        Path binary = dir.resolve("binary.csv");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        IOException e = assertThrows(IOException.class, () -> Dataset.readCsv(binary));
        assertTrue(e.getMessage().contains("binary.csv"), e.getMessage());
    }

    private void assertCorrupt(String text, String expected) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> Dataset.readCsv(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains(expected),
                "message names file and '" + expected + "': " + e.getMessage());
    }

    @Test
    void badPointsAreRejected() {
        int[] two = {0, 1};
        assertMessage("points[1][0]", "NaN", () -> new Dataset("d", new double[][] {{0, 0}, {Double.NaN, 1}}, two));
        assertMessage("points[0][1]", "Infinity",
                () -> new Dataset("d", new double[][] {{0, Double.POSITIVE_INFINITY}, {0, 1}}, two));
        assertMessage("points", "0 rows", () -> new Dataset("d", new double[0][], new int[0]));
        assertMessage("points[1]", "3", () -> new Dataset("d", new double[][] {{0, 0}, {0, 1, 2}}, two));
        assertMessage("labels", "1", () -> new Dataset("d", new double[][] {{0, 0}, {0, 1}}, new int[] {0}));
        assertMessage("name", "' '", () -> new Dataset(" ", new double[][] {{0, 0}, {0, 1}}, two));
        assertMessage("factor", "NaN", () -> Datasets.twoGaussians(4, Key.of(1)).scaled(Double.NaN));
        assertMessage("x", "[3]", () -> Dataset.of("d", org.nd4j.linalg.factory.Nd4j.zeros(3), new int[3]));
    }

    @Test
    void linspaceMatchesNumpyBitForBit() {
        // np.linspace(0.001, 10, 9) printed with float.hex().
        double[] expected = {0x1.0624dd2f1a9fcp-10, 0x1.40395810624ddp+0, 0x1.40189374bc6a8p+1,
            0x1.e0147ae147ae1p+1, 0x1.40083126e978ep+2, 0x1.900624dd2f1abp+2, 0x1.e004189374bc7p+2,
            0x1.18010624dd2f2p+3, 0x1.4000000000000p+3};
        assertArrayEquals(expected, Grid.linspace(0.001, 10, 9), 0.0);
        assertArrayEquals(new double[] {0.0, 1.2566370614359172, 2.5132741228718345, 3.7699111843077517,
            5.026548245743669}, Grid.linspace(0, 2 * Math.PI, 5, false), 0.0);
        assertArrayEquals(new double[] {3.0}, Grid.linspace(3, 7, 1), 0.0);
        assertMessage("n", "-1", () -> Grid.linspace(0, 1, -1));
        assertMessage("stop", "NaN", () -> Grid.linspace(0, Double.NaN, 3));
    }
}
