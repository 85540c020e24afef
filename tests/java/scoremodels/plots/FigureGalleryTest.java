package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders every figure of the chapter once with realistic inputs and saves it. Run with
 * {@code -Dfigures.dir=/tmp/figs} to keep the files and look at them.
 */
class FigureGalleryTest {
    @TempDir
    Path tmp;

    private Path dir() throws IOException {
        String d = System.getProperty("figures.dir");
        Path p = d == null || d.isBlank() ? tmp : Path.of(d);
        return Files.createDirectories(p);
    }

    @Test
    void rendersAndSavesEveryFigure() throws IOException {
        Path dir = dir();
        double[][] x = Fixtures.data();
        double[] ts = Fixtures.linspace(0.001, 10, 9);
        double[][][] noised = Fixtures.noised(x, ts);

        Plots.scatter(x).save(dir.resolve("data.png"));
        Plots.noiseGrid(noised, ts).save(dir.resolve("noise-grid.png"));

        double[] loss = new double[20_000];
        for (int i = 0; i < loss.length; i++) {
            // A decaying curve with epoch-to-epoch noise, like a real training run.
            loss[i] = 40 * Math.exp(-i / 1500.0) - 5 + 3 * Math.sin(i * 12.9898) * Math.exp(-i / 8000.0);
        }
        Plots.lossHistory(loss).save(dir.resolve("loss-history.png"));

        GradientField field = Plots.gradientField(noised, ts).trained(Fixtures.EXACT).figure();
        field.save(dir.resolve("gradient-field.png"));
        assertEquals(9 * 2 * 400, field.arrowCount(), "the exact and untrained scores are non-zero everywhere");

        double[] flowTs = Fixtures.linspace(9, 0.0001, 43);
        Animation flow = Plots.flowAnimation(Fixtures.trajectories(flowTs), flowTs).background(noised[0]).animation();
        flow.save(dir.resolve("flow-last-frame.png"));
        flow.saveGif(dir.resolve("flow.gif"));
        javax.imageio.ImageIO.write(flow.frame(21), "png", dir.resolve("flow-frame-21.png").toFile());
        if (Mp4Writer.findFfmpeg() != null) {
            flow.saveMp4(dir.resolve("flow.mp4"));
        }
        flow.saveHtml(dir.resolve("flow.html"));
        for (String f : new String[] {"data.png", "noise-grid.png", "loss-history.png", "gradient-field.png",
            "flow-last-frame.png", "flow.gif", "flow.html"}) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f + " should hold a real picture");
        }
    }
}
