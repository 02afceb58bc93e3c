-- CreateTable
CREATE TABLE "CachedAsset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "etag" TEXT,
    "fetchedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WorkspaceAccess" (
    "principalId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,

    PRIMARY KEY ("principalId", "workspaceId")
);

-- CreateTable
CREATE TABLE "QuotaAudit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "vmFamily" TEXT NOT NULL,
    "oldLimit" INTEGER,
    "newLimit" INTEGER NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedById" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "CachedAsset_workspaceId_kind_key_key" ON "CachedAsset"("workspaceId", "kind", "key");

-- CreateIndex
CREATE INDEX "WorkspaceAccess_workspaceId_idx" ON "WorkspaceAccess"("workspaceId");

-- CreateIndex
CREATE INDEX "QuotaAudit_workspaceId_changedAt_idx" ON "QuotaAudit"("workspaceId", "changedAt");
