package io.vitessreplicator.sink.redshift.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A COPY manifest: {@code {"entries":[{"url":"s3://bucket/key","mandatory":true,
 * "meta":{"content_length":123}}, ...]}}. Parsed strictly: unknown keys, wrong types, a non-s3
 * URL or an empty list are errors.
 */
final class S3Manifest {
    /** One file of the manifest; {@code contentLength} is null when the entry gives none. */
    record Entry(String url, String bucket, String key, boolean mandatory, Long contentLength) {}

    private S3Manifest() {}

    /** @throws IllegalArgumentException with a message saying what is wrong */
    static List<Entry> parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the manifest is not valid JSON: " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        onlyKeys(o, Set.of("entries"), "the manifest");
        if (!o.has("entries") || !o.get("entries").isJsonArray()) {
            throw new IllegalArgumentException("the manifest has no \"entries\" array");
        }
        List<Entry> entries = new ArrayList<>();
        int n = 0;
        for (JsonElement e : o.getAsJsonArray("entries")) {
            n++;
            String where = "manifest entry " + n;
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(where + " is not an object");
            }
            JsonObject entry = e.getAsJsonObject();
            onlyKeys(entry, Set.of("url", "mandatory", "meta"), where);
            JsonPrimitive url = primitive(entry, "url", where);
            if (url == null || !url.isString()) {
                throw new IllegalArgumentException(where + " has no \"url\" string");
            }
            String u = url.getAsString();
            int slash = u.indexOf('/', 5);
            if (!u.startsWith("s3://") || slash < 0 || slash == u.length() - 1 || slash == 5) {
                throw new IllegalArgumentException(where + ": not an s3://bucket/key URL: " + u);
            }
            boolean mandatory = false;
            JsonPrimitive m = primitive(entry, "mandatory", where);
            if (m != null) {
                if (!m.isBoolean()) {
                    throw new IllegalArgumentException(where + ": \"mandatory\" must be true or false");
                }
                mandatory = m.getAsBoolean();
            }
            Long length = null;
            if (entry.has("meta")) {
                if (!entry.get("meta").isJsonObject()) {
                    throw new IllegalArgumentException(where + ": \"meta\" must be an object");
                }
                JsonObject meta = entry.getAsJsonObject("meta");
                onlyKeys(meta, Set.of("content_length"), where + " meta");
                JsonPrimitive cl = primitive(meta, "content_length", where);
                if (cl != null) {
                    if (!cl.isNumber() || cl.getAsBigDecimal().signum() < 0
                            || cl.getAsBigDecimal().stripTrailingZeros().scale() > 0) {
                        throw new IllegalArgumentException(where + ": \"content_length\" must be a whole number of bytes");
                    }
                    length = cl.getAsLong();
                }
            }
            entries.add(new Entry(u, u.substring(5, slash), u.substring(slash + 1), mandatory, length));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the manifest lists no files (Redshift fails a COPY whose manifest is"
                    + " empty)");
        }
        return entries;
    }

    private static JsonPrimitive primitive(JsonObject o, String key, String where) {
        if (!o.has(key)) {
            return null;
        }
        JsonElement v = o.get(key);
        if (!v.isJsonPrimitive()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" has the wrong type");
        }
        return v.getAsJsonPrimitive();
    }

    private static void onlyKeys(JsonObject o, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException(where + " has an unknown key \"" + e.getKey() + "\" (known: " + allowed
                        + ")");
            }
        }
    }
}
