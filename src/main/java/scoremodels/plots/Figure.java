package scoremodels.plots;

import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import scoremodels.display.Display;
import scoremodels.display.MimeBundle;

/**
 * A finished figure: one image made of one or more panels.
 *
 * <p>The image is painted once, when the figure is made, so {@link #image()} is free to call
 * (a notebook cell ending in {@code fig.image()} renders it). {@link #show()} sends it to the
 * notebook as PNG, {@link #save(Path)} writes the same PNG bytes to a file.
 */
public class Figure implements MimeBundle {
    static {
        // JJava and IJava render a cell's value through their own renderer: teach it this type
        Display.registerWithKernel();
    }

    private final BufferedImage image;
    private final List<DataToPixel> panels;
    private final String description;
    private byte[] png;

    Figure(BufferedImage image, List<DataToPixel> panels, String description) {
        this.image = image;
        this.panels = List.copyOf(panels);
        this.description = description;
    }

    /** The painted image (not a copy: treat it as read-only). */
    public BufferedImage image() {
        return image;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Number of panels (plots with their own axes) in the image. */
    public int panelCount() {
        return panels.size();
    }

    /** Where the data point (x, y) of panel {@code panel} lies in the image, in pixels. */
    public Point2D pixelOf(int panel, double x, double y) {
        if (panel < 0 || panel >= panels.size()) {
            throw new IllegalArgumentException("panel must be in [0, " + panels.size() + "), got " + panel);
        }
        return panels.get(panel).apply(x, y);
    }

    /** The image as PNG bytes (encoded once). */
    public synchronized byte[] png() {
        if (png == null) {
            png = encodePng(image);
        }
        return png.clone();
    }

    /** Writes the PNG; the parent folder must exist. */
    public void save(Path path) throws IOException {
        writeBytes(path, png());
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("image/png", Base64.getEncoder().encodeToString(png()));
        b.put("text/plain", toString());
        return b;
    }

    @Override
    public String toString() {
        return description + " (" + width() + "x" + height() + " px)";
    }

    static byte[] encodePng(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed in memory", e);
        }
    }

    /** Writes bytes with a message that names the path when the file system refuses. */
    static void writeBytes(Path path, byte[] bytes) throws IOException {
        checkTarget(path);
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + e, e);
        }
    }

    /** Fails early, before any work, when {@code path} cannot be a new or replaced file. */
    static void checkTarget(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("cannot write " + path + ": folder " + parent + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new IOException("cannot write " + path + ": it is a folder");
        }
        if (!Files.isWritable(parent) && !(Files.exists(path) && Files.isWritable(path))) {
            throw new IOException("cannot write " + path + ": folder " + parent + " is not writable");
        }
    }
}
