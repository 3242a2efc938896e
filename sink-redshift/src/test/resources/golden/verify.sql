-- count, hard delete
SELECT count(*) FROM "warehouse"."orders";

-- count, soft delete
SELECT count(*) FROM "warehouse"."orders" WHERE "_vr_deleted" IS NOT TRUE;

-- rows by key, composite key, two keys
SELECT "tenant_id", "OrderId", "order", "amount", "note" FROM "warehouse"."orders" WHERE (("tenant_id" = CAST(? AS integer) AND "OrderId" = CAST(? AS bigint)) OR ("tenant_id" = CAST(? AS integer) AND "OrderId" = CAST(? AS bigint)));

-- rows by key, soft delete, one key
SELECT "tenant_id", "OrderId", "order", "amount", "note" FROM "warehouse"."orders" WHERE (("tenant_id" = CAST(? AS integer) AND "OrderId" = CAST(? AS bigint))) AND "_vr_deleted" IS NOT TRUE;

-- rows by key, every type, two keys
SELECT "id", "c_tinyint", "c_smallint_u", "c_mediumint", "c_int", "c_int_u", "c_bigint", "c_decimal", "c_float", "c_double", "c_bit", "c_bit64", "c_char", "c_varchar", "c_tinytext", "c_text", "c_longtext", TO_HEX("c_binary"), TO_HEX("c_varbinary"), TO_HEX("c_blob"), "c_date", "c_datetime", "c_timestamp", "c_time", "c_year", "c_json", "c_enum", "c_set" FROM "warehouse"."EveryType" WHERE "id" IN (CAST(? AS numeric(20,0)), CAST(? AS numeric(20,0)));

-- rows by key, varbyte and timestamptz key, two keys
SELECT TO_HEX("b"), "t", "v" FROM "warehouse"."bin" WHERE (("b" = FROM_HEX(?) AND "t" = CAST(? AS timestamptz)) OR ("b" = FROM_HEX(?) AND "t" = CAST(? AS timestamptz)));

-- every key, composite, soft delete
SELECT "tenant_id", "OrderId" FROM "warehouse"."orders" WHERE "_vr_deleted" IS NOT TRUE;

-- every key, varbyte
SELECT TO_HEX("b"), "t" FROM "warehouse"."bin";

