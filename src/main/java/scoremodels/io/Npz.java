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

    /** Every member's bytes, in archive order; a missing or broken archive is an IOException naming it. */
    static Map<String, byte[]> read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such .npz file");
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        String entryName = null;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                entryName = e.getName();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (IOException ex) {
                    throw new ZipException("cannot inflate the member: " + ex.getMessage());
                }
                // ZipFile does not check the CRC of deflated members itself; a flipped bit must not load.
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if ((e.getSize() >= 0 && e.getSize() != bytes.length) || (e.getCrc() >= 0 && e.getCrc() != crc.getValue())) {
                    throw new ZipException("size or CRC-32 check failed, the member is corrupted");
                }
                members.put(entryName, bytes);
            }
        } catch (ZipException e) {
            throw new IOException(path + (entryName == null ? "" : ": entry " + entryName)
                    + ": not a valid .npz (zip) file: " + e.getMessage(), e);
        }
        return members;
    }
}
