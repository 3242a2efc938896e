-- temporary table dropped at commit
CREATE TEMPORARY TABLE "s" ("id" bigint, "_vr_op" "char" NOT NULL) ON COMMIT DROP;

