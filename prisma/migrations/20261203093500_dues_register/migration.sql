-- CreateTable
CREATE TABLE "DuesBase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "baseFen" INTEGER NOT NULL DEFAULT 0,
    "fixedFen" INTEGER,
    "override" TEXT NOT NULL DEFAULT 'none',
    "overrideFen" INTEGER,
    "approvedBy" TEXT,
    "approvedOn" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DuesBase_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DuesPayment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "branchId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "dueFen" INTEGER NOT NULL,
    "paidFen" INTEGER NOT NULL,
    "paidOn" TEXT NOT NULL,
    "collector" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL DEFAULT 'cash',
    "receiptNo" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "openDayId" INTEGER,
    "batchKey" TEXT NOT NULL,
    "userId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DuesPayment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DuesPayment_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DuesPayment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DuesPayment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DuesAdjustment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "paymentId" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "batchKey" TEXT NOT NULL,
    "userId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DuesAdjustment_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "DuesPayment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DuesAdjustment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DuesBase_memberId_year_key" ON "DuesBase"("memberId", "year");

-- CreateIndex
CREATE INDEX "DuesPayment_branchId_month_idx" ON "DuesPayment"("branchId", "month");

-- CreateIndex
CREATE INDEX "DuesPayment_batchKey_idx" ON "DuesPayment"("batchKey");

-- CreateIndex
CREATE UNIQUE INDEX "DuesPayment_memberId_month_key" ON "DuesPayment"("memberId", "month");

-- CreateIndex
CREATE INDEX "DuesAdjustment_paymentId_idx" ON "DuesAdjustment"("paymentId");

-- CreateIndex
CREATE INDEX "DuesAdjustment_batchKey_idx" ON "DuesAdjustment"("batchKey");



-- Cache versions (see 20261203072650_cache_versions): dues rows print in the branch's summaries, so a change
-- bumps the data version of the branch's open days
CREATE TRIGGER "DuesPayment_bump_insert" AFTER INSERT ON "DuesPayment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = NEW."branchId";
END;
CREATE TRIGGER "DuesPayment_bump_update" AFTER UPDATE ON "DuesPayment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" IN (OLD."branchId", NEW."branchId");
END;
CREATE TRIGGER "DuesPayment_bump_delete" AFTER DELETE ON "DuesPayment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = OLD."branchId";
END;
CREATE TRIGGER "DuesAdjustment_bump_insert" AFTER INSERT ON "DuesAdjustment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = (SELECT "branchId" FROM "DuesPayment" WHERE "id" = NEW."paymentId");
END;
CREATE TRIGGER "DuesAdjustment_bump_update" AFTER UPDATE ON "DuesAdjustment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" IN ((SELECT "branchId" FROM "DuesPayment" WHERE "id" = OLD."paymentId"), (SELECT "branchId" FROM "DuesPayment" WHERE "id" = NEW."paymentId"));
END;
CREATE TRIGGER "DuesAdjustment_bump_delete" AFTER DELETE ON "DuesAdjustment" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = (SELECT "branchId" FROM "DuesPayment" WHERE "id" = OLD."paymentId");
END;
CREATE TRIGGER "DuesBase_bump_insert" AFTER INSERT ON "DuesBase" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = (SELECT "branchId" FROM "Member" WHERE "id" = NEW."memberId");
END;
CREATE TRIGGER "DuesBase_bump_update" AFTER UPDATE ON "DuesBase" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" IN ((SELECT "branchId" FROM "Member" WHERE "id" = OLD."memberId"), (SELECT "branchId" FROM "Member" WHERE "id" = NEW."memberId"));
END;
CREATE TRIGGER "DuesBase_bump_delete" AFTER DELETE ON "DuesBase" BEGIN
  UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE "branchId" = (SELECT "branchId" FROM "Member" WHERE "id" = OLD."memberId");
END;

-- Data migration (keep apart from the schema above when regenerating): the dues segment's old record
-- {totalFen, payers} becomes a legacy figure, shown only while the month has no DuesPayment rows.
UPDATE "Segment"
SET "record" = json_object('legacyTotalFen', json_extract("record", '$.totalFen'), 'legacyPayers', json_extract("record", '$.payers'))
WHERE "kind" = 'dues' AND json_valid("record")
  AND (json_extract("record", '$.totalFen') IS NOT NULL OR json_extract("record", '$.payers') IS NOT NULL);
