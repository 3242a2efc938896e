-- add column
ALTER TABLE "warehouse"."orders" ADD COLUMN "shipped" timestamptz;

-- add column with a numeric fill
ALTER TABLE "warehouse"."orders" ADD COLUMN "qty" numeric(10,2) DEFAULT CAST('-1.50' AS numeric(10,2));

-- add column with a text fill
ALTER TABLE "warehouse"."orders" ADD COLUMN "status" varchar(40) DEFAULT CAST('it''s new\\' AS varchar(40));

-- add column with a binary fill
ALTER TABLE "warehouse"."orders" ADD COLUMN "flags" varbyte(4) DEFAULT FROM_HEX('01ab');

-- add column with a timestamp fill
ALTER TABLE "warehouse"."orders" ADD COLUMN "seen" timestamptz DEFAULT CAST('2024-05-01 10:00:00.000000+00' AS timestamptz);

-- add column, JSON as SUPER
ALTER TABLE "warehouse"."orders" ADD COLUMN "doc" super;

-- drop column
ALTER TABLE "warehouse"."orders" DROP COLUMN "note";

-- rename column
ALTER TABLE "warehouse"."orders" RENAME COLUMN "note" TO "Remark";

-- widen varchar [outside transaction]
ALTER TABLE "warehouse"."orders" ALTER COLUMN "order" TYPE varchar(400);

-- widen varchar [instead, when the batch already holds the table]
ALTER TABLE "warehouse"."orders" ADD COLUMN "order__vr_rewrite" varchar(400);

-- widen varchar [instead, when the batch already holds the table]
UPDATE "warehouse"."orders" SET "order__vr_rewrite" = CAST("order" AS varchar(400));

-- widen varchar [instead, when the batch already holds the table]
ALTER TABLE "warehouse"."orders" DROP COLUMN "order";

-- widen varchar [instead, when the batch already holds the table]
ALTER TABLE "warehouse"."orders" RENAME COLUMN "order__vr_rewrite" TO "order";

-- widen int to bigint, type-change: rewrite-column (1/4)
ALTER TABLE "warehouse"."orders" ADD COLUMN "qty__vr_rewrite" bigint;

-- widen int to bigint, type-change: rewrite-column (2/4)
UPDATE "warehouse"."orders" SET "qty__vr_rewrite" = CAST("qty" AS bigint);

-- widen int to bigint, type-change: rewrite-column (3/4)
ALTER TABLE "warehouse"."orders" DROP COLUMN "qty";

-- widen int to bigint, type-change: rewrite-column (4/4)
ALTER TABLE "warehouse"."orders" RENAME COLUMN "qty__vr_rewrite" TO "qty";

-- change primary key (1/2)
ALTER TABLE "warehouse"."orders" DROP CONSTRAINT "orders_pkey";

-- change primary key (2/2)
ALTER TABLE "warehouse"."orders" ADD PRIMARY KEY ("tenant_id", "OrderId");

-- drop table
DROP TABLE IF EXISTS "warehouse"."orders";

-- truncate, hard delete
DELETE FROM "warehouse"."orders";

-- truncate, soft delete
UPDATE "warehouse"."orders" SET "_vr_deleted" = true, "_vr_deleted_at" = SYSDATE WHERE NOT "_vr_deleted";

-- copy started
CREATE TABLE IF NOT EXISTS "warehouse"."_vr_copy_orders" (LIKE "warehouse"."orders" INCLUDING DEFAULTS);

-- copy completed, hard delete (1/2)
DELETE FROM "warehouse"."orders" WHERE NOT EXISTS (SELECT 1 FROM "warehouse"."_vr_copy_orders" AS "_vr_k" WHERE "_vr_k"."tenant_id" = "orders"."tenant_id" AND "_vr_k"."OrderId" = "orders"."OrderId");

-- copy completed, hard delete (2/2)
DROP TABLE "warehouse"."_vr_copy_orders";

-- copy completed, soft delete (1/2)
UPDATE "warehouse"."orders" SET "_vr_deleted" = true, "_vr_deleted_at" = SYSDATE WHERE NOT EXISTS (SELECT 1 FROM "warehouse"."_vr_copy_orders" AS "_vr_k" WHERE "_vr_k"."tenant_id" = "orders"."tenant_id" AND "_vr_k"."OrderId" = "orders"."OrderId") AND NOT "orders"."_vr_deleted";

-- copy completed, soft delete (2/2)
DROP TABLE "warehouse"."_vr_copy_orders";

