-- dedup with DISTINCT ON
SELECT DISTINCT ON ("id") * FROM "s" ORDER BY "id", "_vr_seq" DESC;

