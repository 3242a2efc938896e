package io.vitessreplicator.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.source.PositionLostException;
import io.vitessreplicator.source.SourceException;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns an exception that ends a command into one line on stderr ("replicator: ...") and an exit
 * code. The full stack trace goes to the log at debug level only: the message is the interface.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        LOG.debug("command failed", ex);
        cl.getErr().println("replicator: " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        return exitCode(ex);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof ConfigException) {
            return ExitCode.CONFIG;
        }
        if (ex instanceof FatalSinkException f) {
            return switch (f.kind()) {
                case CONNECTION -> ExitCode.UNREACHABLE;
                case PIPELINE_BUSY -> ExitCode.PIPELINE_BUSY;
                default -> ExitCode.FAILED;
            };
        }
        if (ex instanceof RetriableSinkException) {
            return ExitCode.UNREACHABLE; // only escapes at start-up: the sink could not be reached
        }
        if (ex instanceof SinkException) {
            return ExitCode.FAILED;
        }
        if (ex instanceof PositionLostException) {
            return ExitCode.POSITION_LOST;
        }
        if (ex instanceof SourceException s && s.getCause() instanceof StatusRuntimeException grpc) {
            Status.Code c = grpc.getStatus().getCode();
            if (c == Status.Code.UNAVAILABLE || c == Status.Code.UNAUTHENTICATED || c == Status.Code.PERMISSION_DENIED
                    || c == Status.Code.DEADLINE_EXCEEDED) {
                return ExitCode.UNREACHABLE;
            }
        }
        return ExitCode.FAILED;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
