-- orders, hard delete, deletes (1/2)
DELETE FROM "_vr_stage_1" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "tenant_id", "OrderId" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_1") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- orders, hard delete, deletes (2/2)
DELETE FROM "warehouse"."orders" USING "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'D' AND "orders"."tenant_id" = "_vr_s"."tenant_id" AND "orders"."OrderId" = "_vr_s"."OrderId";

-- orders, hard delete, upserts (1/3)
DELETE FROM "_vr_stage_1" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "tenant_id", "OrderId" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_1") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- orders, hard delete, upserts (2/3)
UPDATE "warehouse"."orders" SET "order" = "_vr_s"."order", "amount" = "_vr_s"."amount", "note" = "_vr_s"."note" FROM "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'U' AND "orders"."tenant_id" = "_vr_s"."tenant_id" AND "orders"."OrderId" = "_vr_s"."OrderId";

-- orders, hard delete, upserts (3/3)
INSERT INTO "warehouse"."orders" ("tenant_id", "OrderId", "order", "amount", "note") SELECT "_vr_s"."tenant_id", "_vr_s"."OrderId", "_vr_s"."order", "_vr_s"."amount", "_vr_s"."note" FROM "_vr_stage_1" AS "_vr_s" LEFT JOIN "warehouse"."orders" AS "_vr_t" ON "_vr_t"."tenant_id" = "_vr_s"."tenant_id" AND "_vr_t"."OrderId" = "_vr_s"."OrderId" WHERE "_vr_s"."_vr_op" = 'U' AND "_vr_t"."tenant_id" IS NULL;

-- orders, hard delete, note upserted keys
INSERT INTO "warehouse"."_vr_copy_orders" ("tenant_id", "OrderId") SELECT "_vr_s"."tenant_id", "_vr_s"."OrderId" FROM "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'U';

-- orders, soft delete, deletes (1/2)
DELETE FROM "_vr_stage_1" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "tenant_id", "OrderId" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_1") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- orders, soft delete, deletes (2/2)
UPDATE "warehouse"."orders" SET "_vr_deleted" = true, "_vr_deleted_at" = SYSDATE FROM "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'D' AND "orders"."tenant_id" = "_vr_s"."tenant_id" AND "orders"."OrderId" = "_vr_s"."OrderId" AND NOT "orders"."_vr_deleted";

-- orders, soft delete, upserts (1/3)
DELETE FROM "_vr_stage_1" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "tenant_id", "OrderId" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_1") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- orders, soft delete, upserts (2/3)
UPDATE "warehouse"."orders" SET "order" = "_vr_s"."order", "amount" = "_vr_s"."amount", "note" = "_vr_s"."note", "_vr_deleted" = false, "_vr_deleted_at" = NULL FROM "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'U' AND "orders"."tenant_id" = "_vr_s"."tenant_id" AND "orders"."OrderId" = "_vr_s"."OrderId";

-- orders, soft delete, upserts (3/3)
INSERT INTO "warehouse"."orders" ("tenant_id", "OrderId", "order", "amount", "note") SELECT "_vr_s"."tenant_id", "_vr_s"."OrderId", "_vr_s"."order", "_vr_s"."amount", "_vr_s"."note" FROM "_vr_stage_1" AS "_vr_s" LEFT JOIN "warehouse"."orders" AS "_vr_t" ON "_vr_t"."tenant_id" = "_vr_s"."tenant_id" AND "_vr_t"."OrderId" = "_vr_s"."OrderId" WHERE "_vr_s"."_vr_op" = 'U' AND "_vr_t"."tenant_id" IS NULL;

-- orders, soft delete, note upserted keys
INSERT INTO "warehouse"."_vr_copy_orders" ("tenant_id", "OrderId") SELECT "_vr_s"."tenant_id", "_vr_s"."OrderId" FROM "_vr_stage_1" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'U';

