-- create staging, orders
CREATE TEMPORARY TABLE "_vr_stage_1" ("tenant_id" integer, "OrderId" bigint, "order" varchar(160), "amount" numeric(12,2), "note" varchar(65535), "_vr_op" char(1) NOT NULL, "_vr_seq" bigint NOT NULL);

-- create staging, every type
CREATE TEMPORARY TABLE "_vr_stage_2" ("id" numeric(20,0), "c_tinyint" smallint, "c_smallint_u" integer, "c_mediumint" integer, "c_int" integer, "c_int_u" bigint, "c_bigint" bigint, "c_decimal" numeric(38,10), "c_float" real, "c_double" double precision, "c_bit" bigint, "c_bit64" numeric(20,0), "c_char" varchar(12), "c_varchar" varchar(1020), "c_tinytext" varchar(255), "c_text" varchar(65535), "c_longtext" varchar(65535), "c_binary" varbyte(16), "c_varbinary" varbyte(300), "c_blob" varbyte(65535), "c_date" date, "c_datetime" timestamp, "c_timestamp" timestamptz, "c_time" time, "c_year" smallint, "c_json" super, "c_enum" varchar(7), "c_set" varchar(5), "_vr_op" char(1) NOT NULL, "_vr_seq" bigint NOT NULL);

-- copy, IAM role
COPY "_vr_stage_1" ("tenant_id", "OrderId", "order", "amount", "note", "_vr_op", "_vr_seq")
FROM 's3://replicator-stage/pipeline-a/batch-000042/manifest'
IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-loader'
FORMAT AS CSV QUOTE AS '"' DELIMITER ',' NULL AS '\000' GZIP MANIFEST
COMPUPDATE OFF STATUPDATE OFF;

-- copy, access keys and region
COPY "_vr_stage_2" ("id", "c_tinyint", "c_smallint_u", "c_mediumint", "c_int", "c_int_u", "c_bigint", "c_decimal", "c_float", "c_double", "c_bit", "c_bit64", "c_char", "c_varchar", "c_tinytext", "c_text", "c_longtext", "c_binary", "c_varbinary", "c_blob", "c_date", "c_datetime", "c_timestamp", "c_time", "c_year", "c_json", "c_enum", "c_set", "_vr_op", "_vr_seq")
FROM 's3://replicator-stage/pipeline-a/batch-000043/manifest'
ACCESS_KEY_ID 'AKIAEXAMPLEEXAMPLE' SECRET_ACCESS_KEY 'example/secret/key' SESSION_TOKEN 'example-session-token'
FORMAT AS CSV QUOTE AS '"' DELIMITER ',' NULL AS '\000' GZIP MANIFEST
COMPUPDATE OFF STATUPDATE OFF
REGION 'eu-west-1';

-- drop staging
DROP TABLE IF EXISTS "_vr_stage_1";

