package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.SdeScoreModel;

/** The figure builders: the chapter's defaults, one painting per figure, and what a cell shows. */
class BuildersTest {
    private final double[][] x = Fixtures.data();
    private final double[] ts = {0.5, 4.0};
    private final double[][][] noised = Fixtures.noised(x, ts);

    @Test
    void gradientFieldDefaultsToTheChaptersUntrainedModelAndGrid() {
        GradientFieldBuilder builder = Plots.gradientField(noised, ts).trained(Fixtures.EXACT);
        GradientField byDefault = builder.figure();
        assertSame(byDefault, builder.figure(), "painted once");
        GradientField explicit = Plots.gradientField(noised, ts).trained(Fixtures.EXACT).untrained(new SdeScoreModel())
                .gridPoints(Plots.GRID_POINTS).figure();
        assertTrue(Pixels.samePixels(explicit.image(), byDefault.image()), "untrained SdeScoreModel() on a 20 × 20 grid");
        assertEquals(byDefault.mimeBundle(), builder.mimeBundle(), "a cell ending in the builder shows the figure");
        assertTrue(builder.gridPoints(5).figure() != byDefault, "a changed option paints again");
    }

    @Test
    void compareAndLinesCollectTheirPanelsAndSeries() {
        INDArray background = Nd4j.create(x);
        Map<String, INDArray> sets = new LinkedHashMap<>();
        sets.put("a", background.mul(0.5));
        sets.put("b", background.add(1));
        Figure viaMap = Plots.compare(background).panels(sets).figure();
        Figure oneByOne = Plots.compare(background).panel("a", sets.get("a")).panel("b", sets.get("b")).figure();
        assertEquals(2, viaMap.panelCount());
        assertTrue(Pixels.samePixels(viaMap.image(), oneByOne.image()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.compare(background).figure());
        assertTrue(e.getMessage().contains("sets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines(new double[] {1, 2, 3}).series("short", new double[] {1, 2}));
        assertTrue(e.getMessage().contains("'short'") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.lines(new double[] {1, 2, 3}).figure());
        assertTrue(e.getMessage().contains("series"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.flowAnimation(new double[][][] {{{0, 0}, {1, 1}}}, ts).animation());
        assertTrue(e.getMessage().contains("background"), e.getMessage());
    }
}
