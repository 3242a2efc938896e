package io.vitessreplicator.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Copy the selected tables, commit the consistent position reached at the end of the copy, and exit 0.",
                "A later `run` continues from that position without copying again. Interrupted, it resumes the copy."})
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(config.load(), ReplicationJob.Mode.BACKFILL);
    }
}
