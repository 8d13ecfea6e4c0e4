-- Run sheet: segment records and speeches, attendance and 列席, uploads, edit history, news releases.
-- Existing open days get a random sign-in token (UUID v4 shape).
-- CreateTable
CREATE TABLE "Speech" (
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
    CONSTRAINT "Speech_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "leaveReason" TEXT,
    "note" TEXT,
    "signedInAt" DATETIME,
    "signedInVia" TEXT,
    "madeUpOn" TEXT,
    "madeUpNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Attendance_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attendee" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attendee_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "segmentId" INTEGER,
    "kind" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "thumbName" TEXT,
    "originalName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "caption" TEXT NOT NULL DEFAULT '',
    "uploadedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attachment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "segmentId" INTEGER,
    "userId" INTEGER,
    "subject" TEXT NOT NULL,
    "changes" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EditLog_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EditLog_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NewsRelease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "byline" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "NewsRelease_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NewsReleaseVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "releaseId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "byline" TEXT NOT NULL DEFAULT '',
    "userId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NewsReleaseVersion_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "NewsRelease" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsReleaseVersion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    CONSTRAINT "OpenDay_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_recorderId_fkey" FOREIGN KEY ("recorderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_OpenDay" ("allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "startsAt", "status", "statusNote", "theme", "updatedAt", "version", "signInToken") SELECT "allowAnonymous", "branchId", "commentsCloseAt", "commentsOpenAt", "createdAt", "description", "endsAt", "holdComments", "hostId", "id", "observerToken", "place", "recorderId", "startsAt", "status", "statusNote", "theme", "updatedAt", "version", lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) FROM "OpenDay";
DROP TABLE "OpenDay";
ALTER TABLE "new_OpenDay" RENAME TO "OpenDay";
CREATE UNIQUE INDEX "OpenDay_observerToken_key" ON "OpenDay"("observerToken");
CREATE UNIQUE INDEX "OpenDay_signInToken_key" ON "OpenDay"("signInToken");
CREATE INDEX "OpenDay_startsAt_idx" ON "OpenDay"("startsAt");
CREATE INDEX "OpenDay_branchId_startsAt_idx" ON "OpenDay"("branchId", "startsAt");
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
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Segment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Segment_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Segment" ("createdAt", "endedAt", "guestName", "guestTitle", "id", "kind", "leaderId", "notes", "openDayId", "plannedMinutes", "position", "startedAt", "title", "updatedAt") SELECT "createdAt", "endedAt", "guestName", "guestTitle", "id", "kind", "leaderId", "notes", "openDayId", "plannedMinutes", "position", "startedAt", "title", "updatedAt" FROM "Segment";
DROP TABLE "Segment";
ALTER TABLE "new_Segment" RENAME TO "Segment";
CREATE INDEX "Segment_openDayId_position_idx" ON "Segment"("openDayId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Speech_segmentId_position_idx" ON "Speech"("segmentId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_openDayId_memberId_key" ON "Attendance"("openDayId", "memberId");

-- CreateIndex
CREATE INDEX "Attendee_openDayId_idx" ON "Attendee"("openDayId");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_storedName_key" ON "Attachment"("storedName");

-- CreateIndex
CREATE INDEX "Attachment_openDayId_idx" ON "Attachment"("openDayId");

-- CreateIndex
CREATE INDEX "Attachment_segmentId_idx" ON "Attachment"("segmentId");

-- CreateIndex
CREATE INDEX "EditLog_openDayId_createdAt_idx" ON "EditLog"("openDayId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NewsRelease_openDayId_key" ON "NewsRelease"("openDayId");

-- CreateIndex
CREATE INDEX "NewsReleaseVersion_releaseId_createdAt_idx" ON "NewsReleaseVersion"("releaseId", "createdAt");

