package io.vitessreplicator.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Replicate continuously: resume from the target's checkpoint, or copy the existing rows first"
                + " when there is none, then stream changes until SIGTERM/SIGINT.",
                "On SIGTERM the batch in flight is committed and the process exits 0; the next run resumes there."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--takeover", description = "Take the pipeline over from another owner recorded in the target"
            + " (same as pipeline.takeover: true). The other instance must be stopped.")
    boolean takeover;

    @Override
    public Integer call() throws Exception {
        var cfg = config.load();
        if (takeover) {
            cfg = cfg.withTakeover();
        }
        return JobRunner.run(cfg, ReplicationJob.Mode.RUN);
    }
}
