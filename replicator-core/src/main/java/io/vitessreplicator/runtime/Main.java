package io.vitessreplicator.runtime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/replicator}.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad command line, 3 bad configuration,
 * 4 a server (vtgate, sink) cannot be reached or refused the credentials.
 */
@Command(name = "replicator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Streams row changes from Vitess (VStream) into PostgreSQL, Redshift or Parquet on S3, exactly once.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vitess-replicator " + (v == null ? "(development build)" : v)};
        }
    }
}
