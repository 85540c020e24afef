package scoremodels.engine;

/**
 * The {@code scoremodels.vector.bits} system property (256 or 512; unset: the CPU's widest of the
 * two), read and checked apart from {@link Gemm} so that the command line can refuse a wrong value
 * with a plain message before the products' class is loaded.
 */
public final class VectorWidth {
    public static final String PROPERTY = "scoremodels.vector.bits";

    private VectorWidth() {
    }

    /** The width asked for: 0 when the property is unset, else 256 or 512. */
    public static int requested() {
        String asked = System.getProperty(PROPERTY, "").trim();
        switch (asked) {
            case "":
                return 0;
            case "256":
                return 256;
            case "512":
                return 512;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be 256 or 512, got \"" + asked + "\"");
        }
    }
}
