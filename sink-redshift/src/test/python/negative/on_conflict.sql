-- upsert with ON CONFLICT
INSERT INTO "w"."t" ("id", "v") SELECT "id", "v" FROM "s" ON CONFLICT ("id") DO UPDATE SET "v" = EXCLUDED."v";

