package io.vitessreplicator.runtime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/replicator}. Exit codes are in {@link ExitCode}.
 */
@Command(name = "replicator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Streams row changes from Vitess (VStream) into PostgreSQL, Redshift or Parquet on S3, exactly once.",
        subcommands = {RunCommand.class, BackfillCommand.class, ValidateCommand.class, StatusCommand.class,
                CompactCommand.class, VerifyCommand.class, ResyncCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (run stopped by SIGTERM/SIGINT, backfill complete, validate clean)",
            "1:replication failed (see the message)",
            "2:bad command line",
            "3:bad configuration (the message names the key)",
            "4:vtgate or the sink is unreachable or refused the credentials",
            "5:validate found tables that cannot be replicated",
            "6:another instance holds the pipeline",
            "7:the source no longer has the changes after the checkpoint (binary logs purged): copy again",
            "8:verify found rows that differ between source and target",
            "9:verify could not confirm some keys: the pipeline did not catch up with the source in time"},
        footer = {"%nbin/replicator cds-archive [FILE]: makes the start-up archive (class-data sharing) for these jars"
                + " and this Java, once per install or upgrade; later starts use it (README, \"Running it\")."})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("replicator: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCode.USAGE;
        });
        return cl;
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
