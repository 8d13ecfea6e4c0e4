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
    CONSTRAINT "OpenDay_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_recorderId_fkey" FOREIGN KEY ("recorderId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OpenDay" ("allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version") SELECT "allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "currentSpeechId", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "runVersion", "signInOpen", "signInToken", "startsAt", "status", "statusNote", "theme", "updatedAt", "version" FROM "OpenDay";
DROP TABLE "OpenDay";
ALTER TABLE "new_OpenDay" RENAME TO "OpenDay";
CREATE UNIQUE INDEX "OpenDay_observerToken_key" ON "OpenDay"("observerToken");
CREATE UNIQUE INDEX "OpenDay_signInToken_key" ON "OpenDay"("signInToken");
CREATE INDEX "OpenDay_startsAt_idx" ON "OpenDay"("startsAt");
CREATE INDEX "OpenDay_branchId_startsAt_idx" ON "OpenDay"("branchId", "startsAt");
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

