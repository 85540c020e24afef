package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Figure 6.4: one frame per save time, GIF/HTML/MP4 outputs, start and end markers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnimationTest {
    @TempDir
    Path tmp;

    private double[] ts;
    private double[][][] trajectories;
    private double[][] background;
    private Animation flow;

    @BeforeAll
    void render() {
        ts = Fixtures.linspace(9, 0.0001, 43);
        trajectories = Fixtures.trajectories(ts);
        background = Fixtures.data();
        flow = Plots.flowAnimation(trajectories, ts).background(background).animation();
    }

    @Test
    void oneFrameOfEqualSizePerSaveTime() {
        assertEquals(43, flow.frameCount());
        BufferedImage first = flow.frame(0);
        assertEquals(520, first.getHeight());
        assertEquals(0, first.getWidth() % 2, "even sizes for yuv420p video");
        for (int k = 0; k < 43; k++) {
            assertEquals(first.getWidth(), flow.frame(k).getWidth());
            assertEquals(first.getHeight(), flow.frame(k).getHeight());
        }
        Point2D o = flow.pixelOf(0, 0);
        Point2D p = flow.pixelOf(20, 20);
        assertEquals(p.getX() - o.getX(), o.getY() - p.getY(), 0.01 * (p.getX() - o.getX()), "equal aspect");
    }

    @Test
    void currentPositionsAreBlueAndEndsAreDiamondsInTheLastFrame() {
        for (int k : new int[] {0, 21}) {
            for (double[][] tr : trajectories) {
                double[] q = tr[k];
                if (Math.abs(q[0]) < 19 && Math.abs(q[1]) < 19) {
                    assertTrue(Pixels.bluishNear(flow.frame(k), flow.pixelOf(q[0], q[1]), 2), "frame " + k);
                }
            }
        }
        BufferedImage last = flow.image();
        for (double[][] tr : trajectories) {
            double[] end = tr[tr.length - 1];
            assertTrue(Pixels.countNear(last, flow.pixelOf(end[0], end[1]), 2, false) > 0, "end marker");
            double[] start = tr[0];
            if (Math.abs(start[0]) < 19 && Math.abs(start[1]) < 19) {
                assertTrue(Pixels.bluishNear(last, flow.pixelOf(start[0], start[1]), 2), "start marker");
            }
        }
        assertEquals(0, Pixels.countNear(flow.frame(0), flow.pixelOf(0, 0), 200, false), "no diamonds before the end");
    }

    @Test
    void gifHoldsEveryFrameAndLoops() throws IOException {
        Path gif = tmp.resolve("flow.gif");
        flow.saveGif(gif);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(43, reader.getNumImages(true));
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("20", gce.getAttribute("delayTime"), "200 ms per frame");
            assertEquals(1, root.getElementsByTagName("ApplicationExtension").getLength(), "NETSCAPE2.0 loop");
            BufferedImage f0 = reader.read(0);
            assertEquals(flow.frame(0).getWidth(), f0.getWidth());
            reader.dispose();
        }
    }

    @Test
    void htmlPlayerHoldsEveryFrameWithItsOwnIds() throws IOException {
        Path html = tmp.resolve("flow.html");
        flow.saveHtml(html);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("data:image/png;base64,").matcher(page);
        int uris = 0;
        while (m.find()) {
            uris++;
        }
        assertEquals(43, uris);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("type=\"range\"") && page.contains(">Play</button>"));
        String a = idOf(flow.html());
        String b = idOf(flow.html());
        assertNotEquals(a, b, "two players on one notebook page must not share element ids");
        assertTrue(flow.mimeBundle().containsKey("text/html"));
        assertTrue(flow.mimeBundle().containsKey("image/png"));
    }

    private static String idOf(String html) {
        Matcher m = Pattern.compile("<div id=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void ndArrayInputDrawsTheSameFrames() {
        Animation b = Plots.flowAnimation(Nd4j.create(trajectories), ts).background(Nd4j.create(background)).animation();
        for (int k = 0; k < 43; k += 7) {
            assertTrue(Pixels.samePixels(flow.frame(k), b.frame(k)), "frame " + k);
        }
        assertTrue(Pixels.samePixels(flow.image(), b.image()));
    }

    @Test
    void savedLastFrameIsThePicture() throws IOException {
        Path png = tmp.resolve("last.png");
        flow.save(png);
        assertTrue(Pixels.samePixels(flow.image(), ImageIO.read(png.toFile())));
        assertThrows(IllegalArgumentException.class, () -> flow.save(tmp.resolve("flow.avi")));
    }

    /** With ffmpeg on the PATH an MP4 container comes out; without it, an exception that names ffmpeg. */
    @Test
    void mp4WithFfmpegOrAClearErrorWithout() throws IOException {
        Path mp4 = tmp.resolve("flow.mp4");
        if (Mp4Writer.findFfmpeg() == null) {
            IOException e = assertThrows(IOException.class, () -> flow.saveMp4(mp4));
            assertTrue(e.getMessage().contains("ffmpeg"), e.getMessage());
            return;
        }
        flow.saveMp4(mp4);
        byte[] head = Files.readAllBytes(mp4);
        assertTrue(head.length > 1000);
        assertEquals("ftyp", new String(head, 4, 4, StandardCharsets.US_ASCII), "an MP4 container");
    }
}
