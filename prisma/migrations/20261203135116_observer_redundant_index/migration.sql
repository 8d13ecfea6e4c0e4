-- DropIndex
DROP INDEX "Observer_openDayId_idx";

