package io.apikeys.keycloak.check;

import java.nio.charset.StandardCharsets;

/**
 * A name (client id, scope) as an HTTP header value: header values are ASCII, so every byte of its UTF-8 form
 * outside visible ASCII, and {@code %} itself, is percent-encoded (RFC 3986 2.1). Nothing is lost, a CR or LF can
 * never split the header, and a name of visible ASCII without {@code %} (every usual client id) stays as it is.
 */
final class HeaderValue {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValue() {
    }

    static String encode(String name) {
        StringBuilder encoded = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '%') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }
}
