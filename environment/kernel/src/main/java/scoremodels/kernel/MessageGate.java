package scoremodels.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one whole multipart message from a kernel socket and lets it in only when it is well
 * formed and properly signed.
 *
 * <p>Every frame of the message is received first, whatever it holds, so a malformed or truncated
 * message is dropped whole and never eats into the next one (JJava's reader takes frames until it
 * has what it wants, from the next message if need be). Then: the "&lt;IDS|MSG&gt;" delimiter and
 * the five frames after it must be there; the HMAC signature is compared in constant time; a
 * signature seen before (a replayed message) is refused, as ipykernel does; only then is JSON
 * parsed. With an empty key the connection file disables signing (the messaging spec's rule):
 * signatures are neither checked nor remembered, and the kernel says so in its log at start-up.
 */
final class MessageGate {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Largest frame a socket accepts (ZeroMQ drops the sender's connection beyond it). */
    static final long MAX_FRAME_BYTES = 64L << 20;
    /** Most frames one message may have: identities, six protocol frames and a few buffers. */
    static final int MAX_FRAMES = 64;
    /** How many signatures are remembered to refuse replays. */
    static final int REMEMBERED = 1 << 16;

    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() {
    }.getType();
    private static final Gson GSON = protocolGson();

    private final HMACGenerator hmac;
    private final boolean signing;
    private final Set<String> seen = new LinkedHashSet<>();

    MessageGate(String key, HMACGenerator hmac) {
        this.hmac = hmac;
        this.signing = key != null && !key.isEmpty();
    }

    boolean signing() {
        return signing;
    }

    /** A message's frames, read whole, with what the protocol needs found in them. */
    static final class Frames {
        final List<byte[]> identities;
        final byte[] signature;
        final byte[] header;
        final byte[] parent;
        final byte[] metadata;
        final byte[] content;
        final List<byte[]> buffers;

        Frames(List<byte[]> identities, List<byte[]> rest) {
            this.identities = identities;
            this.signature = rest.get(0);
            this.header = rest.get(1);
            this.parent = rest.get(2);
            this.metadata = rest.get(3);
            this.content = rest.get(4);
            this.buffers = new ArrayList<>(rest.subList(5, rest.size()));
        }
    }

    /** A message let in: the raw frames and the parsed message; msgType is the header's own text. */
    static final class Received {
        final Frames frames;
        final Message<?> message;
        final String msgType;

        Received(Frames frames, Message<?> message, String msgType) {
            this.frames = frames;
            this.message = message;
            this.msgType = msgType;
        }
    }

    /** Receives every frame of the next message; null when the socket gives nothing (closed). */
    static List<byte[]> receiveAll(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                return frames.isEmpty() ? null : frames;
            }
            if (frames.size() < MAX_FRAMES + 1) {
                frames.add(frame);
            }
        } while (socket.hasReceiveMore());
        return frames;
    }

    /**
     * The next message from the socket, or null when it was dropped (the reason is logged) or
     * the socket is closed; {@code closed[0]} tells which.
     */
    Received read(ZMQ.Socket socket, String role, boolean[] closed) {
        List<byte[]> all = receiveAll(socket);
        closed[0] = all == null;
        if (all == null) {
            return null;
        }
        String why = check(all);
        if (why != null) {
            KernelLog.warn("dropped a " + role + " message: " + why);
            return null;
        }
        int d = delimiterAt(all);
        Frames f = new Frames(new ArrayList<>(all.subList(0, d)), all.subList(d + 1, all.size()));
        try {
            return parse(f);
        } catch (RuntimeException e) {
            KernelLog.warn("dropped a malformed " + role + " message: " + e);
            return null;
        }
    }

    /** Why the frames are refused, or null when they may be parsed. */
    String check(List<byte[]> all) {
        if (all.size() > MAX_FRAMES) {
            return "more than " + MAX_FRAMES + " frames";
        }
        int d = delimiterAt(all);
        if (d < 0) {
            return "no <IDS|MSG> delimiter among its " + all.size() + " frames";
        }
        if (all.size() - d - 1 < 5) {
            return "truncated: " + (all.size() - d - 1) + " frames after the delimiter, 5 needed";
        }
        if (!signing) {
            return null;
        }
        byte[] received = all.get(d + 1);
        byte[] expected = hmac.calculateSignature(all.get(d + 2), all.get(d + 3), all.get(d + 4), all.get(d + 5))
                .getBytes(StandardCharsets.US_ASCII);
        // constant time: how much of a forged signature is right must not show in the timing
        if (!MessageDigest.isEqual(expected, received)) {
            return "its signature does not match the connection key";
        }
        synchronized (seen) {
            if (!seen.add(new String(received, StandardCharsets.US_ASCII))) {
                return "its signature was seen before (a replayed message)";
            }
            if (seen.size() > REMEMBERED) {
                Iterator<String> oldest = seen.iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return null;
    }

    private static int delimiterAt(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Received parse(Frames f) {
        JsonObject headerJson = JsonParser.parseString(utf8(f.header)).getAsJsonObject();
        JsonElement type = headerJson.get("msg_type");
        if (type == null || !type.isJsonPrimitive()) {
            throw new IllegalArgumentException("its header has no msg_type");
        }
        Header<?> header = GSON.fromJson(headerJson, Header.class);
        Header<?> parent = null;
        JsonElement parentJson = JsonParser.parseString(utf8(f.parent));
        if (parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()) {
            parent = GSON.fromJson(parentJson, Header.class);
        }
        Map<String, Object> metadata = GSON.fromJson(utf8(f.metadata), JSON_MAP);
        Object content = GSON.fromJson(utf8(f.content), header.getType().getContentType());
        if (content == null) {
            throw new IllegalArgumentException("its content is not a JSON object");
        }
        if (content instanceof ErrorReply) {
            header = new Header<>(header.getId(), header.getUsername(), header.getSessionId(), header.getTimestamp(),
                    header.getType().error(), header.getVersion());
        }
        Message<?> message = new Message(f.identities, header, parent, metadata, content, f.buffers);
        return new Received(f, message, type.getAsString());
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The reply with "status": "ok" added when its content lacks one: the spec asks every reply
     * for a status, and some of the protocol library's replies (kernel_info, comm_info) have none.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Message<?> withStatus(Message<?> reply) {
        Object content = reply.getContent();
        if (content == null || content instanceof Map || content instanceof ErrorReply
                || !reply.getHeader().getType().getName().endsWith("_reply")) {
            return reply;
        }
        JsonElement tree = GSON.toJsonTree(content);
        if (!tree.isJsonObject() || tree.getAsJsonObject().has("status")) {
            return reply;
        }
        JsonObject withStatus = new JsonObject();
        withStatus.addProperty("status", "ok");
        tree.getAsJsonObject().entrySet().forEach(e -> withStatus.add(e.getKey(), e.getValue()));
        return new Message(reply.getIdentities(), reply.getHeader(), reply.getParentHeader(), reply.getMetadata(),
                withStatus, reply.getBlobs());
    }

    /** Signs and sends a reply built here (for request types the protocol library does not know). */
    void sendRaw(ZMQ.Socket socket, Frames request, String msgType, String session, Map<String, Object> content) {
        Map<String, Object> header = new java.util.LinkedHashMap<>();
        header.put("msg_id", java.util.UUID.randomUUID().toString());
        header.put("username", Header.KERNEL_USERNAME);
        header.put("session", session);
        header.put("date", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString());
        header.put("msg_type", msgType);
        header.put("version", Header.PROTOCOL_VERISON);
        byte[] h = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] c = GSON.toJson(content).getBytes(StandardCharsets.UTF_8);
        byte[] sig = hmac.calculateSignature(h, request.header, m, c).getBytes(StandardCharsets.US_ASCII);
        for (byte[] id : request.identities) {
            socket.sendMore(id);
        }
        socket.sendMore(DELIMITER);
        socket.sendMore(sig);
        socket.sendMore(h);
        socket.sendMore(request.header);
        socket.sendMore(m);
        socket.send(c);
    }

    /** The protocol library's own Gson (its adapters for headers, message types and requests). */
    private static Gson protocolGson() {
        try {
            Field f = JupyterSocket.class.getDeclaredField("gson");
            f.setAccessible(true);
            return (Gson) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the protocol library's message reader is not where it was: " + e, e);
        }
    }
}
