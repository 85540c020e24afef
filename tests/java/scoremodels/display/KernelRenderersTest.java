package scoremodels.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import scoremodels.plots.Animation;
import scoremodels.plots.Figure;
import scoremodels.plots.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The library's displayable types rendered by JJava's and IJava's own {@code Renderer} classes
 * (from their protocol libraries), as those kernels render a cell's value and
 * {@code display(o, types...)}; and the library without either library on its class path.
 */
class KernelRenderersTest {
    private static final double[][] POINTS = {{0, 0}, {1, 2}, {-3, 1}, {2, -2}};

    private static Figure figure() {
        return Plots.scatter(POINTS);
    }

    private static Animation animation() {
        double[][][] paths = {{{0, 0}, {1, 1}, {2, 2}}, {{-1, 0}, {-2, 1}, {-3, 3}}};
        return Plots.flowAnimation(paths, new double[] {1, 0.5, 0}).background(POINTS).animation();
    }

    private static TableView table() {
        return TableView.of(Table.create("levels", DoubleColumn.create("t", 0.5, 1.5)));
    }

    /** PNG files start with these eight bytes. */
    private static void assertPng(Object base64) {
        byte[] bytes = Base64.getDecoder().decode((String) base64);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                java.util.Arrays.copyOf(bytes, 8));
    }

    /** One kernel's renderer, seen through two functions: render(o) and renderAs(o, types). */
    private void rendersEveryType(Function<Object, Function<String, Object>> render,
            BiFunction<Object, String[], Function<String, Object>> renderAs) {
        Figure fig = figure();
        Function<String, Object> shown = render.apply(fig);
        assertEquals(fig.mimeBundle().get("image/png"), shown.apply("image/png"), "the figure's own PNG");
        assertPng(shown.apply("image/png"));
        assertEquals(fig.toString(), shown.apply("text/plain"));

        Animation anim = animation();
        Function<String, Object> player = render.apply(anim);
        String html = (String) player.apply("text/html");
        // each player gets its own element ids: compare the page without them
        assertEquals(anim.html().replaceAll("scoremodels-anim-[0-9a-f-]+", "ID"),
                html.replaceAll("scoremodels-anim-[0-9a-f-]+", "ID"), "the animation's HTML player");
        assertTrue(html.contains(">Play<"), "the player has its Play button");
        assertPng(player.apply("image/png"));

        TableView t = table();
        Function<String, Object> tableShown = render.apply(t);
        assertEquals(t.html(), tableShown.apply("text/html"));
        assertEquals(t.text(), tableShown.apply("text/plain"));

        Source src = Source.of(Display.class);
        assertEquals(src.mimeBundle().get("text/html"), render.apply(src).apply("text/html"));

        // display(o, "image/png") asks for one type: the player's HTML is left out
        Function<String, Object> pngOnly = renderAs.apply(anim, new String[] {"image/png"});
        assertPng(pngOnly.apply("image/png"));
        assertNull(pngOnly.apply("text/html"));
        assertEquals(anim.toString(), pngOnly.apply("text/plain"));
    }

    @Test
    void jjavaRendererShowsFiguresAnimationsAndTables() {
        org.dflib.jjava.jupyter.kernel.display.Renderer r = new org.dflib.jjava.jupyter.kernel.display.Renderer();
        // an unregistered renderer shows only toString(): what JJava did before
        assertNull(r.render(figure()).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png")));
        assertTrue(JJavaHost.register(r));
        assertTrue(JJavaHost.register(r), "registering twice is harmless");
        rendersEveryType(
                o -> type -> r.render(o).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(type)),
                (o, types) -> type -> r.renderAs(o, types)
                        .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(type)));
        // a second registration would make the renderer call the bundle twice per render
        int[] calls = {0};
        MimeBundle counted = () -> {
            calls[0]++;
            return Map.of("text/html", "<b>x</b>");
        };
        r.render(counted);
        assertEquals(1, calls[0]);
    }

    @Test
    void ijavaRendererShowsFiguresAnimationsAndTables() {
        io.github.spencerpark.jupyter.kernel.display.Renderer r = new io.github.spencerpark.jupyter.kernel.display.Renderer();
        assertNull(r.render(figure()).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png")));
        assertTrue(IJavaHost.register(r));
        rendersEveryType(
                o -> type -> r.render(o).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse(type)),
                (o, types) -> type -> r.renderAs(o, types)
                        .getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse(type)));
    }

    @Test
    void withoutAKernelNothingIsShownButTextAndNoIdIsGiven() {
        Display.registerWithKernel(); // JJava's and IJava's classes are here, their kernels are not
        assertNull(Display.open(figure().mimeBundle()));
        assertFalse(Display.update("some-id", figure().mimeBundle()));
        PrintStream old = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertFalse(Display.show(figure().mimeBundle()));
        } finally {
            System.setOut(old);
        }
        assertEquals(figure().toString(), printed.toString(StandardCharsets.UTF_8).strip());
        assertThrows(IllegalArgumentException.class, () -> Display.show(Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Display.update("", figure().mimeBundle()));
        assertTrue(e.getMessage().contains("displayId"), e.getMessage());
    }

    /**
     * The library where neither protocol library exists (the CLI, another kernel): its classes
     * load in a class loader that hides JJava's and IJava's packages, and a figure is made,
     * registered and shown as text.
     */
    @Test
    void theLibraryNeedsNeitherKernelLibrary() throws Exception {
        try (HidingLoader loader = new HidingLoader(List.of("org.dflib.jjava.", "io.github.spencerpark."))) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("org.dflib.jjava.jupyter.kernel.BaseKernel", false, loader));
            Class<?> plots = Class.forName("scoremodels.plots.Plots", true, loader);
            assertEquals(loader, plots.getClassLoader(), "the library's classes come from the hiding loader");
            Object fig = plots.getMethod("scatter", double[][].class).invoke(null, (Object) POINTS);
            Method bundle = fig.getClass().getMethod("mimeBundle");
            assertPng(((Map<?, ?>) bundle.invoke(fig)).get("image/png"));
            Class<?> display = Class.forName("scoremodels.display.Display", true, loader);
            display.getMethod("registerWithKernel").invoke(null);
            assertNull(display.getMethod("open", Map.class).invoke(null, bundle.invoke(fig)));
        }
    }

    /** Loads the library's own classes itself, hides some packages, and leaves the rest to its parent. */
    private static final class HidingLoader extends ClassLoader implements AutoCloseable {
        private final List<String> hidden;

        HidingLoader(List<String> hidden) {
            super(KernelRenderersTest.class.getClassLoader());
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                for (String prefix : hidden) {
                    if (name.startsWith(prefix)) {
                        throw new ClassNotFoundException(name + " is hidden from this test's library");
                    }
                }
                if (!name.startsWith("scoremodels.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String file = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(file)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public void close() {
        }
    }
}
