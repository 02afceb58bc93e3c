// Preloaded into the Azurite child (node -r) when its metadata lives in PostgreSQL: two gaps of Azurite's SQL
// metadata store (3.35) that the studio meets, filled inside Azurite (its Blob API, handlers and extent store
// stay Azurite's own):
//
// 1. Listing by hierarchy seeks past each folder instead of reading every blob under it. Azurite's SQL store fills a page with a delimiter by reading the container in pages of `maxResults` rows at
// growing OFFSETs and folding names into prefixes (PageWithDelimiter): listing a container root that holds a
// folder of 100,000 blobs reads all 100,000 rows, ~500 queries with offsets up to 100,000 (30 s measured).
// Here, when a name folds into a prefix P, one indexed query finds the greatest name under P and the listing
// continues after it: a page costs one query per folder it shows, whatever the folders hold. Results, order and
// markers (the last name covered, compared with `>` as Azurite does) are the same as Azurite's own; a
// prefix's LIKE wildcards (`_`, `%`) are taken literally here, as Azure does.
//
// Only listBlobs with a delimiter is replaced.
//
// 2. Append Block, which the SQL store answers with "not implemented" (the job runner ships live logs to append
// blobs, as Azure ML does). Written after Azurite's Loki store's appendBlock: the same checks (lease, seal, type,
// block count, append position, max size), the block appended to the blob's committed blocks, in one
// transaction holding the blob's row lock, so concurrent appends serialize.
//
// If this Azurite's internals are not the shape this was written for, nothing is patched and Azurite behaves
// as it always did.
"use strict";
const path = require("node:path");

