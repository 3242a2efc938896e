-- bytea and text[] columns
CREATE TABLE "w"."t" ("id" bigint, "b" bytea, "tags" text[]);

