package scoremodels.plots;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Figure 6.3: score arrows of a trained (left) and an untrained (right) model, one row per
 * noise level. Knows how many arrows each panel drew, so tests can check the field itself.
 */
public final class GradientField extends Figure {
    private final int[][] arrows;

    GradientField(BufferedImage image, List<DataToPixel> panels, String description, int[][] arrows) {
        super(image, panels, description);
        this.arrows = arrows;
    }

    /** Number of rows, one per noise level. */
    public int levels() {
        return arrows.length;
    }

    /**
     * Arrows drawn in row {@code level}, column {@code side} (0 trained, 1 untrained). Grid
     * points where the score is exactly zero have no direction and are not drawn.
     */
    public int arrowCount(int level, int side) {
        if (level < 0 || level >= arrows.length) {
            throw new IllegalArgumentException("level must be in [0, " + arrows.length + "), got " + level);
        }
        if (side != 0 && side != 1) {
            throw new IllegalArgumentException("side must be 0 (trained) or 1 (untrained), got " + side);
        }
        return arrows[level][side];
    }

    /** Arrows drawn in the whole figure. */
    public int arrowCount() {
        int n = 0;
        for (int[] row : arrows) {
            n += row[0] + row[1];
        }
        return n;
    }
}
