package io.vitessreplicator.sink.parquet;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;

/**
 * The one Hadoop configuration this sink's Parquet writers and readers share.
 *
 * <p>parquet-hadoop gives every writer and reader built without a configuration a new Hadoop
 * {@code Configuration}, which parses {@code core-default.xml} out of the hadoop-common jar on its
 * first read: tens of milliseconds of CPU per data file. A JFR profile of {@code verify} on a
 * Parquet target had half its CPU there; the sink wrote a file per table at every commit the same
 * way. The settings are only read (codec options), never set, so one instance serves every thread.
 */
final class ParquetConf {
    static final ParquetConfiguration SHARED = new HadoopParquetConfiguration();
    static final ParquetReadOptions READ_OPTIONS = ParquetReadOptions.builder(SHARED).build();

    private ParquetConf() {}
}
