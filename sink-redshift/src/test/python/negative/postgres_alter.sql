-- add column if not exists
ALTER TABLE "w"."t" ADD COLUMN IF NOT EXISTS "c" integer;

-- widen with USING
ALTER TABLE "w"."t" ALTER COLUMN "c" TYPE bigint USING "c"::bigint;

-- two actions in one ALTER
ALTER TABLE "w"."t" DROP CONSTRAINT "t_pkey", ADD PRIMARY KEY ("id");

