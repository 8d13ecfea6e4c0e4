-- AlterTable
ALTER TABLE "OpenDay" ADD COLUMN "attendanceThreshold" INTEGER;
ALTER TABLE "OpenDay" ADD COLUMN "branchName" TEXT;
ALTER TABLE "OpenDay" ADD COLUMN "duesFigures" TEXT;
ALTER TABLE "CommentScore" ADD COLUMN "criterionName" TEXT;


-- Data (hand-written; the same SQL runs on PostgreSQL): records locked before this migration freeze the branch's
-- name and their scores' criterion names now; their threshold and dues figures stay null (the live ones print).
UPDATE "OpenDay" SET "branchName" = (SELECT b."name" FROM "Branch" b WHERE b."id" = "OpenDay"."branchId")
WHERE "status" IN ('reviewed', 'cancelled');
UPDATE "CommentScore" SET "criterionName" = (SELECT c."name" FROM "Criterion" c WHERE c."id" = "CommentScore"."criterionId")
WHERE "commentId" IN (SELECT k."id" FROM "Comment" k JOIN "OpenDay" o ON o."id" = k."openDayId" WHERE o."status" IN ('reviewed', 'cancelled'));
