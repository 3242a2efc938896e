-- create
CREATE TABLE IF NOT EXISTS "warehouse"."_vitess_replicator_checkpoint" (pipeline varchar(512) NOT NULL, position varchar(65535), phase varchar(16), owner varchar(512) NOT NULL, batches bigint NOT NULL DEFAULT 0, rows_staged bigint NOT NULL DEFAULT 0, claimed_at timestamptz NOT NULL, committed_at timestamptz, updated_at timestamptz NOT NULL, state varchar(65535), lease_owner varchar(512), lease_session integer, lease_session_start timestamp, PRIMARY KEY (pipeline)) DISTSTYLE ALL;

-- read and lock (1/2)
LOCK "warehouse"."_vitess_replicator_checkpoint";

-- read and lock (2/2)
SELECT position, owner, claimed_at, committed_at, batches, state FROM "warehouse"."_vitess_replicator_checkpoint" WHERE pipeline = ?;

-- claim, existing pipeline
UPDATE "warehouse"."_vitess_replicator_checkpoint" SET owner = ?, claimed_at = SYSDATE, updated_at = SYSDATE WHERE pipeline = ?;

-- claim, fresh pipeline
INSERT INTO "warehouse"."_vitess_replicator_checkpoint" (pipeline, owner, claimed_at, updated_at) VALUES (?, ?, SYSDATE, SYSDATE);

-- record commit
UPDATE "warehouse"."_vitess_replicator_checkpoint" SET position = ?, phase = ?, batches = batches + 1, rows_staged = rows_staged + ?, committed_at = SYSDATE, updated_at = SYSDATE, state = COALESCE(?, state) WHERE pipeline = ? AND owner = ?;

-- lease: read
SELECT lease_owner, lease_session, lease_session_start FROM "warehouse"."_vitess_replicator_checkpoint" WHERE pipeline = ?;

-- lease: this session
SELECT process, starttime FROM stv_sessions WHERE process = pg_backend_pid();

-- lease: is the holding session connected
SELECT process FROM stv_sessions WHERE process = ? AND starttime = ?;

-- lease: take, existing pipeline
UPDATE "warehouse"."_vitess_replicator_checkpoint" SET lease_owner = ?, lease_session = ?, lease_session_start = ?, updated_at = SYSDATE WHERE pipeline = ?;

-- lease: take, fresh pipeline
INSERT INTO "warehouse"."_vitess_replicator_checkpoint" (pipeline, owner, claimed_at, updated_at, lease_owner, lease_session, lease_session_start) VALUES (?, ?, SYSDATE, SYSDATE, ?, ?, ?);

-- lease: release
UPDATE "warehouse"."_vitess_replicator_checkpoint" SET lease_owner = NULL, lease_session = NULL, lease_session_start = NULL WHERE pipeline = ? AND lease_owner = ? AND lease_session = ?;

-- schema history table
CREATE TABLE IF NOT EXISTS "warehouse"."_vitess_replicator_checkpoint_schema_history" (id bigint IDENTITY(1,1), pipeline varchar(512) NOT NULL, source_table varchar(1024) NOT NULL, target_table varchar(1024) NOT NULL, change varchar(64) NOT NULL, detail varchar(65535) NOT NULL, source_ddl varchar(65535) NOT NULL, target_ddl varchar(65535) NOT NULL, position varchar(65535), applied_at timestamptz NOT NULL DEFAULT SYSDATE, PRIMARY KEY (id));

