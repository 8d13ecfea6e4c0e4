-- DropIndex
DROP INDEX "Attachment_segmentId_idx";

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN "sha256" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_segmentId_kind_sha256_key" ON "Attachment"("segmentId", "kind", "sha256");

