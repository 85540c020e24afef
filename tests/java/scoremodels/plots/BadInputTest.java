package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.ScoreFunction;

/** Bad input fails loudly with a message naming the parameter; never a blank picture. */
class BadInputTest {
    @TempDir
    Path tmp;

    private final double[][] x = Fixtures.data();
    private final double[] ts = {0.5, 4.0};
    private final double[][][] noised = Fixtures.noised(x, ts);

    private static void rejects(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name " + fragment);
    }

    @Test
    void emptyData() {
        rejects("X", () -> Plots.scatter(new double[0][]));
        rejects("X", () -> Plots.scatter((double[][]) null));
        rejects("noisedDatas", () -> Plots.noiseGrid(new double[0][][], new double[0]));
        rejects("noisedDatas[1]", () -> Plots.noiseGrid(new double[][][] {x, {}}, ts));
        rejects("lossHistory", () -> Plots.lossHistory(new double[0]));
        rejects("lossHistory", () -> Plots.lossHistory(List.of()));
        rejects("trajectories", () -> Plots.flowAnimation(new double[0][][], ts).background(x).animation());
        rejects("background", () -> Plots.flowAnimation(new double[][][] {{{0, 0}, {1, 1}}}, ts).background(new double[0][]).animation());
    }

    @Test
    void nanData() {
        double[][] bad = {{0, 0}, {1, Double.NaN}};
        rejects("X[1][1]", () -> Plots.scatter(bad));
        rejects("X[1][1]", () -> Plots.scatter(Nd4j.create(bad)));
        rejects("lossHistory[2]", () -> Plots.lossHistory(new double[] {1, 2, Double.POSITIVE_INFINITY}));
        rejects("ts[0]", () -> Plots.noiseGrid(noised, new double[] {Double.NaN, 1}));
        rejects("trajectories[0]", () -> Plots.flowAnimation(new double[][][] {{{0, 0}, {Double.NaN, 1}}}, ts).background(x).animation());
    }

    @Test
    void mismatchedLengths() {
        rejects("ts", () -> Plots.noiseGrid(noised, new double[] {1, 2, 3}));
        rejects("ts", () -> Plots.gradientField(noised, new double[] {1}).trained(Fixtures.EXACT).figure());
        rejects("trajectories[0]", () -> Plots.flowAnimation(new double[][][] {{{0, 0}}}, ts).background(x).animation());
        rejects("X[0]", () -> Plots.scatter(new double[][] {{1}}));
        rejects("noisedDatas", () -> Plots.noiseGrid(Nd4j.zeros(4, 2), ts));
    }

    @Test
    void gridOfZeroPointsAndBadModels() {
        rejects("gridPoints", () -> Plots.gradientField(noised, ts).trained(Fixtures.EXACT).gridPoints(0));
        rejects("gridPoints", () -> Plots.gradientField(noised, ts).trained(Fixtures.EXACT).gridPoints(1));
        rejects("trained", () -> Plots.gradientField(noised, ts).trained(null));
        rejects("trained", () -> Plots.gradientField(noised, ts).untrained(Fixtures.EXACT).figure());
        ScoreFunction nan = (p, t) -> Nd4j.valueArrayOf(p.shape(), Double.NaN);
        rejects("untrained", () -> Plots.gradientField(noised, ts).trained(Fixtures.EXACT).untrained(nan).figure());
        ScoreFunction wrongShape = (p, t) -> Nd4j.zeros(3, 2);
        rejects("trained", () -> Plots.gradientField(noised, ts).trained(wrongShape).untrained(Fixtures.EXACT).figure());
    }

    @Test
    void unwritablePaths() throws IOException {
        Figure f = Plots.scatter(x);
        Path missingFolder = tmp.resolve("no/such/folder/fig.png");
        IOException e = assertThrows(IOException.class, () -> f.save(missingFolder));
        assertTrue(e.getMessage().contains(missingFolder.toString()), e.getMessage());
        Path folder = Files.createDirectory(tmp.resolve("a-folder.png"));
        assertThrows(IOException.class, () -> f.save(folder));
        Animation a = Plots.flowAnimation(new double[][][] {{{0, 0}, {1, 1}}}, ts).background(x).animation();
        assertThrows(IOException.class, () -> a.saveGif(missingFolder.resolveSibling("a.gif")));
        assertThrows(IOException.class, () -> a.saveHtml(missingFolder.resolveSibling("a.html")));
        assertThrows(IOException.class, () -> a.saveMp4(missingFolder.resolveSibling("a.mp4")));
        rejects("path", () -> f.save(null));
    }
}
