package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.config.SourceConfig;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.TypeWidening;
import io.vitessreplicator.state.ReplicatorState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Follows each table's schema through the stream and decides, by policy, what changes the target
 * table needs and how rows of each shard map onto it.
 *
 * <p>Shards apply an ALTER at different moments, so a table has one <em>target</em> shape (the
 * union of what the shards have shown, minus what the policy dropped) and every shard's rows are
 * projected onto it: a column the shard does not have yet gets its fill value (the default MySQL
 * gave existing rows), a column the shard still sends under its old name (rename) is found by that
 * name, a kept column that a lagging shard still sends is written, a narrower type is widened.
 *
 * <p>What a shard changed is found by comparing its new FIELD event with its previous one (its
 * row layout, see {@link RowLayouts}, which also decides what names a FIELD event's columns
 * really have); when there is none, only what the preceding DDL states counts as a drop or
 * rename, so a lagging shard never drops a column. The state (target shapes, rename aliases, kept
 * and dropped columns, truncates and copies in progress, each shard's row layout and the ALTERs it
 * delivered since its last FIELD event) is saved with the checkpoint in the same transaction, so a
 * restart recovers it instead of guessing.
 *
 * <p>Online DDL alters a shadow table and swaps it in with a RENAME; the shadow table's ALTERs are
 * kept like a table's and handed to the table at the swap ({@link #onDdl}, cut-over).
 */
public final class SchemaTracker {
    private static final int STATE_VERSION = 1;

    private final SchemaChangePolicy policy;
    private final Map<TableId, Lineage> tables = new LinkedHashMap<>();
    private final Set<String> copyingTables = new TreeSet<>();
    /** Tables that appeared while streaming and wait for every shard's DDL before their copy ("keyspace.table"). */
    private final Set<String> awaitingCopy = new TreeSet<>();
    /** "keyspace/shard/table": tables of the initial copy finished on that shard (see the proto). */
    private final Set<String> copiedOnShard = new TreeSet<>();
    private boolean initialCopyDone;
    /** Each shard's row layout per table (its last FIELD event, as read). */
    private final RowLayouts layouts = new RowLayouts();
    /** "keyspace/shard/table" → the ALTER statements seen since the shard's last FIELD. */
    private final Map<String, List<PendingDdl>> pendingDdl = new HashMap<>();
    private boolean dirty;

    private record PendingDdl(Ddl ddl, String statement) {}

    /** The kinds of change the sink can apply (see {@link #requireSupported}). */
    private Set<SchemaChange.Kind> sinkSupports = EnumSet.allOf(SchemaChange.Kind.class);

    private SchemaTracker(SchemaChangePolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Limits the changes this tracker lets through to those the sink declares it can apply. */
    public SchemaTracker limitTo(Set<SchemaChange.Kind> supported) {
        this.sinkSupports = EnumSet.copyOf(requireNonNull(supported, "supported is null"));
        return this;
    }

    /**
     * Stops the pipeline at a change the sink cannot apply, with the message a {@code stop} policy
     * gives, naming the policy key that asked for the change.
     *
     * @throws SourceException (not transient) for the first change the sink cannot apply
     */
    public void requireSupported(List<SchemaChange> changes) {
        for (SchemaChange c : changes) {
            if (!sinkSupports.contains(c.kind())) {
                throw new SourceException("Cannot apply a schema change to " + c.table() + " (" + c.describe()
                        + "): the sink cannot apply " + c.kind() + " changes"
                        + SchemaChangePolicy.keyFor(c.kind()).map(k -> ", which " + SchemaChangePolicy.key(k) + " is "
                        + policy.value(k) + " asks for. Set " + SchemaChangePolicy.key(k) + " to "
                        + (k.equals("truncate") ? "ignore" : "stop") + ", or exclude the table with source.tables.exclude")
                        .orElse(". Exclude the table with source.tables.exclude")
                        + ". Nothing after this change was applied; the pipeline resumes here when restarted.", null, false);
            }
        }
    }

    /** A tracker that resumes from a saved state (null or empty: a pipeline without one yet). */
    public static SchemaTracker restore(SchemaChangePolicy policy, String stateJson) {
        SchemaTracker t = new SchemaTracker(policy);
        if (stateJson == null || stateJson.isBlank()) {
            return t;
        }
        ReplicatorState.PipelineState.Builder b = ReplicatorState.PipelineState.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(stateJson, b);
        } catch (InvalidProtocolBufferException e) {
            throw new SourceException("Cannot read the pipeline's saved schema state: " + e.getMessage()
                    + ". Restore the checkpoint row from a backup; the replicator will not guess the schema.", e, false);
        }
        t.initialCopyDone = b.getInitialCopyDone();
        t.copyingTables.addAll(b.getCopyingTablesList());
        t.awaitingCopy.addAll(b.getAwaitingCopyTablesList());
        t.copiedOnShard.addAll(b.getCopiedTablesList());
        for (ReplicatorState.TableState ts : b.getTablesList()) {
            Lineage l = Lineage.from(ts);
            t.tables.put(l.id, l);
        }
        t.layouts.restore(b.build());
        for (ReplicatorState.PendingDdlState p : b.getPendingDdlsList()) {
            List<PendingDdl> list = new ArrayList<>();
            p.getStatementsList().forEach(st -> list.add(new PendingDdl(Ddl.parse(st), st)));
            t.pendingDdl.put(p.getKeyspace() + "/" + p.getShard() + "/" + p.getTable(), list);
        }
        return t;
    }

