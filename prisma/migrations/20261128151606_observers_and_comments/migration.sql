-- CreateTable
CREATE TABLE "Observer" (
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
    CONSTRAINT "Observer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "observerId" INTEGER,
    "authorName" TEXT,
    "authorUnit" TEXT,
    "learnings" TEXT NOT NULL DEFAULT '',
    "suggestions" TEXT NOT NULL DEFAULT '',
    "scores" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT NOT NULL,
    "editToken" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'visible',
    "hiddenReason" TEXT,
    "hiddenById" INTEGER,
    "hiddenAt" DATETIME,
    "adoptedAt" DATETIME,
    "adoptedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Comment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_observerId_fkey" FOREIGN KEY ("observerId") REFERENCES "Observer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_hiddenById_fkey" FOREIGN KEY ("hiddenById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_adoptedById_fkey" FOREIGN KEY ("adoptedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    CONSTRAINT "OpenDay_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OpenDay_recorderId_fkey" FOREIGN KEY ("recorderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- existing open days get an unguessable observer token (UUID v4 shape)
INSERT INTO "new_OpenDay" ("branchId", "createdAt", "description", "endsAt", "hostId", "id", "place", "recorderId", "startsAt", "status", "statusNote", "theme", "updatedAt", "version", "observerToken") SELECT "branchId", "createdAt", "description", "endsAt", "hostId", "id", "place", "recorderId", "startsAt", "status", "statusNote", "theme", "updatedAt", "version", lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) FROM "OpenDay";
DROP TABLE "OpenDay";
ALTER TABLE "new_OpenDay" RENAME TO "OpenDay";
CREATE UNIQUE INDEX "OpenDay_observerToken_key" ON "OpenDay"("observerToken");
CREATE INDEX "OpenDay_startsAt_idx" ON "OpenDay"("startsAt");
CREATE INDEX "OpenDay_branchId_startsAt_idx" ON "OpenDay"("branchId", "startsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Observer_token_key" ON "Observer"("token");

-- CreateIndex
CREATE INDEX "Observer_openDayId_idx" ON "Observer"("openDayId");

-- CreateIndex
CREATE UNIQUE INDEX "Observer_openDayId_memberId_key" ON "Observer"("openDayId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Comment_idempotencyKey_key" ON "Comment"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Comment_editToken_key" ON "Comment"("editToken");

-- CreateIndex
CREATE INDEX "Comment_openDayId_createdAt_idx" ON "Comment"("openDayId", "createdAt");

