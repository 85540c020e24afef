package scoremodels.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;

/**
 * NumPy's {@code .npy} format for float32 and float64 arrays: the magic {@code \x93NUMPY}, a
 * version, a Python-literal header dict ({@code descr}, {@code fortran_order}, {@code shape})
 * padded with spaces to a multiple of 64 bytes, then the raw values.
 *
 * <p>Written as version 1.0, little-endian, C order; read in versions 1.0 to 3.0, either byte
 * order and either memory order.
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    /** ND4J's most dimensions; a header with more is refused before ND4J sees it. */
    private static final int MAX_RANK = 32;
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The .npy bytes of a FLOAT or DOUBLE array. */
    static byte[] write(INDArray a) {
        boolean f4 = a.dataType() == DataType.FLOAT;
        if (!f4 && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("array type must be FLOAT or DOUBLE, got " + a.dataType());
        }
        StringBuilder shape = new StringBuilder("(");
        for (long s : a.shape()) {
            shape.append(s).append(", ");
        }
        // Python writes a 1-tuple as (n,) and other tuples without a trailing comma.
        String sh = a.rank() == 0 ? "()" : a.rank() == 1 ? "(" + a.shape()[0] + ",)"
                : shape.substring(0, shape.length() - 2) + ")";
        String dict = "{'descr': '" + (f4 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        int width = f4 ? 4 : 8;
        long n = a.length();
        long dataBytes = Checks.arrayLength("the array's entries·bytes each", n, width);
        int size = Checks.arrayLength("the .npy file's bytes", MAGIC.length + 4 + header.length() + dataBytes);
        ByteBuffer buf = ByteBuffer.allocate(size)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        if (n > 0) {
            INDArray flat = a.dup('c').reshape(n);
            if (f4) {
                for (float v : flat.toFloatVector()) {
                    buf.putFloat(v);
                }
            } else {
                for (double v : flat.toDoubleVector()) {
                    buf.putDouble(v);
                }
            }
        }
        return buf.array();
    }

    /** Parses .npy bytes; {@code where} names the file and entry in error messages. */
    static INDArray read(byte[] bytes, String where) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(where + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException(where + ": truncated .npy header");
            }
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new IOException(where + ": unsupported .npy version " + major + "." + bytes[7]);
        }
        if (headerLen < 0 || start + headerLen > bytes.length) {
            throw new IOException(where + ": truncated .npy header (length " + headerLen + ")");
        }
        String header = new String(bytes, start, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, "descr", where);
        String fortran = find(FORTRAN, header, "fortran_order", where);
        long[] shape = parseShape(find(SHAPE, header, "shape", where), where);

        ByteOrder order;
        if (descr.startsWith("<")) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (descr.startsWith(">")) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IOException(where + ": dtype must be '<f4' or '<f8', got '" + Npz.printable(descr) + "'");
        }
        String kind = descr.substring(1);
        if (!kind.equals("f4") && !kind.equals("f8")) {
            throw new IOException(where + ": dtype must be '<f4' or '<f8', got '" + Npz.printable(descr) + "'");
        }
        boolean f4 = kind.equals("f4");
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        int width = f4 ? 4 : 8;
        int dataStart = start + headerLen;
        if (bytes.length - dataStart != n * width) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " needs " + n * width
                    + " data bytes, found " + (bytes.length - dataStart));
        }
        DataType type = f4 ? DataType.FLOAT : DataType.DOUBLE;
        if (n == 0) {
            return Nd4j.create(type, shape);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) (n * width)).order(order);
        INDArray flat;
        if (f4) {
            float[] v = new float[(int) n];
            data.asFloatBuffer().get(v);
            flat = Nd4j.createFromArray(v);
        } else {
            double[] v = new double[(int) n];
            data.asDoubleBuffer().get(v);
            flat = Nd4j.createFromArray(v);
        }
        if (shape.length == 0) {
            return Nd4j.scalar(type, flat.getDouble(0));
        }
        char memory = fortran.equals("True") ? 'f' : 'c';
        return flat.reshape(memory, shape).dup('c');
    }

    private static String find(Pattern p, String header, String key, String where) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(where + ": bad .npy header, no valid '" + key + "' in " + Npz.printable(header.trim()));
        }
        return m.group(1);
    }

    private static long[] parseShape(String inner, String where) throws IOException {
        String s = inner.trim();
        if (s.isEmpty()) {
            return new long[0];
        }
        String[] parts = s.split(",");
        int count = parts.length;
        if (parts[count - 1].isBlank()) {
            count--;
        }
        if (count > MAX_RANK) {
            throw new IOException(where + ": bad .npy header, shape has " + count + " dimensions, more than " + MAX_RANK);
        }
        long[] shape = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].trim().replaceAll("L$", ""));
            } catch (NumberFormatException e) {
                throw new IOException(where + ": bad .npy header, shape (" + Npz.printable(inner) + ") is not a tuple of integers");
            }
            if (shape[i] < 0) {
                throw new IOException(where + ": bad .npy header, negative size in shape (" + Npz.printable(inner) + ")");
            }
        }
        long n = 1;
        for (long d : shape) {
            n = d > Integer.MAX_VALUE ? Long.MAX_VALUE : n * d;
            if (n > Integer.MAX_VALUE / 8) {
                throw new IOException(where + ": shape (" + Npz.printable(inner) + ") is too large to load");
            }
        }
        return shape;
    }
}
