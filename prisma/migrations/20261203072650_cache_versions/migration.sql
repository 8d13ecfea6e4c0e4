-- CreateTable
CREATE TABLE "CacheVersion" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "runVersion" INTEGER NOT NULL DEFAULT 0,
    "dataVersion" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OpenDay_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_recorderId_fkey" FOREIGN KEY ("recorderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_OpenDay" ("allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version") SELECT "allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version" FROM "OpenDay";
DROP TABLE "OpenDay";
ALTER TABLE "new_OpenDay" RENAME TO "OpenDay";
CREATE UNIQUE INDEX "OpenDay_observerToken_key" ON "OpenDay"("observerToken");
CREATE UNIQUE INDEX "OpenDay_signInToken_key" ON "OpenDay"("signInToken");
CREATE INDEX "OpenDay_startsAt_idx" ON "OpenDay"("startsAt");
CREATE INDEX "OpenDay_branchId_startsAt_idx" ON "OpenDay"("branchId", "startsAt");
CREATE INDEX "OpenDay_status_startsAt_idx" ON "OpenDay"("status", "startsAt");
CREATE INDEX "OpenDay_branchId_status_startsAt_idx" ON "OpenDay"("branchId", "status", "startsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Comment_openDayId_status_id_idx" ON "Comment"("openDayId", "status", "id");

-- CreateIndex
CREATE INDEX "Comment_openDayId_id_idx" ON "Comment"("openDayId", "id");


-- ---- cache versions: triggers (keep these when regenerating this migration) ----------------------------
-- Cached pages (src/cache) compare OpenDay.dataVersion and the CacheVersion counters on every read, so a
-- write by any code path, in any instance, is seen by the next read. A Comment INSERT bumps nothing: readers
-- add the comments' high-water mark (max id) instead, so an observer's comment stays a single insert.
-- A table redefinition (ALTER of a column) drops that table's triggers: tests/integration/cache.test.ts checks
-- they are all there.
INSERT INTO "CacheVersion" ("key", "value") VALUES ('settings', 0), ('directory', 0), ('calendar', 0);

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
-- the row itself (recursive triggers are off in SQLite, and the WHEN skips the bumps made above)
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
