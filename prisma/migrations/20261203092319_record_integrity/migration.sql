-- The cache triggers (see 20261203072650_cache_versions) name the tables redefined below: drop them first,
-- re-create them at the end.
DROP TRIGGER IF EXISTS "OpenDayStatusChange_bump_insert";
DROP TRIGGER IF EXISTS "OpenDayStatusChange_bump_update";
DROP TRIGGER IF EXISTS "OpenDayStatusChange_bump_delete";
DROP TRIGGER IF EXISTS "Observer_bump_insert";
DROP TRIGGER IF EXISTS "Observer_bump_update";
DROP TRIGGER IF EXISTS "Observer_bump_delete";
DROP TRIGGER IF EXISTS "Segment_bump_insert";
DROP TRIGGER IF EXISTS "Segment_bump_update";
DROP TRIGGER IF EXISTS "Segment_bump_delete";
DROP TRIGGER IF EXISTS "Attendance_bump_insert";
DROP TRIGGER IF EXISTS "Attendance_bump_update";
DROP TRIGGER IF EXISTS "Attendance_bump_delete";
DROP TRIGGER IF EXISTS "Attendee_bump_insert";
DROP TRIGGER IF EXISTS "Attendee_bump_update";
DROP TRIGGER IF EXISTS "Attendee_bump_delete";
DROP TRIGGER IF EXISTS "Attachment_bump_insert";
DROP TRIGGER IF EXISTS "Attachment_bump_update";
DROP TRIGGER IF EXISTS "Attachment_bump_delete";
DROP TRIGGER IF EXISTS "EditLog_bump_insert";
DROP TRIGGER IF EXISTS "EditLog_bump_update";
DROP TRIGGER IF EXISTS "EditLog_bump_delete";
DROP TRIGGER IF EXISTS "NewsRelease_bump_insert";
DROP TRIGGER IF EXISTS "NewsRelease_bump_update";
DROP TRIGGER IF EXISTS "NewsRelease_bump_delete";
DROP TRIGGER IF EXISTS "Comment_bump_update";
DROP TRIGGER IF EXISTS "Comment_bump_delete";
DROP TRIGGER IF EXISTS "Speech_bump_insert";
DROP TRIGGER IF EXISTS "Speech_bump_update";
DROP TRIGGER IF EXISTS "Speech_bump_delete";
DROP TRIGGER IF EXISTS "OpenDay_bump_update";
DROP TRIGGER IF EXISTS "Setting_settings_insert";
DROP TRIGGER IF EXISTS "Setting_settings_update";
DROP TRIGGER IF EXISTS "Setting_settings_delete";
DROP TRIGGER IF EXISTS "Branch_directory_insert";
DROP TRIGGER IF EXISTS "Branch_directory_update";
DROP TRIGGER IF EXISTS "Branch_directory_delete";
DROP TRIGGER IF EXISTS "Member_directory_insert";
DROP TRIGGER IF EXISTS "Member_directory_update";
DROP TRIGGER IF EXISTS "Member_directory_delete";
DROP TRIGGER IF EXISTS "OpenDay_calendar_insert";
DROP TRIGGER IF EXISTS "OpenDay_calendar_update";
DROP TRIGGER IF EXISTS "OpenDay_calendar_delete";
DROP TRIGGER IF EXISTS "Branch_calendar_insert";
DROP TRIGGER IF EXISTS "Branch_calendar_update";
DROP TRIGGER IF EXISTS "Branch_calendar_delete";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Branch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "secretaryId" INTEGER,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Branch_secretaryId_fkey" FOREIGN KEY ("secretaryId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Branch" ("archivedAt", "createdAt", "id", "name", "secretaryId", "updatedAt") SELECT "archivedAt", "createdAt", "id", "name", "secretaryId", "updatedAt" FROM "Branch";
DROP TABLE "Branch";
ALTER TABLE "new_Branch" RENAME TO "Branch";
CREATE UNIQUE INDEX "Branch_name_key" ON "Branch"("name");
CREATE UNIQUE INDEX "Branch_secretaryId_key" ON "Branch"("secretaryId");
CREATE TABLE "new_OpenDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "branchId" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "place" TEXT NOT NULL,
    "hostId" INTEGER,
    "recorderId" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "statusNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "observerToken" TEXT NOT NULL,
    "commentsOpenAt" DATETIME,
    "commentsCloseAt" DATETIME,
    "allowAnonymous" BOOLEAN NOT NULL DEFAULT false,
    "holdComments" BOOLEAN NOT NULL DEFAULT false,
    "signInToken" TEXT NOT NULL,
    "signInOpen" BOOLEAN NOT NULL DEFAULT false,
    "currentSpeechId" INTEGER,
    "rehearsing" BOOLEAN NOT NULL DEFAULT false,
    "runVersion" INTEGER NOT NULL DEFAULT 0,
    "dataVersion" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OpenDay_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_recorderId_fkey" FOREIGN KEY ("recorderId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OpenDay" ("allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "dataVersion", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version") SELECT "allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "dataVersion", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version" FROM "OpenDay";
