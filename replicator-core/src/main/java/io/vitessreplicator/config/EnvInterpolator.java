package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values, so secrets such as
 * passwords stay out of the file. {@code $$} is a literal {@code $}; a {@code $} followed by
 * anything else is kept as is, so most passwords need no escaping.
 *
 * <p>As in the shell, {@code :-} takes the default when the variable is unset <em>or empty</em>.
 * The default is literal text (no nested references) and a value taken from the environment is
 * never scanned again, so a password containing {@code ${} is used verbatim.
 *
 * <p>The environment is a parameter, not {@link System#getenv()}, so that tests pin it.
 */
final class EnvInterpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = requireNonNull(env, "env is null");
    }

    /**
     * @return {@code text} with every reference replaced
     * @throws IllegalArgumentException naming the problem (an undefined variable, a reference
     *                                  without its closing brace, a bad variable name)
     */
    String interpolate(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text.substring(i)
                            + "' has no closing }; write ${NAME}, or $$ for a literal $");
                }
                out.append(resolve(text.substring(i + 2, close)));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${" + reference + "}' does not name an environment variable"
                    + " (letters, digits and _, not starting with a digit); write $$ for a literal $");
        }
        String value = env.get(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
            return reference.substring(sep + 2);
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set; set it,"
                    + " or give a default with ${" + name + ":-value}");
        }
        return value;
    }
}
