package scoremodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scoremodels.cli.Fingerprint;
import scoremodels.engine.Blas;

/**
 * The same keys give the same bits: training (every configuration the notebooks train), the
 * samplers and the metrics, whichever OpenBLAS kernel the machine would pick and with one or two
 * threads; and a short run gives the checksums stored here, on whatever machine runs the tests.
 */
class ReproducibilityTest {
    /**
     * {@code fingerprint --steps 10 --samples 60}, computed on an AMD EPYC (Zen 4, AVX-512) under
     * JDK 17. Another machine that prints other lines computes other bits: see
     * docs/performance.md (Reproducibility) for what is promised where.
     */
    private static final Map<String, String> STORED = stored();

    private static Map<String, String> stored() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hyvarinen-relu", "loss_history=6f29f92c14db3381 params=d0fa8d46f655ccad last_loss=1172.88150");
        m.put("hyvarinen-softplus", "loss_history=82b5d768c1b4cbbc params=6e916fc41be16c93 last_loss=-1.41343812");
        m.put("denoising-softplus", "loss_history=7e91d9c06d56f5ee params=582485e0964a5680 last_loss=15.1335984");
        m.put("sliced-softplus", "loss_history=71418d6e13ac69b8 params=5971e06f135aa122 last_loss=-1.42783058");
        m.put("sample-chapter-ode", "points=5f053cd504c2facd metrics=c7640a42d94c6132 energy=1460.69920");
        m.put("sample-consistent-ode", "points=42aacdab05d49595 metrics=b914b0d920bbd9e6 energy=2.69825136");
        m.put("sample-reverse-sde", "points=7bd7350e8ba4bb9e metrics=499b94916b699622 energy=6.85665941");
        m.put("all", "386e3aabcf32a034");
        return m;
    }

    @Test
    void aShortRunGivesTheStoredChecksums() {
        boolean before = Blas.machineDependent();
        Blas.setMachineDependent(false);
        try {
            Map<String, String> got = Fingerprint.compute(10, 60);
            StringBuilder all = new StringBuilder();
            got.forEach((k, v) -> all.append(k).append(' ').append(v).append('\n'));
            assertEquals(STORED.keySet(), got.keySet(), all.toString());
            for (String name : STORED.keySet()) {
                assertEquals(STORED.get(name), got.get(name), name + " differs; this machine computed:\n" + all);
            }
        } finally {
            Blas.setMachineDependent(before);
        }
    }

    /**
     * 200 steps of each configuration in child JVMs, one per OpenBLAS core type this CPU can run
     * (never one it lacks: a kernel with instructions the CPU does not have kills the JVM) and
     * per thread count; the JIT limited to AVX2 in some of them, as on a CPU without AVX-512; and
     * one JVM without the Vector API, whose products run on the plain loops (as in a Jupyter
     * kernel that loads the library with {@code %classpath}).
     */
    @Test
    void everyKernelTypeAndThreadCountGivesTheSameBits() throws Exception {
        Set<String> flags = cpuFlags();
        List<String> coreTypes = new ArrayList<>();
        if (flags.contains("avx2") && flags.contains("fma")) {
            coreTypes.add("Haswell");
            coreTypes.add("Zen");
        }
        if (flags.containsAll(List.of("avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"))) {
            coreTypes.add("SkylakeX");
            if (flags.contains("avx512_bf16")) {
                coreTypes.add("Cooperlake");
            }
        }
        if (coreTypes.isEmpty()) {
            coreTypes.add(""); // a CPU without AVX2: OpenBLAS's own choice only
        }
        boolean wide = flags.contains("avx512f");
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String coreType : coreTypes) {
            for (int threads : new int[] {1, 2}) {
                // On an AVX-512 machine, the AVX2 kernel types also run with the JIT limited to AVX2.
                boolean narrow = wide && (coreType.equals("Haswell") || coreType.equals("Zen")) && threads == 2;
                String label = (coreType.isEmpty() ? "default" : coreType) + ", " + threads + " thread(s)"
                        + (narrow ? ", JIT limited to AVX2" : "");
                outputs.put(label, child(coreType, threads, narrow, true));
            }
        }
        outputs.put("plain loops (no Vector API), 2 thread(s)", child(coreTypes.get(0), 2, false, false));
        assertTrue(outputs.size() >= 2, "ran " + outputs.keySet());
        String first = outputs.values().iterator().next();
        assertTrue(first.contains("all "), "no checksums in:\n" + first);
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            assertEquals(first, e.getValue(), e.getKey() + " computed other bits than " + outputs.keySet().iterator().next());
        }
    }

    private static String child(String coreType, int threads, boolean narrow, boolean vector) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:ActiveProcessorCount=" + threads));
        if (narrow) {
            cmd.add("-XX:UseAVX=2");
        }
        if (vector) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        } else {
            cmd.add("-Dscoremodels.vector=false");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "scoremodels.cli.Main", "fingerprint",
                "--steps", "200", "--samples", "200"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove("SCOREMODELS_BLAS");
        env.remove("OPENBLAS_CORETYPE");
        if (!coreType.isEmpty()) {
            env.put("OPENBLAS_CORETYPE", coreType);
        }
        env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        Path log = Files.createTempFile("fingerprint", ".txt");
        try {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            assertTrue(p.waitFor(40, TimeUnit.MINUTES), "the child JVM did not finish: " + cmd);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "child JVM failed (" + cmd + "):\n" + out);
            StringBuilder sums = new StringBuilder();
            String products = null;
            for (String line : out.split("\n")) {
                if (line.startsWith("products=")) {
                    products = line;
                } else if (Fingerprint.CONFIGURATIONS.stream().anyMatch(line::startsWith)
                        || line.startsWith("sample-") || line.startsWith("all ")) {
                    sums.append(line).append('\n');
                }
            }
            // the vector kernel runs where the JIT has 256-bit vectors (AVX2 and later), on 512-bit
            // ones where it has those (AVX-512, unless limited to AVX2)
            Set<String> flags = cpuFlags();
            String want = "products=" + (!vector || !flags.contains("avx2") ? "java-scalar"
                    : "java-vector " + (flags.contains("avx512f") && !narrow ? 512 : 256) + "-bit") + " ";
            assertTrue(products != null && products.startsWith(want), "expected " + want + "in:\n" + out);
            return sums.toString();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Set<String> cpuFlags() throws IOException {
        Set<String> flags = new TreeSet<>();
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return flags;
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("flags")) {
                flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                break;
            }
        }
        return flags;
    }
}