DROP TABLE "OpenDay";
ALTER TABLE "new_OpenDay" RENAME TO "OpenDay";
CREATE UNIQUE INDEX "OpenDay_observerToken_key" ON "OpenDay"("observerToken");
CREATE UNIQUE INDEX "OpenDay_signInToken_key" ON "OpenDay"("signInToken");
CREATE INDEX "OpenDay_startsAt_idx" ON "OpenDay"("startsAt");
CREATE INDEX "OpenDay_branchId_startsAt_idx" ON "OpenDay"("branchId", "startsAt");
CREATE INDEX "OpenDay_status_startsAt_idx" ON "OpenDay"("status", "startsAt");
CREATE INDEX "OpenDay_branchId_status_startsAt_idx" ON "OpenDay"("branchId", "status", "startsAt");
CREATE TABLE "new_Observer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "memberId" INTEGER,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "unit" TEXT,
    "token" TEXT NOT NULL,
    "arrivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Observer_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Observer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Observer" ("arrivedAt", "createdAt", "id", "memberId", "name", "openDayId", "title", "token", "unit") SELECT "arrivedAt", "createdAt", "id", "memberId", "name", "openDayId", "title", "token", "unit" FROM "Observer";
DROP TABLE "Observer";
ALTER TABLE "new_Observer" RENAME TO "Observer";
CREATE UNIQUE INDEX "Observer_token_key" ON "Observer"("token");
CREATE INDEX "Observer_openDayId_idx" ON "Observer"("openDayId");
CREATE UNIQUE INDEX "Observer_openDayId_memberId_key" ON "Observer"("openDayId", "memberId");
CREATE TABLE "new_Segment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "plannedMinutes" INTEGER NOT NULL,
    "leaderId" INTEGER,
    "guestName" TEXT,
    "guestTitle" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "record" TEXT NOT NULL DEFAULT '{}',
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "rehearsalStartedAt" DATETIME,
    "rehearsalEndedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Segment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Segment_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Segment" ("createdAt", "endedAt", "guestName", "guestTitle", "id", "kind", "leaderId", "notes", "openDayId", "plannedMinutes", "position", "record", "startedAt", "summary", "title", "updatedAt", "version") SELECT "createdAt", "endedAt", "guestName", "guestTitle", "id", "kind", "leaderId", "notes", "openDayId", "plannedMinutes", "position", "record", "startedAt", "summary", "title", "updatedAt", "version" FROM "Segment";
DROP TABLE "Segment";
ALTER TABLE "new_Segment" RENAME TO "Segment";
CREATE INDEX "Segment_openDayId_position_idx" ON "Segment"("openDayId", "position");
CREATE TABLE "new_Speech" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "segmentId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "memberId" INTEGER,
    "guestName" TEXT,
    "topic" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Speech_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Speech_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Speech" ("createdAt", "guestName", "id", "kind", "memberId", "notes", "position", "segmentId", "topic", "updatedAt") SELECT "createdAt", "guestName", "id", "kind", "memberId", "notes", "position", "segmentId", "topic", "updatedAt" FROM "Speech";
