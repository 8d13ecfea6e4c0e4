-- CreateTable
CREATE TABLE "Criterion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CommentScore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "commentId" INTEGER NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    CONSTRAINT "CommentScore_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommentScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "scoredById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScoreSheet_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreSheet_scoredById_fkey" FOREIGN KEY ("scoredById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfficeScore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sheetId" INTEGER NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    CONSTRAINT "OfficeScore_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfficeScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "hasTheme" BOOLEAN NOT NULL DEFAULT false,
    "themeNote" TEXT NOT NULL DEFAULT '',
    "hasKeynote" BOOLEAN NOT NULL DEFAULT false,
    "keynoteNote" TEXT NOT NULL DEFAULT '',
    "hasDiscussion" BOOLEAN NOT NULL DEFAULT false,
    "discussionNote" TEXT NOT NULL DEFAULT '',
    "hasOutcomes" BOOLEAN NOT NULL DEFAULT false,
    "outcomesNote" TEXT NOT NULL DEFAULT '',
    "wentWell" TEXT NOT NULL DEFAULT '',
    "toImprove" TEXT NOT NULL DEFAULT '',
    "updatedById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Review_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FollowUpAction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openDayId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FollowUpAction_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Criterion_name_key" ON "Criterion"("name");

-- CreateIndex
CREATE INDEX "CommentScore_criterionId_idx" ON "CommentScore"("criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "CommentScore_commentId_criterionId_key" ON "CommentScore"("commentId", "criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_openDayId_key" ON "ScoreSheet"("openDayId");

-- CreateIndex
CREATE INDEX "OfficeScore_criterionId_idx" ON "OfficeScore"("criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "OfficeScore_sheetId_criterionId_key" ON "OfficeScore"("sheetId", "criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "Review_openDayId_key" ON "Review"("openDayId");

-- CreateIndex
CREATE INDEX "FollowUpAction_openDayId_position_idx" ON "FollowUpAction"("openDayId", "position");

-- CreateIndex
CREATE INDEX "FollowUpAction_status_dueOn_idx" ON "FollowUpAction"("status", "dueOn");


-- ---------------------------------------------------------------------------------------------------------------
-- Data migration (issue 14), kept apart from the generated DDL above: re-append it if the DDL is regenerated.
-- Malformed JSON is read as empty (json_each would fail on it), as the app always did.
-- 1. The settings' observer criteria (Setting "commentCriteria", a JSON array of labels; the “五好” when never
--    saved) become Criterion rows in their order, equally weighted.
INSERT INTO "Criterion" ("name", "weight", "position", "active", "createdAt", "updatedAt")
SELECT j."value", 1, MIN(j."key") + 1, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM json_each(COALESCE((SELECT "value" FROM "Setting" WHERE "key" = 'commentCriteria' AND json_valid("value") AND json_type("value") = 'array'),
                        '["形式","主题","发言","点评","转化"]')) AS j
WHERE j."type" = 'text' AND trim(j."value") <> ''
GROUP BY j."value";

-- 2. Labels still scored in old comments but no longer in the settings become retired criteria, so no score is lost.
INSERT INTO "Criterion" ("name", "weight", "position", "active", "createdAt", "updatedAt")
SELECT s."key", 1, (SELECT COALESCE(MAX("position"), 0) FROM "Criterion") + ROW_NUMBER() OVER (ORDER BY s."key"), false,
       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (SELECT DISTINCT j."key" FROM "Comment" c,
        json_each(CASE WHEN json_valid(c."scores") AND json_type(c."scores") = 'object' THEN c."scores" ELSE '{}' END) j
      WHERE j."type" = 'integer' AND j."value" BETWEEN 1 AND 5) s
WHERE s."key" NOT IN (SELECT "name" FROM "Criterion");

-- 3. Each comment's scores JSON {label: 1..5} becomes one CommentScore row per criterion (other values were never valid).
INSERT INTO "CommentScore" ("commentId", "criterionId", "score")
SELECT c."id", k."id", j."value"
FROM "Comment" c
JOIN json_each(CASE WHEN json_valid(c."scores") AND json_type(c."scores") = 'object' THEN c."scores" ELSE '{}' END) j
JOIN "Criterion" k ON k."name" = j."key"
WHERE j."type" = 'integer' AND j."value" BETWEEN 1 AND 5;

-- 4. The labels now live in Criterion; the old setting would only mislead.
DELETE FROM "Setting" WHERE "key" = 'commentCriteria';

-- ---------------------------------------------------------------------------------------------------------------
-- Cache versions (see 20261203072650_cache_versions): the review, the score sheet and the observers' scores print
-- in the summary, so their writes bump the open day's data version; criteria are settings
CREATE TRIGGER "Review_bump_insert" AFTER INSERT ON "Review" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "Review_bump_update" AFTER UPDATE ON "Review" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "Review_bump_delete" AFTER DELETE ON "Review" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "FollowUpAction_bump_insert" AFTER INSERT ON "FollowUpAction" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "FollowUpAction_bump_update" AFTER UPDATE ON "FollowUpAction" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "FollowUpAction_bump_delete" AFTER DELETE ON "FollowUpAction" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "ScoreSheet_bump_insert" AFTER INSERT ON "ScoreSheet" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = NEW."openDayId";
END;
CREATE TRIGGER "ScoreSheet_bump_update" AFTER UPDATE ON "ScoreSheet" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (OLD."openDayId", NEW."openDayId");
END;
CREATE TRIGGER "ScoreSheet_bump_delete" AFTER DELETE ON "ScoreSheet" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = OLD."openDayId";
END;
CREATE TRIGGER "OfficeScore_bump_insert" AFTER INSERT ON "OfficeScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "ScoreSheet" WHERE "id" = NEW."sheetId");
END;
CREATE TRIGGER "OfficeScore_bump_update" AFTER UPDATE ON "OfficeScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN ((SELECT "openDayId" FROM "ScoreSheet" WHERE "id" = OLD."sheetId"), (SELECT "openDayId" FROM "ScoreSheet" WHERE "id" = NEW."sheetId"));
END;
CREATE TRIGGER "OfficeScore_bump_delete" AFTER DELETE ON "OfficeScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "ScoreSheet" WHERE "id" = OLD."sheetId");
END;
CREATE TRIGGER "CommentScore_bump_insert" AFTER INSERT ON "CommentScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "Comment" WHERE "id" = NEW."commentId");
END;
CREATE TRIGGER "CommentScore_bump_update" AFTER UPDATE ON "CommentScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN ((SELECT "openDayId" FROM "Comment" WHERE "id" = OLD."commentId"), (SELECT "openDayId" FROM "Comment" WHERE "id" = NEW."commentId"));
END;
CREATE TRIGGER "CommentScore_bump_delete" AFTER DELETE ON "CommentScore" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = (SELECT "openDayId" FROM "Comment" WHERE "id" = OLD."commentId");
END;
CREATE TRIGGER "Criterion_bump_insert" AFTER INSERT ON "Criterion" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
CREATE TRIGGER "Criterion_bump_update" AFTER UPDATE ON "Criterion" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
CREATE TRIGGER "Criterion_bump_delete" AFTER DELETE ON "Criterion" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'settings';
END;
