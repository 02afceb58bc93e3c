-- AlterTable: two-phase quota audit (requested before the upstream call, applied after).
ALTER TABLE "QuotaAudit" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'applied';
