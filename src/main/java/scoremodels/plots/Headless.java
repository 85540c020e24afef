package scoremodels.plots;

/** Makes AWT run without a display; the figures are painted into images, never windows. */
final class Headless {
    private Headless() {
    }

    static {
        // Must happen before the first AWT class asks for its toolkit; an explicit user
        // setting wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Touching this method runs the static block above once. */
    static void ensure() {
        // nothing else to do: loading the class is the point
    }
}
