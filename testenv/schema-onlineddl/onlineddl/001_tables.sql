-- Keyspace `onlineddl` of the online-DDL Vitess instance (testenv/lib/start-vitess.sh onlineddl).
-- The tests create their own tables; this one only gives the keyspace a schema to start with.
CREATE TABLE placeholder (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
