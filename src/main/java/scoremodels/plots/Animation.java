package scoremodels.plots;

import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import scoremodels.display.Display;
import scoremodels.display.MimeBundle;

/**
 * Frames of equal size shown one after another (Figure 6.4, the probability flow).
 *
 * <p>In a notebook it shows as an HTML player with play/pause and a slider (PNG of the last
 * frame as the fallback). It saves as an animated GIF, a self-contained HTML page, an MP4
 * (needs ffmpeg on PATH) or a PNG of the last frame.
 */
public final class Animation implements MimeBundle {
    static {
        Display.registerWithKernel();
    }

    private final List<BufferedImage> frames;
    private final int delayMillis;
    private final DataToPixel mapping;
    private final String description;
    private List<byte[]> pngs;

    Animation(List<BufferedImage> frames, int delayMillis, DataToPixel mapping, String description) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        this.frames = List.copyOf(frames);
        this.delayMillis = delayMillis;
        this.mapping = mapping;
        this.description = description;
    }

    public int frameCount() {
        return frames.size();
    }

    /** Frame {@code i} (not a copy: treat it as read-only). */
    public BufferedImage frame(int i) {
        if (i < 0 || i >= frames.size()) {
            throw new IllegalArgumentException("frame must be in [0, " + frames.size() + "), got " + i);
        }
        return frames.get(i);
    }

    /** The last frame, where the flow has arrived. */
    public BufferedImage image() {
        return frames.get(frames.size() - 1);
    }

    public int delayMillis() {
        return delayMillis;
    }

    /** Where the data point (x, y) lies in every frame, in pixels (the axes never move). */
    public Point2D pixelOf(double x, double y) {
        return mapping.apply(x, y);
    }

    /** The frames as PNG bytes, encoded once. */
    private synchronized List<byte[]> pngs() {
        if (pngs == null) {
            List<byte[]> p = new ArrayList<>();
            for (BufferedImage f : frames) {
                p.add(Figure.encodePng(f));
            }
            pngs = List.copyOf(p);
        }
        return pngs;
    }

    /** The player as an HTML fragment (for a notebook output or embedding in a page). */
    public String html() {
        return HtmlPlayer.html(pngs(), delayMillis, description);
    }

    public byte[] gif() {
        return GifWriter.encode(frames, delayMillis);
    }

    public void saveGif(Path path) throws IOException {
        Figure.checkTarget(path);
        Figure.writeBytes(path, gif());
    }

    public void saveHtml(Path path) throws IOException {
        Figure.checkTarget(path);
        Figure.writeBytes(path, HtmlPlayer.page(html(), description).getBytes(StandardCharsets.UTF_8));
    }

    /** True when an {@code ffmpeg} executable is on the PATH, so {@link #saveMp4} can work. */
    public static boolean canSaveMp4() {
        return Mp4Writer.findFfmpeg() != null;
    }

    /** MP4 through ffmpeg; an IOException says so when ffmpeg is missing or fails. */
    public void saveMp4(Path path) throws IOException {
        Mp4Writer.write(frames, delayMillis, path);
    }

    /** Saves by the file's extension: .gif, .html/.htm, .mp4, or .png (the last frame). */
    public void save(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gif")) {
            saveGif(path);
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            saveHtml(path);
        } else if (name.endsWith(".mp4")) {
            saveMp4(path);
        } else if (name.endsWith(".png")) {
            Figure.writeBytes(path, pngs().get(frames.size() - 1));
        } else {
            throw new IllegalArgumentException("path must end in .gif, .html, .mp4 or .png, got " + path);
        }
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("text/html", html());
        b.put("image/png", Base64.getEncoder().encodeToString(pngs().get(frames.size() - 1)));
        b.put("text/plain", toString());
        return b;
    }

    @Override
    public String toString() {
        BufferedImage f = frames.get(0);
        return description + " (" + frames.size() + " frames, " + f.getWidth() + "x" + f.getHeight() + " px, "
                + delayMillis + " ms each)";
    }
}
