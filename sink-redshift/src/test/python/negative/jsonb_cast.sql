-- jsonb cast
SELECT CAST("doc" AS jsonb) FROM "w"."t";

-- jsonb cast with ::
SELECT "doc"::jsonb FROM "w"."t";

