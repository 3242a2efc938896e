-- varchar length of a column
SELECT character_maximum_length FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ? AND data_type = 'character varying';

-- primary-key constraint
SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY';

-- table oid
SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r';

-- relation exists
SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?;

-- columns and their types
SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute AS a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;

-- primary-key and unique columns
SELECT tc.constraint_name, kcu.column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE');

-- table comment
SELECT d.description FROM pg_catalog.pg_description AS d WHERE d.objoid = ? AND d.objsubid = 0;

-- schema exists
SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ?;

-- create schema
CREATE SCHEMA IF NOT EXISTS "warehouse";

-- session time zone
SELECT current_setting('timezone');

-- privilege: temporary tables
SELECT has_database_privilege(current_database(), 'TEMP');

-- privilege: create schemas
SELECT has_database_privilege(current_database(), 'CREATE');

-- privilege: schema
SELECT has_schema_privilege(?, 'CREATE') AND has_schema_privilege(?, 'USAGE');

-- privilege: checkpoint table
SELECT has_table_privilege(?, 'SELECT') AND has_table_privilege(?, 'INSERT') AND has_table_privilege(?, 'UPDATE');

-- current user
SELECT current_user;

-- current database
SELECT current_database();

