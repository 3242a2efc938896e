package io.vitessreplicator.source;

import binlogdata.Binlogdata;
import io.vitessreplicator.config.SourceConfig;
import io.vitessreplicator.model.TableId;
import java.util.Optional;

/** Placeholder until the decoders land; replaced by the real binder. */
public final class DecodingTableBinder implements TableBinder {
    private final SourceConfig config;

    public DecodingTableBinder(SourceConfig config) {
        this.config = config;
    }

    @Override
    public Optional<TableBinding> bind(TableId table, Binlogdata.FieldEvent fields) {
        throw new UnsupportedOperationException("decoders not merged yet");
    }
}
