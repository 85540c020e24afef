package scoremodels.plots;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * MP4 through the {@code ffmpeg} program, as matplotlib's ffmpeg writer does: the frames go to
 * a temporary folder as PNG files and ffmpeg encodes them (H.264 when it has it, yuv420p so
 * that every player can show the result).
 */
final class Mp4Writer {
    private Mp4Writer() {
    }

    /** The ffmpeg executable on PATH, or null. */
    static Path findFfmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static void write(List<BufferedImage> frames, int delayMillis, Path target) throws IOException {
        Figure.checkTarget(target);
        Path ffmpeg = findFfmpeg();
        if (ffmpeg == null) {
            throw new IOException("cannot write " + target + ": ffmpeg was not found on PATH "
                    + "(install it, or save the animation with saveGif or saveHtml)");
        }
        Path dir = Files.createTempDirectory("scoremodels-frames");
        try {
            for (int i = 0; i < frames.size(); i++) {
                ImageIO.write(frames.get(i), "png", dir.resolve(String.format("frame_%05d.png", i)).toFile());
            }
            String rate = String.format(java.util.Locale.ROOT, "%.6f", 1000.0 / delayMillis);
            ProcessBuilder pb = new ProcessBuilder(ffmpeg.toString(), "-y", "-loglevel", "error",
                    "-framerate", rate, "-i", dir.resolve("frame_%05d.png").toString(),
                    "-pix_fmt", "yuv420p", target.toAbsolutePath().toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            byte[] log = p.getInputStream().readAllBytes();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
                throw new IOException("ffmpeg did not finish writing " + target + " within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("ffmpeg failed (exit " + p.exitValue() + ") writing " + target + ": "
                        + new String(log, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg wrote " + target, e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