-- every type, deletes (1/2)
DELETE FROM "_vr_stage_2" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_2") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- every type, deletes (2/2)
DELETE FROM "warehouse"."EveryType" USING "_vr_stage_2" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'D' AND "EveryType"."id" = "_vr_s"."id";

-- every type, upserts (1/3)
DELETE FROM "_vr_stage_2" WHERE "_vr_seq" IN (SELECT "_vr_seq" FROM (SELECT "_vr_seq", ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_vr_seq" DESC) AS "_vr_rn" FROM "_vr_stage_2") AS "_vr_ranked" WHERE "_vr_ranked"."_vr_rn" > 1);

-- every type, upserts (2/3)
UPDATE "warehouse"."EveryType" SET "c_tinyint" = "_vr_s"."c_tinyint", "c_smallint_u" = "_vr_s"."c_smallint_u", "c_mediumint" = "_vr_s"."c_mediumint", "c_int" = "_vr_s"."c_int", "c_int_u" = "_vr_s"."c_int_u", "c_bigint" = "_vr_s"."c_bigint", "c_decimal" = "_vr_s"."c_decimal", "c_float" = "_vr_s"."c_float", "c_double" = "_vr_s"."c_double", "c_bit" = "_vr_s"."c_bit", "c_bit64" = "_vr_s"."c_bit64", "c_char" = "_vr_s"."c_char", "c_varchar" = "_vr_s"."c_varchar", "c_tinytext" = "_vr_s"."c_tinytext", "c_text" = "_vr_s"."c_text", "c_longtext" = "_vr_s"."c_longtext", "c_binary" = "_vr_s"."c_binary", "c_varbinary" = "_vr_s"."c_varbinary", "c_blob" = "_vr_s"."c_blob", "c_date" = "_vr_s"."c_date", "c_datetime" = "_vr_s"."c_datetime", "c_timestamp" = "_vr_s"."c_timestamp", "c_time" = "_vr_s"."c_time", "c_year" = "_vr_s"."c_year", "c_json" = "_vr_s"."c_json", "c_enum" = "_vr_s"."c_enum", "c_set" = "_vr_s"."c_set" FROM "_vr_stage_2" AS "_vr_s" WHERE "_vr_s"."_vr_op" = 'U' AND "EveryType"."id" = "_vr_s"."id";

-- every type, upserts (3/3)
INSERT INTO "warehouse"."EveryType" ("id", "c_tinyint", "c_smallint_u", "c_mediumint", "c_int", "c_int_u", "c_bigint", "c_decimal", "c_float", "c_double", "c_bit", "c_bit64", "c_char", "c_varchar", "c_tinytext", "c_text", "c_longtext", "c_binary", "c_varbinary", "c_blob", "c_date", "c_datetime", "c_timestamp", "c_time", "c_year", "c_json", "c_enum", "c_set") SELECT "_vr_s"."id", "_vr_s"."c_tinyint", "_vr_s"."c_smallint_u", "_vr_s"."c_mediumint", "_vr_s"."c_int", "_vr_s"."c_int_u", "_vr_s"."c_bigint", "_vr_s"."c_decimal", "_vr_s"."c_float", "_vr_s"."c_double", "_vr_s"."c_bit", "_vr_s"."c_bit64", "_vr_s"."c_char", "_vr_s"."c_varchar", "_vr_s"."c_tinytext", "_vr_s"."c_text", "_vr_s"."c_longtext", "_vr_s"."c_binary", "_vr_s"."c_varbinary", "_vr_s"."c_blob", "_vr_s"."c_date", "_vr_s"."c_datetime", "_vr_s"."c_timestamp", "_vr_s"."c_time", "_vr_s"."c_year", "_vr_s"."c_json", "_vr_s"."c_enum", "_vr_s"."c_set" FROM "_vr_stage_2" AS "_vr_s" LEFT JOIN "warehouse"."EveryType" AS "_vr_t" ON "_vr_t"."id" = "_vr_s"."id" WHERE "_vr_s"."_vr_op" = 'U' AND "_vr_t"."id" IS NULL;

