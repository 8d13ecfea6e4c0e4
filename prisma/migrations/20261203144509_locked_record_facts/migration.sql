-- AlterTable
ALTER TABLE "OpenDay" ADD COLUMN "attendanceThreshold" INTEGER;
ALTER TABLE "OpenDay" ADD COLUMN "branchName" TEXT;
ALTER TABLE "OpenDay" ADD COLUMN "duesFigures" TEXT;


-- Data (hand-written; the same SQL runs on PostgreSQL): records locked before this migration freeze the branch's
-- name now; their threshold and dues figures stay null, so they print the live ones as before.
UPDATE "OpenDay" SET "branchName" = (SELECT b."name" FROM "Branch" b WHERE b."id" = "OpenDay"."branchId")
WHERE "status" IN ('reviewed', 'cancelled');
