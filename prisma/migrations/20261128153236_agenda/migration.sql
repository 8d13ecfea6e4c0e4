-- CreateTable
CREATE TABLE "AgendaTemplate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TemplateSegment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "templateId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "plannedMinutes" INTEGER NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "TemplateSegment_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "AgendaTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
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
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Segment_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Segment_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AgendaTemplate_name_key" ON "AgendaTemplate"("name");

-- CreateIndex
CREATE INDEX "TemplateSegment_templateId_position_idx" ON "TemplateSegment"("templateId", "position");

-- CreateIndex
CREATE INDEX "Segment_openDayId_position_idx" ON "Segment"("openDayId", "position");


-- The standard agenda of the seed event (2020-10-15), as data the party office can edit.
INSERT INTO "AgendaTemplate" ("name", "isDefault", "updatedAt") VALUES ('标准开放日议程（3+X）', true, CURRENT_TIMESTAMP);
INSERT INTO "TemplateSegment" ("templateId", "position", "kind", "title", "plannedMinutes", "notes")
SELECT t."id", s."position", s."kind", s."title", s."minutes", s."notes"
FROM "AgendaTemplate" t,
  (SELECT 1 AS "position", 'dues' AS "kind", '收缴党费' AS "title", 10 AS "minutes", '收缴当月党费（规定动作）' AS "notes"
   UNION ALL SELECT 2, 'oath', '重温入党誓词', 5, '全体党员佩戴党徽，面向党旗，举起右拳，由一名党员领誓（规定动作）'
   UNION ALL SELECT 3, 'reading', '集体诵读', 10, '如：《党章》第六章第三十六条（规定动作）'
   UNION ALL SELECT 4, 'study', '领学', 20, '组织宣传委员领学近期重要讲话精神'
   UNION ALL SELECT 5, 'speeches', '交流发言', 50, '中心发言一人，其他党员逐一交流'
   UNION ALL SELECT 6, 'host_summary', '主持人小结', 10, ''
   UNION ALL SELECT 7, 'observer_comments', '观摩点评', 25, '观摩者谈可借鉴之处和优化建议'
   UNION ALL SELECT 8, 'concluding_speech', '总结讲话', 20, '机关党委书记作总结讲话') s
WHERE t."name" = '标准开放日议程（3+X）';
