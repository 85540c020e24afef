package scoremodels.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .npz} container: a zip archive of named members, arrays as {@code name.npy}.
 * Writes go to a temporary file in the target's folder that is then moved over the target, so
 * a failed write never leaves a half-written or destroyed file behind.
 */
final class Npz {
    private Npz() {
    }

    /** Writes the members (name → bytes) in order, deflated like {@code np.savez_compressed}. */
    static void write(Map<String, byte[]> members, Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : members.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The most bytes one member may inflate to. A model's largest array (a width-4096 layer in
     * float64) takes 128 MiB; the cap keeps a zip bomb from exhausting the heap.
     */
    static final int MAX_MEMBER_BYTES = 256 << 20;
    /** The most bytes all members together may inflate to. */
    static final long MAX_TOTAL_BYTES = 1L << 30;

    /**
     * Every member's bytes, in archive order. A missing or broken archive, a member larger than
     * {@link #MAX_MEMBER_BYTES} or a repeated name is an IOException naming the file and entry.
     */
    static Map<String, byte[]> read(Path path) throws IOException {
        return read(path, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES);
    }

    static Map<String, byte[]> read(Path path, int maxMember, long maxTotal) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such .npz file");
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        String entryName = null;
        long total = 0;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                entryName = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (members.containsKey(entryName)) {
                    throw new ZipException("the name appears twice in the archive");
                }
                // The declared size is checked first; the stream is then capped at it, so a member
                // that inflates past what it declares stops after one byte too many.
                long declared = e.getSize();
                long limit = Math.min(maxMember, maxTotal - total);
                if (declared > limit) {
                    throw new ZipException("declares " + declared + " bytes, more than the "
                            + limit + " allowed (" + maxMember + " per member, " + maxTotal + " in all)");
                }
                byte[] bytes = readAtMost(zip, e, declared >= 0 ? declared : limit);
                if (bytes.length > (declared >= 0 ? declared : limit)) {
                    throw new ZipException(declared >= 0 ? "inflates past the " + declared + " bytes it declares"
                            : "inflates to more than the " + limit + " bytes allowed");
                }
                // ZipFile does not check the CRC of deflated members itself; a flipped bit must not load.
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if ((declared >= 0 && declared != bytes.length) || (e.getCrc() >= 0 && e.getCrc() != crc.getValue())) {
                    throw new ZipException("size or CRC-32 check failed, the member is corrupted");
                }
                total += bytes.length;
                members.put(entryName, bytes);
            }
        } catch (ZipException | RuntimeException e) {
            // ZipFile reports some malformed archives (bad names, bad offsets) as runtime exceptions.
            throw new IOException(path + (entryName == null ? "" : ": entry " + printable(entryName))
                    + ": not a valid .npz (zip) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(path + ": cannot read: " + e.getMessage(), e);
        }
        return members;
    }

    /** The member's bytes, reading at most {@code limit} + 1 of them (one more shows it is too long). */
    private static byte[] readAtMost(ZipFile zip, ZipEntry e, long limit) throws ZipException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        } catch (IOException ex) {
            throw new ZipException("cannot inflate the member: " + ex.getMessage());
        }
    }

    /** A member name fit for a one-line message: control characters escaped, long names cut. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < name.length() && sb.length() < 120; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < name.length() ? sb + "…" : sb.toString();
    }
}