function patch() {
  const azuriteDir = path.dirname(require.resolve("azurite/package.json"));
  const from = (rel) => require(path.join(azuriteDir, "dist", "src", rel));
  const Store = from("blob/persistence/SqlBlobMetadataStore").default;
  const LeaseFactory = from("blob/lease/LeaseFactory").default;
  const BlobLeaseAdapter = from("blob/lease/BlobLeaseAdapter").default;
  const BlobLeaseSyncer = from("blob/lease/BlobLeaseSyncer").default;
  const BlobWriteLeaseValidator = from("blob/lease/BlobWriteLeaseValidator").default;
  const BlobWriteLeaseSyncer = from("blob/lease/BlobWriteLeaseSyncer").default;
  const StorageErrorFactory = from("blob/errors/StorageErrorFactory").default;
  const { validateWriteConditions } = from("blob/conditions/WriteConditionalHeadersValidator");
  const { MAX_APPEND_BLOB_BLOCK_COUNT } = from("blob/utils/constants");
  const { newEtag } = from("common/utils/utils");
  const { Op } = require(require.resolve("sequelize", { paths: [azuriteDir] }));
  const original = Store && Store.prototype.listBlobs;
  if (
    typeof original !== "function" ||
    typeof Store.prototype.assertContainerExists !== "function" ||
    typeof Store.prototype.convertDbModelToBlobModel !== "function"
  )
    return;

  Store.prototype.listBlobs = async function listBlobs(
    context,
    account,
    container,
    delimiter,
    blob,
    prefix = "",
    maxResults = 5000,
    marker,
    includeSnapshots,
    includeUncommittedBlobs,
  ) {
    const Blobs = this.sequelize && this.sequelize.models && this.sequelize.models.Blobs;
    const lastCode = delimiter ? delimiter.charCodeAt(delimiter.length - 1) : 0;
    // Without a delimiter there is nothing to fold; a delimiter ending in a surrogate has no simple successor.
    if (!delimiter || blob !== undefined || !Blobs || lastCode >= 0xd7ff) return original.apply(this, arguments);
    return this.sequelize.transaction(async (t) => {
      await this.assertContainerExists(context, account, container, t);
      const base = { accountName: account, containerName: container, deleting: 0 };
      if (!includeSnapshots) base.snapshot = "";
      if (!includeUncommittedBlobs) base.isCommitted = true;
      const items = [];
      const prefixes = [];
      let count = 0;
      let last = ""; // the greatest name this page covers: the next page's marker
      let nextMarker = "";
      let lower =
        marker !== undefined && marker !== "" && marker >= prefix ? { [Op.gt]: marker } : { [Op.gte]: prefix };
      for (;;) {
        const want = maxResults - count + 1;
        const rows = await Blobs.findAll({
          where: { ...base, blobName: lower },
          order: [["blobName", "ASC"]],
          limit: want,
          transaction: t,
        });
        let sought = false;
        let stop = false;
        for (const row of rows) {
          const name = row.getDataValue("blobName");
          if (!name.startsWith(prefix)) {
            stop = true; // sorted: nothing after this starts with the prefix
            break;
          }
          if (count === maxResults) {
            nextMarker = last; // full, and there is more
            stop = true;
            break;
          }
          const at = name.indexOf(delimiter, prefix.length);
          if (at < 0) {
            items.push(row);
            count++;
            last = name;
            continue;
          }
          const folder = name.slice(0, at + delimiter.length);
          prefixes.push({ name: folder });
          count++;
          // Every name under `folder` sorts in [folder, successor of folder): seek to its greatest one.
          const upper = folder.slice(0, -1) + String.fromCharCode(folder.charCodeAt(folder.length - 1) + 1);
          const end = await Blobs.findOne({
            attributes: ["blobName"],
            where: { ...base, blobName: { [Op.gte]: folder, [Op.lt]: upper } },
            order: [["blobName", "DESC"]],
            transaction: t,
          });
          last = end ? end.getDataValue("blobName") : name;
          lower = { [Op.gt]: last };
          sought = true;
          break;
        }
        // Every row taken as a blob (then fewer than `want` came: the end) or a stop: the page is complete.
        if (stop || !sought) break;
      }
      const withLease = (model) => {
        const blobModel = this.convertDbModelToBlobModel(model);
        return LeaseFactory.createLeaseState(new BlobLeaseAdapter(blobModel), context).sync(
          new BlobLeaseSyncer(blobModel),
        );
      };
      return [items.map(withLease), prefixes, nextMarker];
    });
  };

  if (typeof Store.prototype.appendBlock !== "function" || typeof validateWriteConditions !== "function") return;
  Store.prototype.appendBlock = async function appendBlock(
    context,
    block,
    leaseAccessConditions = {},
    modifiedAccessConditions = {},
    appendPositionAccessConditions = {},
  ) {
    const Blobs = this.sequelize.models.Blobs;
    const where = {
      accountName: block.accountName,
      containerName: block.containerName,
      blobName: block.blobName,
      snapshot: "",
      deleting: 0,
      isCommitted: true,
    };
    return this.sequelize.transaction(async (t) => {
      await this.assertContainerExists(context, block.accountName, block.containerName, t);
      const row = await Blobs.findOne({ where, transaction: t, lock: t.LOCK.UPDATE });
      const doc = row ? this.convertDbModelToBlobModel(row) : undefined;
      validateWriteConditions(context, modifiedAccessConditions, doc);
      if (!doc) throw StorageErrorFactory.getBlobNotFound(context.contextId);
      LeaseFactory.createLeaseState(new BlobLeaseAdapter(doc), context)
        .validate(new BlobWriteLeaseValidator(leaseAccessConditions))
        .sync(new BlobWriteLeaseSyncer(doc));
      const props = doc.properties;
      if (props.isSealed) throw StorageErrorFactory.getBlobSealed(context.contextId);
      if (props.blobType !== "AppendBlob") throw StorageErrorFactory.getBlobInvalidBlobType(context.contextId);
      const blocks = doc.committedBlocksInOrder || [];
      if (blocks.length >= MAX_APPEND_BLOB_BLOCK_COUNT)
        throw StorageErrorFactory.getBlockCountExceedsLimit(context.contextId);
      const length = props.contentLength || 0;
      if (
        appendPositionAccessConditions.appendPosition !== undefined &&
        length !== appendPositionAccessConditions.appendPosition
      )
        throw StorageErrorFactory.getAppendPositionConditionNotMet(context.contextId);
      if (
        appendPositionAccessConditions.maxSize !== undefined &&
        length + block.size > appendPositionAccessConditions.maxSize
      )
        throw StorageErrorFactory.getMaxBlobSizeConditionNotMet(context.contextId);
      doc.committedBlocksInOrder = [...blocks, block];
      props.etag = newEtag();
      props.lastModified = context.startTime || new Date();
      props.contentLength = length + block.size;
      await Blobs.update(this.convertBlobModelToDbModel(doc), { where, transaction: t });
      return props;
    });
  };
}

try {
  patch();
} catch (e) {
  // Listing still works, only slower on big folders: say so and carry on.
  process.stderr.write(`[azurite-sql] not applied: ${e && e.message}\n`);
}
