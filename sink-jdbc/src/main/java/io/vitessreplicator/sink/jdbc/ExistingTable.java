package io.vitessreplicator.sink.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table as the target's catalog describes it.
 *
 * @param columnTypes column name → type as the catalog prints it ({@link SqlType#catalogName()})
 * @param uniqueKeys  the column sets of its primary key and unique indexes
 * @param comment     its comment, or null when none
 */
public record ExistingTable(Map<String, String> columnTypes, List<Set<String>> uniqueKeys, String comment) {}
