-- Issue 11 and 14 leftovers. Columns are added and dropped in place (ALTER TABLE), never by redefining a table,
-- so every cache trigger on Segment, Speech, Attendance, OpenDay and Comment stays as it is.

-- AlterTable: the names printed in a locked record (null while unlocked: the live name is printed)
ALTER TABLE "OpenDay" ADD COLUMN "hostName" TEXT;
ALTER TABLE "OpenDay" ADD COLUMN "recorderName" TEXT;
ALTER TABLE "Segment" ADD COLUMN "leaderName" TEXT;
ALTER TABLE "Speech" ADD COLUMN "memberName" TEXT;
ALTER TABLE "Attendance" ADD COLUMN "memberName" TEXT;

-- AlterTable: the agenda definition's own optimistic lock, apart from the record's "version"
ALTER TABLE "Segment" ADD COLUMN "planVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable: the legacy scores JSON (copied into CommentScore by review_and_assessment, read by nothing)
ALTER TABLE "Comment" DROP COLUMN "scores";

-- ---------------------------------------------------------------------------------------------------------------
-- Data migration: freeze the names of every record that is already locked (reviewed or cancelled), as the app
-- does when it locks one (src/open-days/snapshot.ts). A label is “name（title、post）”, as the summary prints it.
-- These UPDATEs bump the open days' data versions through the cache triggers, which is harmless.
UPDATE "OpenDay" SET
  "hostName" = (SELECT m."name" || CASE
      WHEN COALESCE(m."title", '') <> '' AND COALESCE(m."partyPost", '') <> '' THEN '（' || m."title" || '、' || m."partyPost" || '）'
      WHEN COALESCE(m."title", '') <> '' THEN '（' || m."title" || '）'
      WHEN COALESCE(m."partyPost", '') <> '' THEN '（' || m."partyPost" || '）'
      ELSE '' END FROM "Member" m WHERE m."id" = "OpenDay"."hostId"),
  "recorderName" = (SELECT m."name" || CASE
      WHEN COALESCE(m."title", '') <> '' AND COALESCE(m."partyPost", '') <> '' THEN '（' || m."title" || '、' || m."partyPost" || '）'
      WHEN COALESCE(m."title", '') <> '' THEN '（' || m."title" || '）'
      WHEN COALESCE(m."partyPost", '') <> '' THEN '（' || m."partyPost" || '）'
      ELSE '' END FROM "Member" m WHERE m."id" = "OpenDay"."recorderId")
WHERE "status" IN ('reviewed', 'cancelled');

UPDATE "Segment" SET "leaderName" = (SELECT m."name" || CASE
    WHEN COALESCE(m."title", '') <> '' AND COALESCE(m."partyPost", '') <> '' THEN '（' || m."title" || '、' || m."partyPost" || '）'
    WHEN COALESCE(m."title", '') <> '' THEN '（' || m."title" || '）'
    WHEN COALESCE(m."partyPost", '') <> '' THEN '（' || m."partyPost" || '）'
    ELSE '' END FROM "Member" m WHERE m."id" = "Segment"."leaderId")
WHERE "openDayId" IN (SELECT "id" FROM "OpenDay" WHERE "status" IN ('reviewed', 'cancelled'));

UPDATE "Speech" SET "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Speech"."memberId")
WHERE "segmentId" IN (SELECT s."id" FROM "Segment" s JOIN "OpenDay" o ON o."id" = s."openDayId" WHERE o."status" IN ('reviewed', 'cancelled'));

UPDATE "Attendance" SET "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Attendance"."memberId")
WHERE "openDayId" IN (SELECT "id" FROM "OpenDay" WHERE "status" IN ('reviewed', 'cancelled'));
