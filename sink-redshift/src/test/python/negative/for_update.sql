-- row lock
SELECT "position" FROM "w"."cp" WHERE "pipeline" = ? FOR UPDATE;