DROP TABLE "Speech";
ALTER TABLE "new_Speech" RENAME TO "Speech";
CREATE INDEX "Speech_segmentId_position_idx" ON "Speech"("segmentId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Re-create the cache triggers dropped above
CREATE TRIGGER "OpenDayStatusChange_bump_insert" AFTER INSERT ON "OpenDayStatusChange" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "OpenDayStatusChange_bump_update" AFTER UPDATE ON "OpenDayStatusChange" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "OpenDayStatusChange_bump_delete" AFTER DELETE ON "OpenDayStatusChange" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Observer_bump_insert" AFTER INSERT ON "Observer" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Observer_bump_update" AFTER UPDATE ON "Observer" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Observer_bump_delete" AFTER DELETE ON "Observer" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Segment_bump_insert" AFTER INSERT ON "Segment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Segment_bump_update" AFTER UPDATE ON "Segment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Segment_bump_delete" AFTER DELETE ON "Segment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Attendance_bump_insert" AFTER INSERT ON "Attendance" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Attendance_bump_update" AFTER UPDATE ON "Attendance" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Attendance_bump_delete" AFTER DELETE ON "Attendance" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Attendee_bump_insert" AFTER INSERT ON "Attendee" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Attendee_bump_update" AFTER UPDATE ON "Attendee" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Attendee_bump_delete" AFTER DELETE ON "Attendee" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Attachment_bump_insert" AFTER INSERT ON "Attachment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Attachment_bump_update" AFTER UPDATE ON "Attachment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Attachment_bump_delete" AFTER DELETE ON "Attachment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "EditLog_bump_insert" AFTER INSERT ON "EditLog" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "EditLog_bump_update" AFTER UPDATE ON "EditLog" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "EditLog_bump_delete" AFTER DELETE ON "EditLog" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "NewsRelease_bump_insert" AFTER INSERT ON "NewsRelease" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "NewsRelease_bump_update" AFTER UPDATE ON "NewsRelease" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "NewsRelease_bump_delete" AFTER DELETE ON "NewsRelease" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Comment_bump_update" AFTER UPDATE ON "Comment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Comment_bump_delete" AFTER DELETE ON "Comment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "Speech_bump_insert" AFTER INSERT ON "Speech" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "Segment" WHERE "id" = NEW."segmentId");
END;
CREATE TRIGGER "Speech_bump_update" AFTER UPDATE ON "Speech" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN ((SELECT "openDayId" FROM "Segment" WHERE "id" = OLD."segmentId"), (SELECT "openDayId" FROM "Segment" WHERE "id" = NEW."segmentId"));
END;
CREATE TRIGGER "Speech_bump_delete" AFTER DELETE ON "Speech" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "Segment" WHERE "id" = OLD."segmentId");
END;
CREATE TRIGGER "OpenDay_bump_update" AFTER UPDATE ON "OpenDay" WHEN NEW."dataVersion" = OLD."dataVersion" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."id";
END;
CREATE TRIGGER "Setting_settings_insert" AFTER INSERT ON "Setting" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
CREATE TRIGGER "Setting_settings_update" AFTER UPDATE ON "Setting" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
CREATE TRIGGER "Setting_settings_delete" AFTER DELETE ON "Setting" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
CREATE TRIGGER "Branch_directory_insert" AFTER INSERT ON "Branch" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "Branch_directory_update" AFTER UPDATE ON "Branch" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "Branch_directory_delete" AFTER DELETE ON "Branch" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "Member_directory_insert" AFTER INSERT ON "Member" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "Member_directory_update" AFTER UPDATE ON "Member" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "Member_directory_delete" AFTER DELETE ON "Member" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'directory';
END;
CREATE TRIGGER "OpenDay_calendar_insert" AFTER INSERT ON "OpenDay" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
CREATE TRIGGER "OpenDay_calendar_update" AFTER UPDATE ON "OpenDay" WHEN NEW."branchId" IS NOT OLD."branchId" OR NEW."theme" IS NOT OLD."theme" OR NEW."startsAt" IS NOT OLD."startsAt" OR NEW."endsAt" IS NOT OLD."endsAt" OR NEW."place" IS NOT OLD."place" OR NEW."status" IS NOT OLD."status" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
CREATE TRIGGER "OpenDay_calendar_delete" AFTER DELETE ON "OpenDay" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
CREATE TRIGGER "Branch_calendar_insert" AFTER INSERT ON "Branch" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
CREATE TRIGGER "Branch_calendar_update" AFTER UPDATE ON "Branch" WHEN NEW."name" IS NOT OLD."name" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
CREATE TRIGGER "Branch_calendar_delete" AFTER DELETE ON "Branch" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'calendar';
END;
