-- orders, defaults, hard delete (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."orders" (
  "tenant_id" integer NOT NULL,
  "OrderId" bigint NOT NULL,
  "order" varchar(160),
  "amount" numeric(12,2),
  "note" varchar(65535),
  PRIMARY KEY ("tenant_id", "OrderId")
)
DISTSTYLE AUTO COMPOUND SORTKEY ("tenant_id", "OrderId");

-- orders, defaults, hard delete (2/2)
COMMENT ON TABLE "warehouse"."orders" IS 'vitess-replicator source table: shop.orders';

-- orders, soft delete (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."orders" (
  "tenant_id" integer NOT NULL,
  "OrderId" bigint NOT NULL,
  "order" varchar(160),
  "amount" numeric(12,2),
  "note" varchar(65535),
  "_vr_deleted" boolean NOT NULL DEFAULT false,
  "_vr_deleted_at" timestamptz,
  PRIMARY KEY ("tenant_id", "OrderId")
)
DISTSTYLE AUTO COMPOUND SORTKEY ("tenant_id", "OrderId");

-- orders, soft delete (2/2)
COMMENT ON TABLE "warehouse"."orders" IS 'vitess-replicator source table: shop.orders';

-- every type, DISTSTYLE KEY on the key, sort key AUTO (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."EveryType" (
  "id" numeric(20,0) NOT NULL,
  "c_tinyint" smallint,
  "c_smallint_u" integer,
  "c_mediumint" integer,
  "c_int" integer,
  "c_int_u" bigint,
  "c_bigint" bigint,
  "c_decimal" numeric(38,10),
  "c_float" real,
  "c_double" double precision,
  "c_bit" bigint,
  "c_bit64" numeric(20,0),
  "c_char" varchar(12),
  "c_varchar" varchar(1020),
  "c_tinytext" varchar(255),
  "c_text" varchar(65535),
  "c_longtext" varchar(65535),
  "c_binary" varbyte(16),
  "c_varbinary" varbyte(300),
  "c_blob" varbyte(65535),
  "c_date" date,
  "c_datetime" timestamp,
  "c_timestamp" timestamptz,
  "c_time" time,
  "c_year" smallint,
  "c_json" super,
  "c_enum" varchar(7),
  "c_set" varchar(5),
  PRIMARY KEY ("id")
)
DISTSTYLE KEY DISTKEY ("id");

-- every type, DISTSTYLE KEY on the key, sort key AUTO (2/2)
COMMENT ON TABLE "warehouse"."EveryType" IS 'vitess-replicator source table: shop.every_type';

-- orders, DISTSTYLE EVEN, sort key AUTO (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."orders" (
  "tenant_id" integer NOT NULL,
  "OrderId" bigint NOT NULL,
  "order" varchar(160),
  "amount" numeric(12,2),
  "note" varchar(65535),
  PRIMARY KEY ("tenant_id", "OrderId")
)
DISTSTYLE EVEN;

-- orders, DISTSTYLE EVEN, sort key AUTO (2/2)
COMMENT ON TABLE "warehouse"."orders" IS 'vitess-replicator source table: shop.orders';

-- orders, DISTSTYLE ALL, sort key columns (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."orders" (
  "tenant_id" integer NOT NULL,
  "OrderId" bigint NOT NULL,
  "order" varchar(160),
  "amount" numeric(12,2),
  "note" varchar(65535),
  PRIMARY KEY ("tenant_id", "OrderId")
)
DISTSTYLE ALL COMPOUND SORTKEY ("amount", "OrderId");

-- orders, DISTSTYLE ALL, sort key columns (2/2)
COMMENT ON TABLE "warehouse"."orders" IS 'vitess-replicator source table: shop.orders';

-- orders, DISTKEY on a named column (1/2)
CREATE TABLE IF NOT EXISTS "warehouse"."orders" (
  "tenant_id" integer NOT NULL,
  "OrderId" bigint NOT NULL,
  "order" varchar(160),
  "amount" numeric(12,2),
  "note" varchar(65535),
  PRIMARY KEY ("tenant_id", "OrderId")
)
DISTSTYLE KEY DISTKEY ("OrderId") COMPOUND SORTKEY ("tenant_id", "OrderId");

-- orders, DISTKEY on a named column (2/2)
COMMENT ON TABLE "warehouse"."orders" IS 'vitess-replicator source table: shop.orders';

