-- ---- cache versions for the dashboard (keep these when regenerating this migration) ------------------------
-- Two app-wide counters beside settings/directory/calendar: 'dues' (any dues register row: payments, their
-- corrections, members' yearly bases) and 'actions' (follow-up actions). The dashboard caches its arrears
-- warnings and open actions by them (src/dashboard/service.ts); tests/integration/cache.test.ts checks them.
INSERT INTO "CacheVersion" ("key", "value") VALUES ('dues', 0), ('actions', 0);

CREATE TRIGGER "DuesPayment_dues_insert" AFTER INSERT ON "DuesPayment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesPayment_dues_update" AFTER UPDATE ON "DuesPayment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesPayment_dues_delete" AFTER DELETE ON "DuesPayment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesAdjustment_dues_insert" AFTER INSERT ON "DuesAdjustment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesAdjustment_dues_update" AFTER UPDATE ON "DuesAdjustment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesAdjustment_dues_delete" AFTER DELETE ON "DuesAdjustment" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesBase_dues_insert" AFTER INSERT ON "DuesBase" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesBase_dues_update" AFTER UPDATE ON "DuesBase" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "DuesBase_dues_delete" AFTER DELETE ON "DuesBase" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'dues';
END;
CREATE TRIGGER "FollowUpAction_actions_insert" AFTER INSERT ON "FollowUpAction" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'actions';
END;
CREATE TRIGGER "FollowUpAction_actions_update" AFTER UPDATE ON "FollowUpAction" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'actions';
END;
CREATE TRIGGER "FollowUpAction_actions_delete" AFTER DELETE ON "FollowUpAction" BEGIN
  UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = 'actions';
END;