    /** The state to save with the next commit, as JSON. */
    public String snapshot() {
        ReplicatorState.PipelineState.Builder b = ReplicatorState.PipelineState.newBuilder()
                .setVersion(STATE_VERSION).setInitialCopyDone(initialCopyDone).addAllCopyingTables(copyingTables)
                .addAllAwaitingCopyTables(awaitingCopy).addAllCopiedTables(copiedOnShard);
        tables.values().forEach(l -> b.addTables(l.toState()));
        layouts.save(b);
        pendingDdl.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] k = e.getKey().split("/", 3);
            b.addPendingDdls(ReplicatorState.PendingDdlState.newBuilder().setKeyspace(k[0]).setShard(k[1]).setTable(k[2])
                    .addAllStatements(e.getValue().stream().map(PendingDdl::statement).toList()));
        });
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True once, after anything changed; the caller then saves {@link #snapshot()}. */
    public boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    public boolean initialCopyDone() {
        return initialCopyDone;
    }

    /** Tables added while streaming whose copy has not completed ("keyspace.table"). */
    public Set<String> copyingTables() {
        return Set.copyOf(copyingTables);
    }

    /**
     * Tables that appeared while streaming whose copy has not started: the stream that noted them
     * waited for their DDL on every shard and ended before (see EventTranslator#copyNewTables).
     */
    public List<TableId> awaitingCopy() {
        return awaitingCopy.stream().map(TableId::parse).toList();
    }

    /** True when the table has a target shape (it was seen before, or restored). */
    public boolean knows(TableId table) {
        Lineage l = tables.get(table);
        return l != null && !l.dropped;
    }

    /**
     * Marks tables as being copied (a new table, one newly included by the config, or one copied
     * again after a type change).
     *
     * @return a {@link SchemaChange.CopyTable} for each that already has a target table
     */
    public List<SchemaChange> copying(Collection<TableId> added, String reason, String sourceDdl) {
        List<SchemaChange> out = new ArrayList<>();
        for (TableId id : added) {
            if (awaitingCopy.remove(id.keyspace() + "." + id.name())) {
                dirty = true;
            }
            if (copyingTables.add(id.keyspace() + "." + id.name())) {
                dirty = true;
                Lineage l = tables.get(id);
                if (l != null) {
                    out.add(new SchemaChange.CopyTable(id, l.pk, reason, sourceDdl));
                }
            }
        }
        return out;
    }

    /**
     * A table of the initial copy finished on one shard: vtgate's VGTID dropped it from the
     * shard's lastpks. Saved with the next commit; ignored once the initial copy is done.
     */
    public void tableCopiedOnShard(String keyspace, String shard, String table) {
        if (!initialCopyDone && copiedOnShard.add(keyspace + "/" + shard + "/" + table)) {
            dirty = true;
        }
    }

    /**
     * A reshard moved the stream of {@code keyspace} from the {@code gone} shards to the
     * {@code added} ones (vtgate followed the reshard's journal). The new shards hold the same
     * tables, copied from the old ones, so each inherits a table's row layout when the old shards
     * agreed on it and had no ALTER pending; the old shards' state (layouts, ALTERs seen since their
     * last FIELD event, copy progress) is dropped, so nothing waits on a shard that no longer
     * streams and the saved state does not grow with every reshard.
     */
    public void shardsMoved(String keyspace, Collection<String> gone, Collection<String> added) {
        Map<String, List<Query.Field>> agreed = new java.util.TreeMap<>();
        Set<String> disagreed = new java.util.HashSet<>();
        for (String key : layouts.keys()) {
            String[] k = key.split("/", 3);
            if (!k[0].equals(keyspace) || !gone.contains(k[1])) {
                continue;
            }
            List<Query.Field> l = layouts.get(key);
            boolean pending = pendingDdl.containsKey(key);
            List<Query.Field> other = agreed.putIfAbsent(k[2], l);
            if (pending || other != null && !other.equals(l)) {
                disagreed.add(k[2]);
            }
            layouts.remove(key);
            pendingDdl.remove(key);
            dirty = true;
        }
        pendingDdl.keySet().removeIf(key -> {
            String[] k = key.split("/", 3);
            boolean old = k[0].equals(keyspace) && gone.contains(k[1]);
            if (old) {
                disagreed.add(k[2]); // an ALTER seen on an old shard, its layout unknown: nothing to inherit
                dirty = true;
            }
            return old;
        });
        for (Map.Entry<String, List<Query.Field>> e : agreed.entrySet()) {
            if (disagreed.contains(e.getKey())) {
                continue;
            }
            for (String shard : added) {
                String key = keyspace + "/" + shard + "/" + e.getKey();
                if (layouts.get(key) == null && !pendingDdl.containsKey(key)) {
                    layouts.put(key, e.getValue());
                }
            }
        }
        if (copiedOnShard.removeIf(key -> {
            String[] k = key.split("/", 3);
            return k[0].equals(keyspace) && gone.contains(k[1]);
        })) {
            dirty = true;
        }
    }

    /** Whether the initial copy of {@code table} finished on every one of {@code shards}. */
    public boolean copiedOnEveryShard(TableId table, Collection<String> shards) {
        if (shards.isEmpty()) {
            return false;
        }
        for (String shard : shards) {
            if (!copiedOnShard.contains(table.keyspace() + "/" + shard + "/" + table.name())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every shard has finished copying: the initial copy, and any table added since.
     *
     * @return a {@link SchemaChange.CopyCompleted} for each table copied while streaming
     */
    public List<SchemaChange> copyCompleted() {
        List<SchemaChange> out = new ArrayList<>();
        if (!initialCopyDone || !copyingTables.isEmpty()) {
            for (String t : copyingTables) {
                Lineage l = tables.get(TableId.parse(t));
                if (l != null && !l.dropped) {
                    out.add(new SchemaChange.CopyCompleted(l.id, l.pk, ""));
                }
            }
            initialCopyDone = true;
            copyingTables.clear();
            copiedOnShard.clear();
            dirty = true;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ FIELD

    /**
     * The columns to read a shard's FIELD event with: its own, or, when they fit the shard's
     * known row layout (with the ALTERs seen since applied), the layout's names. See
     * {@link RowLayouts}.
     */
    public List<Query.Field> resolveFields(String keyspace, String shard, TableId table, List<Query.Field> incoming) {
        String key = keyspace + "/" + shard + "/" + table.name();
        List<PendingDdl> pending = pendingDdl.getOrDefault(key, List.of());
        return layouts.resolve(key, table.toString(), shard, incoming, pending.stream().map(PendingDdl::ddl).toList());
    }

    /** The columns of the shard's previous FIELD event of the table, as read; null when none. */
    public List<Query.Field> previousLayout(String keyspace, String shard, TableId table) {
        return layouts.get(keyspace + "/" + shard + "/" + table.name());
    }

    /**
     * What a FIELD event means: changes to apply first, then how to map the shard's rows; and,
     * when the table must be copied again (its new column needs the source's converted values),
     * the DDL that made it so ({@link #copyingForTypeChange} at the transaction's end), else null.
     */
    public record FieldResult(List<SchemaChange> changes, Projection projection, String recopyDdl) {
        public boolean recopy() {
            return recopyDdl != null;
        }
    }

    /** Set by a type change with add-column: the table is copied again to fill the new column. */
    private boolean recopy;

    /**
     * A shard described a table.
     *
     * @param field  the replicated columns, in row-image order, as read with {@code layout}
     * @param prev   the shard's previous layout of the table, read the same way (null: none known)
     * @param layout the columns the FIELD event was read with ({@link #resolveFields})
     *
     * @throws SourceException when the change's policy is {@code stop}
     */
    public FieldResult onField(String keyspace, String shard, TableSchema field, TableSchema prev,
                               List<Query.Field> layout) {
        TableId id = field.id();
        String key = keyspace + "/" + shard + "/" + id.name();
        List<PendingDdl> pending = pendingDdl.remove(key);
        List<Ddl> ddls = pending == null ? null : pending.stream().map(PendingDdl::ddl).toList();
        String ddlText = pending == null ? "" : String.join("; ", pending.stream().map(PendingDdl::statement).toList());
        if (pending != null | layouts.accept(key, layout)) {
            dirty = true;
        }
        Lineage l = tables.get(id);
        List<SchemaChange> changes = new ArrayList<>();
        if (l == null || l.dropped && copyingTables.contains(id.keyspace() + "." + id.name())) {
            l = Lineage.of(field);
            tables.put(id, l);
            dirty = true;
            changes.add(new SchemaChange.AddTable(l.schema(), ddlText));
        } else if (l.dropped) {
            return new FieldResult(List.of(), null, null); // a shard behind a DROP TABLE: its rows are doomed
        } else {
            diff(l, prev, field, ddls == null ? List.of() : ddls, ddlText, changes);
        }
        if (!changes.isEmpty()) {
            l.version++;
            dirty = true;
        }
        boolean copy = recopy;
        recopy = false;
        return new FieldResult(changes, l.project(field, shard), copy ? ddlText : null);
    }

    /**
     * Marks tables for a copy that fills the columns added for their type change ({@code table →
     * the DDL}). Called once the transaction that showed the change has ended: the copy's key
     * sweep must count only keys written from the copy's start, and that transaction's rows are
     * from before it (a row it wrote and the source deleted before the copy would survive).
     */
    public List<SchemaChange> copyingForTypeChange(Map<TableId, String> tables) {
        List<SchemaChange> out = new ArrayList<>();
        tables.forEach((id, ddl) -> out.addAll(copying(List.of(id), "to fill the column added for a type change", ddl)));
        return out;
    }

    private void diff(Lineage l, TableSchema prev, TableSchema s, List<Ddl> ddls, String ddlText,
                      List<SchemaChange> out) {
        TableId id = l.id;
        Map<String, String> renames = new LinkedHashMap<>();
        Set<String> ddlDrops = new LinkedHashSet<>();
        Map<String, Ddl.AddedColumn> ddlAdds = new LinkedHashMap<>();
        for (Ddl d : ddls) {
            if (isOnlineMigration(d)) {
                // Online DDL copies rows into the altered shadow table by column name, and maps a
                // column to another name only for CHANGE COLUMN (Vitess's OnlineDDLAlterTableAnalysis):
                // after RENAME COLUMN a TO b, b holds its default and a's values are gone, as the
                // source's rows will show. So that is a drop of a and an add of b here.
                renames.putAll(lowerKeys(d.renamedByChange()));
                d.renamedColumns().keySet().stream().filter(c -> !d.renamedByChange().containsKey(c))
                        .forEach(c -> ddlDrops.add(lower(c)));
            } else {
                renames.putAll(lowerKeys(d.renamedColumns()));
            }
            d.droppedColumns().forEach(c -> ddlDrops.add(lower(c)));
            d.addedColumns().forEach((k, v) -> ddlAdds.put(lower(k), v));
        }
        // 1. Renames: the DDL says so, the shard now has the new name and not the old one.
        for (Map.Entry<String, String> r : renames.entrySet()) {
            String from = r.getKey();
            String to = r.getValue();
            if (has(s, to) && !has(s, from) && (prev == null || has(prev, from))) {
                TargetColumn t = l.activeBySource(from);
                if (t == null) {
                    continue; // another shard renamed it already
                }
                if ("stop".equals(policy.renameColumn())) {
                    throw stop(id, from, "renamed to " + to, "rename-column", "rename");
                }
                t.sourceNames.add(0, to);
                if (t.name.equalsIgnoreCase(from) && l.byName(to) == null) {
                    out.add(new SchemaChange.RenameColumn(id, t.name, to, ddlText));
                    t.name = to;
                }
                l.pk.replaceAll(k -> k.equalsIgnoreCase(from) ? to : k);
                dirty = true;
            }
        }
        // 2. Added columns and type changes.
        for (Column c : s.columns()) {
            String name = lower(c.name());
            boolean newOnShard = prev != null ? !has(prev, name) : ddlAdds.containsKey(name) && !renames.containsValue(name);
            TargetColumn t = l.activeBySource(name);
            if (t != null && t.sourceNames.get(0).equalsIgnoreCase(name)) {
                typeChange(l, t, c, prev, ddlAdds.containsKey(name), ddlText, out);
                continue;
            }
            TargetColumn behind = l.compatible(c);
            if (behind != null && !newOnShard) {
                continue; // a shard behind a rename, a drop (kept) or a type change: projected
            }
            if (!newOnShard && l.droppedSources.contains(name)) {
                continue; // a shard behind a drop (dropped in the target): its value is not written
            }
            if (behind != null && !behind.active) {
                behind.active = true; // dropped and added again: the kept column comes back
                behind.sourceNames.remove(name);
                behind.sourceNames.add(0, c.name());
                dirty = true;
                continue;
            }
            if ("stop".equals(policy.addColumn())) {
                throw stop(id, c.name(), "was added (" + c.type().sqlType() + ")", "add-column", "add");
            }
            l.droppedSources.remove(name);
            Ddl.AddedColumn spec = ddlAdds.get(name);
            Optional<String> literal = ColumnDefaults.literalFor(c.type(), spec == null ? null : spec.defaultLiteral(),
                    spec != null ? spec.notNull() : !c.nullable());
            String targetName = l.byName(c.name()) == null ? c.name() : suffixed(l, c);
            TargetColumn added = new TargetColumn(targetName, c.type(), true, true, new ArrayList<>(List.of(c.name())),
                    literal.orElse(null));
            l.columns.add(added);
            out.add(new SchemaChange.AddColumn(id, new Column(targetName, c.type(), true), added.fill(), ddlText));
        }
        // 3. Primary key: as the DDL states it (vttablet's flags can lag behind it), else as the FIELD shows it.
        List<String> stated = null;
        for (Ddl d : ddls) {
            if (d.newPrimaryKey() != null) {
                stated = d.newPrimaryKey();
            }
        }
        List<String> shardPk = stated != null ? stated : s.primaryKey();
        List<String> newPk = new ArrayList<>();
        for (String k : shardPk) {
            TargetColumn t = l.activeBySource(lower(k));
            newPk.add(t == null ? k : t.name);
        }
        boolean pkChangedOnShard = stated != null
                || (prev != null ? !prev.primaryKey().equals(s.primaryKey()) : !ddls.isEmpty());
        if (pkChangedOnShard && !lowerAll(newPk).equals(lowerAll(l.pk))) {
            if ("stop".equals(policy.primaryKeyChange())) {
                throw stop(id, String.join(", ", s.primaryKey()), "is the new primary key (was " + String.join(", ", l.pk)
                        + ")", "primary-key-change", "apply");
            }
            out.add(new SchemaChange.ChangePrimaryKey(id, l.pk, newPk, ddlText));
            l.pk = newPk;
        }
        // 4. Dropped columns: gone from this shard (or named by its DROP COLUMN after a restart).
        Set<String> gone = new LinkedHashSet<>();
        if (prev != null) {
            prev.columns().forEach(c -> gone.add(lower(c.name())));
        } else {
            gone.addAll(ddlDrops);
        }
        s.columns().forEach(c -> gone.remove(lower(c.name())));
        gone.removeAll(renames.keySet());
        for (String d : gone) {
            TargetColumn t = l.activeBySource(d);
            if (t == null || !t.sourceNames.get(0).equalsIgnoreCase(d)) {
                continue;
            }
            if (lowerAll(l.pk).contains(lower(t.name))) {
                throw new SourceException("Cannot apply a schema change to " + id + ": primary-key column " + t.name
                        + " was dropped at the source but is still part of the target's primary key. Change the"
                        + " primary key at the source first (" + SchemaChangePolicy.key("primary-key-change") + ").",
                        null, false);
            }
            switch (policy.dropColumn()) {
                case "stop" -> throw stop(id, d, "was dropped", "drop-column", "keep (or drop)");
                case "drop" -> {
                    l.columns.remove(t);
                    l.droppedSources.add(d);
                    out.add(new SchemaChange.DropColumn(id, t.name, ddlText));
                }
                default -> {
                    t.active = false;
                    out.add(new SchemaChange.KeepColumn(id, t.name, "dropped at the source", ddlText));
                }
            }
        }
    }

    private void typeChange(Lineage l, TargetColumn t, Column c, TableSchema prev, boolean namedByDdl, String ddlText,
                            List<SchemaChange> out) {
        if (TypeWidening.isSame(t.type, c.type())) {
            if (!t.type.sqlType().equals(c.type().sqlType())) {
                t.type = c.type(); // same values, other spelling (e.g. TINYTEXT → TEXT)
                dirty = true;
            }
            return;
        }
        if (TypeWidening.isLossless(t.type, c.type())) {
            out.add(new SchemaChange.WidenColumn(l.id, new Column(t.name, t.type, true), new Column(t.name, c.type(), true),
                    ddlText));
            t.type = c.type();
            return;
        }
        if (TypeWidening.isLossless(c.type(), t.type)) {
            return; // narrower than the target (a shard behind, or a narrowing): the target holds it as is
        }
        Optional<Column> before = prev == null ? Optional.empty() : prev.indexOf(c.name()).map(i -> prev.columns().get(i));
        boolean changedOnShard = before.map(b -> !TypeWidening.isSame(b.type(), c.type())).orElse(namedByDdl);
        TargetColumn kept = l.inactiveCompatible(c);
        if (!changedOnShard || kept != null) {
            return; // a shard behind: its rows go to the column of its type
        }
        String newName = c.name() + "__" + sanitize(c.type().sqlType());
        if (!"add-column".equals(policy.typeChange()) || lowerAll(l.pk).contains(lower(t.name))) {
            throw new SourceException("Cannot apply a schema change to " + l.id + ": column " + c.name() + " changed from "
                    + t.type.sqlType() + " to " + c.type().sqlType() + ", which is not a lossless widening"
                    + (lowerAll(l.pk).contains(lower(t.name)) ? ", and it is part of the primary key. Replicate the"
                    + " table again (drop the target table and restart with a new pipeline name), or exclude it with"
                    + " source.tables.exclude."
                    : ". Set " + SchemaChangePolicy.key("type-change") + ": add-column to keep the old column and write"
                    + " new values to a new column " + newName + " (or exclude the column with source.columns.exclude)."
                    + " Nothing after this change was applied; the pipeline resumes here when restarted."), null, false);
        }
        if (l.byName(newName) != null) {
            throw new SourceException("Cannot apply a schema change to " + l.id + ": column " + c.name() + " changed to "
                    + c.type().sqlType() + " and the new column " + newName + " that "
                    + SchemaChangePolicy.key("type-change") + ": add-column would add already exists. Rename or drop it"
                    + " in the target.", null, false);
        }
        t.active = false;
        out.add(new SchemaChange.KeepColumn(l.id, t.name, "type changed to " + c.type().sqlType() + ", new values in "
                + newName, ddlText));
        TargetColumn added = new TargetColumn(newName, c.type(), true, true, new ArrayList<>(List.of(c.name())), null);
        l.columns.add(added);
        out.add(new SchemaChange.AddColumn(l.id, new Column(newName, c.type(), true), null, ddlText));
        recopy = true; // the new column gets every row's value, as MySQL converted it, from a copy
    }

    private static String suffixed(Lineage l, Column c) {
        String n = c.name() + "__" + sanitize(c.type().sqlType());
        if (l.byName(n) != null) {
            throw new SourceException("Cannot add column " + c.name() + " to the target of " + l.id + ": the target"
                    + " already has columns " + c.name() + " and " + n + ". Rename one of them in the target.", null, false);
        }
        return n;
    }

    static String sanitize(String sqlType) {
        String s = sqlType.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    private static SourceException stop(TableId table, String column, String what, String key, String allow) {
        return new SourceException("Cannot apply a schema change to " + table + ": column " + column + " " + what
                + ", and " + SchemaChangePolicy.key(key) + " is stop. Set it to " + allow + " to replicate this change."
                + " Nothing after this change was applied; the pipeline resumes here when restarted.", null, false);
    }

    // -------------------------------------------------------------------------------------- DDL

    /** What a DDL statement means for the pipeline. */
    public record DdlResult(List<SchemaChange> changes, List<TableId> tablesToCopy) {}

    /**
     * A DDL statement reached one shard.
     *
     * @param keyspaceShards every shard of the keyspace (a TRUNCATE completes when all have sent it)
     * @param selected       whether a table is selected by the config (source.tables)
     */
    public DdlResult onDdl(String keyspace, String shard, String statement, Collection<String> keyspaceShards,
                           Predicate<TableId> selected) {
        Ddl ddl = Ddl.parse(statement);
        List<SchemaChange> changes = new ArrayList<>();
        List<TableId> toCopy = new ArrayList<>();
        switch (ddl.kind()) {
            case ALTER_TABLE -> {
                TableId id = new TableId(keyspace, ddl.tables().get(0));
                String key = keyspace + "/" + shard + "/" + id.name();
                if (knows(id) || layouts.get(key) != null
                        || SourceConfig.isVitessInternal(id.name()) && pendingDdl.containsKey(key)) {
                    pendingDdl.computeIfAbsent(key, k -> new ArrayList<>()).add(new PendingDdl(ddl, statement));
                    dirty = true;
                }
            }
            case CREATE_TABLE -> {
                forgetLayouts(keyspace, shard, ddl.newTables());
                for (String n : ddl.newTables()) {
                    if (SourceConfig.isVitessInternal(n)) {
                        // Possibly online DDL's shadow table: its ALTERs are kept until a cut-over swaps it in.
                        pendingDdl.put(keyspace + "/" + shard + "/" + n, new ArrayList<>());
                        dirty = true;
                    }
                }
                newTables(keyspace, ddl.newTables(), selected, statement, toCopy);
            }
            case RENAME_TABLE -> {
                Set<String> swapped = onlineDdlCutOver(keyspace, shard, ddl, statement, toCopy);
                for (String from : ddl.tables()) {
                    if (!swapped.contains(from)) {
                        dropTable(new TableId(keyspace, from), statement, changes);
                    }
                }
                forgetLayouts(keyspace, shard, ddl.tables().stream().filter(n -> !swapped.contains(n)).toList());
                List<String> renamedTo = ddl.newTables().stream().filter(n -> !swapped.contains(n)).toList();
                forgetLayouts(keyspace, shard, renamedTo);
                newTables(keyspace, renamedTo, selected, statement, toCopy);
            }
            case DROP_TABLE -> {
                ddl.tables().forEach(t -> dropTable(new TableId(keyspace, t), statement, changes));
                forgetLayouts(keyspace, shard, ddl.tables());
            }
            case TRUNCATE -> truncate(new TableId(keyspace, ddl.tables().get(0)), shard, keyspaceShards, statement, changes);
            default -> { }
        }
        return new DdlResult(changes, toCopy);
    }

    /**
     * Online DDL's cut-over: one RENAME TABLE that moves a table away to an internal name and an
     * internal table (the migration's shadow table, created as a copy of it and altered) to its
     * name, e.g. {@code RENAME TABLE t TO _vt_hld_x, _vt_vrp_y TO t, _vt_hld_x TO _vt_vrp_y}. For
     * the target that is the migration's ALTER, taking effect here: the shadow table's ALTERs seen
     * on this shard become the table's pending DDL, exactly as if they had run on the table, and
     * the table keeps its lineage. When the shadow table's DDL was not seen (the pipeline started
     * while the migration ran) what changed is unknown: the next FIELD event is read as sent
     * (names and types are the new table's), and the table is copied again, since the migration
     * may have given existing rows values the stream never carried (defaults, renamed columns).
     *
     * @return the tables replaced in place, whose rename is not a drop
     */
    private Set<String> onlineDdlCutOver(String keyspace, String shard, Ddl ddl, String statement, List<TableId> toCopy) {
        Map<String, String> holds = new LinkedHashMap<>(); // name after the statement → name before it
        for (int i = 0; i < ddl.tables().size(); i++) {
            String from = ddl.tables().get(i);
            String original = holds.containsKey(from) ? holds.remove(from) : from;
            holds.put(ddl.newTables().get(i), original);
        }
        Set<String> swapped = new TreeSet<>();
        for (Map.Entry<String, String> e : holds.entrySet()) {
            String name = e.getKey();
            String shadow = e.getValue();
            if (SourceConfig.isVitessInternal(name) || !SourceConfig.isVitessInternal(shadow)
                    || !ddl.tables().contains(name)) {
                continue;
            }
            swapped.add(name);
            TableId id = new TableId(keyspace, name);
            String key = keyspace + "/" + shard + "/" + name;
            List<PendingDdl> shadowDdl = pendingDdl.remove(keyspace + "/" + shard + "/" + shadow);
            dirty = true;
            if (!knows(id)) {
                continue;
            }
            List<PendingDdl> pending = pendingDdl.computeIfAbsent(key, k -> new ArrayList<>());
            if (shadowDdl != null) {
                pending.addAll(shadowDdl);
            } else {
                pending.add(new PendingDdl(ddl, statement)); // read by RowLayouts as "layout unknown"
                toCopy.add(id);
            }
        }
        return swapped;
    }

    /** An ALTER of online DDL's shadow table, applied to the table at the cut-over ({@link #onlineDdlCutOver}). */
    private static boolean isOnlineMigration(Ddl d) {
        return d.kind() == Ddl.Kind.ALTER_TABLE && SourceConfig.isVitessInternal(d.tables().get(0));
    }

    /** A table created, dropped or renamed on a shard: its next rows have a layout of their own. */
    private void forgetLayouts(String keyspace, String shard, List<String> names) {
        for (String n : names) {
            String key = keyspace + "/" + shard + "/" + n;
            if (layouts.get(key) != null || pendingDdl.remove(key) != null) {
                layouts.remove(key);
                dirty = true;
            }
        }
    }

    private void newTables(String keyspace, List<String> names, Predicate<TableId> selected, String statement,
                           List<TableId> toCopy) {
        for (String n : names) {
            TableId id = new TableId(keyspace, n);
            if (!selected.test(id) || knows(id) || copyingTables.contains(keyspace + "." + n)) {
                continue;
            }
            if ("stop".equals(policy.newTable())) {
                throw new SourceException("Cannot replicate new table " + id + " (" + statement + "): "
                        + SchemaChangePolicy.key("new-table") + " is stop. Set it to copy, or exclude the table with"
                        + " source.tables.exclude. Nothing after this change was applied.", null, false);
            }
            toCopy.add(id);
            if (awaitingCopy.add(keyspace + "." + n)) {
                dirty = true;
            }
        }
    }

    private void dropTable(TableId id, String statement, List<SchemaChange> changes) {
        if (awaitingCopy.remove(id.keyspace() + "." + id.name())) {
            dirty = true; // gone before its copy began
        }
        Lineage l = tables.get(id);
        if (l == null || l.dropped) {
            return;
        }
        l.dropped = true;
        l.version++;
        copyingTables.remove(id.keyspace() + "." + id.name());
        dirty = true;
        changes.add(new SchemaChange.DropTable(id, "drop".equals(policy.dropTable()), statement));
    }

    private void truncate(TableId id, String shard, Collection<String> keyspaceShards, String statement,
                          List<SchemaChange> changes) {
        Lineage l = tables.get(id);
        if (l == null || l.dropped || "ignore".equals(policy.truncate())) {
            return;
        }
        if (l.truncatePending.remove(shard)) {
            dirty = true; // this shard catches up with a truncate already applied to the target
            return;
        }
        l.truncatePending.clear();
        l.truncatePending.addAll(keyspaceShards);
        l.truncatePending.remove(shard);
        dirty = true;
        changes.add(new SchemaChange.TruncateTable(id, statement));
    }

    /**
     * False for rows the target must not get: of a dropped table, or of a shard that has not yet
     * applied a TRUNCATE another shard applied (the source is about to delete them).
     */
    public boolean acceptsRows(TableId table, String shard) {
        Lineage l = tables.get(table);
        return l == null || !l.dropped && !l.truncatePending.contains(shard);
    }

    /** The projection of a shard's rows, recomputed when the table's target shape changed. */
    public Projection projection(TableId table, String shard, Projection current) {
        Lineage l = tables.get(table);
        if (l == null || l.dropped || current == null || current.version() == l.version) {
            return current;
        }
        return l.project(current.field(), shard);
    }

    // ------------------------------------------------------------------------------------ model

    private static boolean has(TableSchema s, String column) {
        return s.indexOf(column).isPresent();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static List<String> lowerAll(List<String> l) {
        return l.stream().map(SchemaTracker::lower).toList();
    }

    private static Map<String, String> lowerKeys(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(lower(k), v));
        return out;
    }

    /** One target column: where its values come from. */
    static final class TargetColumn {
        String name;
        ColumnType type;
        final boolean nullable;
        boolean active;
        /** Source names that feed it, current first (when active); the rest are older names. */
        final List<String> sourceNames;
        final String fillLiteral;

        TargetColumn(String name, ColumnType type, boolean nullable, boolean active, List<String> sourceNames,
                     String fillLiteral) {
            this.name = name;
            this.type = type;
            this.nullable = nullable;
            this.active = active;
            this.sourceNames = sourceNames;
            this.fillLiteral = fillLiteral;
        }

        Object fill() {
            return fillLiteral == null ? null : ColumnDefaults.parse(type, fillLiteral).orElse(null);
        }

        boolean fedBy(Column c) {
            return sourceNames.stream().anyMatch(n -> n.equalsIgnoreCase(c.name()))
                    && TypeWidening.isLossless(c.type(), type);
        }
    }

    /** A table's target shape and history. */
    static final class Lineage {
        final TableId id;
        final List<TargetColumn> columns = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        boolean dropped;
        final Set<String> truncatePending = new TreeSet<>();
        final Set<String> droppedSources = new TreeSet<>();
        int version;

        Lineage(TableId id) {
            this.id = id;
        }

        static Lineage of(TableSchema s) {
            Lineage l = new Lineage(s.id());
            for (Column c : s.columns()) {
                l.columns.add(new TargetColumn(c.name(), c.type(), c.nullable(), true, new ArrayList<>(List.of(c.name())), null));
            }
            l.pk = new ArrayList<>(s.primaryKey());
            return l;
        }

        /** The target table as a source schema (active columns), for a newly added table. */
        TableSchema schema() {
            List<Column> cols = new ArrayList<>();
            for (TargetColumn t : columns) {
                if (t.active) {
                    cols.add(new Column(t.name, t.type, t.nullable));
                }
            }
            return new TableSchema(id, cols, pk);
        }

        TargetColumn activeBySource(String sourceName) {
            for (TargetColumn t : columns) {
                if (t.active && t.sourceNames.get(0).equalsIgnoreCase(sourceName)) {
                    return t;
                }
            }
            return null;
        }

        TargetColumn byName(String name) {
            for (TargetColumn t : columns) {
                if (t.name.equalsIgnoreCase(name)) {
                    return t;
                }
            }
            return null;
        }

        /** A column (active under an older name, or kept) that takes {@code c}'s values. */
        TargetColumn compatible(Column c) {
            for (TargetColumn t : columns) {
                if (t.fedBy(c)) {
                    return t;
                }
            }
            return null;
        }

        TargetColumn inactiveCompatible(Column c) {
            for (TargetColumn t : columns) {
                if (!t.active && t.fedBy(c)) {
                    return t;
                }
            }
            return null;
        }

        /** How rows of a shard described by {@code field} map onto the target columns. */
        Projection project(TableSchema field, String shard) {
            List<Column> written = new ArrayList<>();
            List<Integer> from = new ArrayList<>();
            List<Object> fills = new ArrayList<>();
            boolean[] used = new boolean[field.columns().size()];
            // Active columns pick their source first: a kept column (dropped, or replaced after a type
            // change) only takes a source column no active one reads, i.e. from a shard still behind.
            Map<TargetColumn, Integer> source = new HashMap<>();
            for (boolean activePass : new boolean[] {true, false}) {
                for (TargetColumn t : columns) {
                    if (t.active != activePass) {
                        continue;
                    }
                    for (String n : t.sourceNames) {
                        Optional<Integer> i = field.indexOf(n);
                        if (i.isPresent() && !used[i.get()]
                                && TypeWidening.isLossless(field.columns().get(i.get()).type(), t.type)) {
                            source.put(t, i.get());
                            used[i.get()] = true;
                            break;
                        }
                    }
                }
            }
            for (TargetColumn t : columns) {
                int index = source.getOrDefault(t, -1);
                if (index < 0 && !t.active) {
                    continue; // kept column this shard does not feed: left as it is
                }
                written.add(new Column(t.name, t.type, t.nullable));
                from.add(index);
                fills.add(index < 0 ? t.fill() : null);
            }
            for (String k : pk) {
                int at = -1;
                for (int i = 0; i < written.size(); i++) {
                    if (written.get(i).name().equalsIgnoreCase(k)) {
                        at = i;
                    }
                }
                if (at < 0 || from.get(at) < 0) {
                    throw new SourceException("Cannot map rows of " + id + " from shard " + shard + " onto the target: "
                            + "that shard does not send primary-key column " + k + " yet. Wait until the ALTER has run on"
                            + " every shard, then restart.", null, true);
                }
            }
            TableSchema target = new TableSchema(id, written, pk);
            return Projection.of(field, target, from, fills, version);
        }

        ReplicatorState.TableState toState() {
            ReplicatorState.TableState.Builder b = ReplicatorState.TableState.newBuilder()
                    .setKeyspace(id.keyspace()).setName(id.name()).addAllPrimaryKey(pk).setDropped(dropped)
                    .addAllTruncatePendingShards(truncatePending).addAllDroppedSourceColumns(droppedSources);
            for (TargetColumn t : columns) {
                ReplicatorState.TargetColumnState.Builder c = ReplicatorState.TargetColumnState.newBuilder()
                        .setName(t.name).setType(typeState(t.type)).setNullable(t.nullable);
                if (t.active) {
                    c.setSourceName(t.sourceNames.get(0)).addAllAliases(t.sourceNames.subList(1, t.sourceNames.size()));
                } else {
                    c.addAllAliases(t.sourceNames);
                }
                if (t.fillLiteral != null) {
                    c.setHasFill(true).setFillLiteral(t.fillLiteral);
                }
                b.addColumns(c);
            }
            return b.build();
        }

        static Lineage from(ReplicatorState.TableState s) {
            Lineage l = new Lineage(new TableId(s.getKeyspace(), s.getName()));
            for (ReplicatorState.TargetColumnState c : s.getColumnsList()) {
                List<String> names = new ArrayList<>();
                boolean active = !c.getSourceName().isEmpty();
                if (active) {
                    names.add(c.getSourceName());
                }
                names.addAll(c.getAliasesList());
                l.columns.add(new TargetColumn(c.getName(), type(c.getType()), c.getNullable(), active, names,
                        c.getHasFill() ? c.getFillLiteral() : null));
            }
            l.pk = new ArrayList<>(s.getPrimaryKeyList());
            l.dropped = s.getDropped();
            l.truncatePending.addAll(s.getTruncatePendingShardsList());
            l.droppedSources.addAll(s.getDroppedSourceColumnsList());
            return l;
        }

        private static ReplicatorState.ColumnTypeState typeState(ColumnType t) {
            return ReplicatorState.ColumnTypeState.newBuilder().setKind(t.kind().name()).setUnsigned(t.unsigned())
                    .setLength(t.length()).setPrecision(t.precision()).setScale(t.scale()).addAllElements(t.elements())
                    .setSqlType(t.sqlType()).build();
        }

        private static ColumnType type(ReplicatorState.ColumnTypeState t) {
            return new ColumnType(ColumnType.Kind.valueOf(t.getKind()), t.getUnsigned(), t.getLength(), t.getPrecision(),
                    t.getScale(), t.getElementsList(), t.getSqlType());
        }
    }
}
