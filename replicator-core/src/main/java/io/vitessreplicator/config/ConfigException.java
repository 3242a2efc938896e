package io.vitessreplicator.config;

/**
 * A configuration value is missing, unknown or invalid. The message names the key path (and the
 * YAML line where known) and what is expected; the CLI prints it as is and exits with code 3.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
