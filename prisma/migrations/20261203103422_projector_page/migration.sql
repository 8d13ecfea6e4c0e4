-- The page of the current segment's long text the projector shows. A plain ADD COLUMN (no table
-- redefinition), so the OpenDay cache triggers stay in place.
ALTER TABLE "OpenDay" ADD COLUMN "projectorPage" INTEGER NOT NULL DEFAULT 0;
