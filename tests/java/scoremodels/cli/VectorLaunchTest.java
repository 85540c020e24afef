package scoremodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VectorLaunchTest {
    private static String copied(String stderr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorLaunch.copyWithoutNotice(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theIncubatorNoticeIsLeftOutAndTheRestPassesUntouched() {
        assertEquals("bench: --steps must be at least 1\n",
                copied("WARNING: Using incubator modules: jdk.incubator.vector\nbench: --steps must be at least 1\n"));
        assertEquals("", copied("WARNING: Using incubator modules: jdk.incubator.vector\r\n"));
    }

    @Test
    void anyOtherFirstLineIsKept() {
        assertEquals("WARNING: something else\nsecond", copied("WARNING: something else\nsecond"));
        String longLine = "x".repeat(200) + "\nrest\n";
        assertEquals(longLine, copied(longLine));
        assertEquals("WARNING: Using incubator modules: jdk.incubator.vector, jdk.other\n",
                copied("WARNING: Using incubator modules: jdk.incubator.vector, jdk.other\n"));
        assertEquals("no newline", copied("no newline"));
        assertEquals("", copied(""));
    }

    @Test
    void noRelaunchWhenTheModuleIsPresent() {
        // surefire starts the tests with --add-modules jdk.incubator.vector
        assertNull(VectorLaunch.command(new String[] {"cores"}));
    }
}
