-- CreateTable
CREATE TABLE "PipelineDraft" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "graph" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PipelineDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PipelineDraft_workspaceId_updatedAt_idx" ON "PipelineDraft"("workspaceId", "updatedAt");
