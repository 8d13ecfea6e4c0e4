-- Issue 11: a locked record's expected roster is frozen (src/open-days/snapshot.ts). Columns are added in place
-- (ALTER TABLE), never by redefining a table, so the cache triggers on Speech and Attendance stay as they are.

-- AlterTable: a speaker's posts (title、partyPost) when the record locked, for the news release's first draft
ALTER TABLE "Speech" ADD COLUMN "memberPost" TEXT;

-- AlterTable: the member's standing (正式/预备) when the record locked, on exactly the rows of the frozen roster
ALTER TABLE "Attendance" ADD COLUMN "memberStanding" TEXT;

-- ---------------------------------------------------------------------------------------------------------------
-- Data migration: freeze the roster of every record that is already locked (reviewed or cancelled), as the app
-- does when it locks one: the expected members are the branch's members not transferred out before the event.
-- These writes bump the open days' data versions through the cache triggers, which is harmless.

-- 1. an 'unmarked' row, with the name and standing, for each expected member nobody marked
INSERT INTO "Attendance" ("openDayId", "memberId", "memberName", "memberStanding", "status", "createdAt", "updatedAt")
SELECT o."id", m."id", m."name", m."standing", 'unmarked', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "OpenDay" o JOIN "Member" m ON m."branchId" = o."branchId"
WHERE o."status" IN ('reviewed', 'cancelled')
  AND (m."transferredOutAt" IS NULL OR m."transferredOutAt" > o."startsAt")
  AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."openDayId" = o."id" AND a."memberId" = m."id");

-- 2. the standing (and the name, if still missing) on the expected members' rows that were marked
UPDATE "Attendance" SET
  "memberStanding" = (SELECT m."standing" FROM "Member" m WHERE m."id" = "Attendance"."memberId"),
  "memberName" = COALESCE("memberName", (SELECT m."name" FROM "Member" m WHERE m."id" = "Attendance"."memberId"))
WHERE "memberStanding" IS NULL AND EXISTS (
  SELECT 1 FROM "OpenDay" o JOIN "Member" m ON m."branchId" = o."branchId"
  WHERE o."id" = "Attendance"."openDayId" AND m."id" = "Attendance"."memberId" AND o."status" IN ('reviewed', 'cancelled')
    AND (m."transferredOutAt" IS NULL OR m."transferredOutAt" > o."startsAt"));

-- 3. the speakers' posts, “title、partyPost” as the news release names them
UPDATE "Speech" SET "memberPost" = (SELECT CASE
    WHEN COALESCE(m."title", '') <> '' AND COALESCE(m."partyPost", '') <> '' THEN m."title" || '、' || m."partyPost"
    ELSE COALESCE(NULLIF(m."title", ''), NULLIF(m."partyPost", ''), '') END FROM "Member" m WHERE m."id" = "Speech"."memberId")
WHERE "memberId" IS NOT NULL AND "segmentId" IN (
  SELECT s."id" FROM "Segment" s JOIN "OpenDay" o ON o."id" = s."openDayId" WHERE o."status" IN ('reviewed', 'cancelled'));
