package io.vitessreplicator.source.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Shows a raw value in an error message: quoted text when it is printable UTF-8, else hex; truncated. */
final class RawValue {
    private RawValue() {}

    static String describe(byte[] bytes, int offset, int length, int limit) {
        if (length == 0) {
            return "''";
        }
        int shown = Math.min(length, limit);
        String suffix = shown < length ? "... (" + length + " bytes)" : "";
        // A truncated value may end inside a UTF-8 character: back off up to 3 bytes to find text.
        for (int cut = 0; cut <= (shown < length ? 3 : 0) && cut < shown; cut++) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(bytes, offset, shown - cut)).toString();
                if (text.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f)) {
                    return "'" + text + "'" + suffix;
                }
                break;
            } catch (CharacterCodingException e) {
                // not text, or cut inside a character
            }
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = offset; i < offset + shown; i++) {
            hex.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return hex + suffix;
    }
}
