/**
 * Keeps the emulated storage running: Azurite and, on the PostgreSQL metadata store, its embedded PostgreSQL.
 * Both are child processes of the local workspace service; when either dies unexpectedly, the supervisor
 * restarts what is needed (PostgreSQL first, then Azurite, which holds connections to it) on the same ports,
 * so datastore endpoints and the studio's clients stay valid. Restarts back off (1 s, 2 s, 4 s … 30 s) and the
 * back-off resets once the pair has stayed up for a minute.
 */
import path from "node:path";
import { freePort, startAzurite, type Azurite } from "./azurite";
import { startPostgres, type PostgresServer } from "./postgres";

export type MetadataStore = "postgres" | "loki";

export interface StorageStatus {
  state: "running" | "restarting" | "stopped";
  /** Restarts since the service started. */
  restarts: number;
  lastError?: string;
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 16_000, 30_000];
const STABLE_MS = 60_000;

export class StorageSupervisor {
  private azurite: Azurite | null = null;
  private postgres: PostgresServer | null = null;
  private closed = false;
  private restarting: Promise<void> | null = null;
  private attempt = 0;
  private upSince = 0;
  private status_: StorageStatus = { state: "stopped", restarts: 0 };
  /** Fixed at first start; restarts reuse them. */
  private azuritePort = 0;
  private postgresPort = 0;

  constructor(
    private opts: {
      dataDir: string;
      host: string;
      blobPort?: number;
      metadata: MetadataStore;
      /** Called after every successful (re)start, e.g. to put CORS rules back. */
      onStarted?: () => Promise<void>;
      log?: (msg: string) => void;
    },
  ) {}

  get metadata() {
    return this.opts.metadata;
  }
  get host() {
    return this.opts.host;
  }
  get port() {
    return this.azuritePort;
  }
  /** PostgreSQL's connection URL (bulk seeding writes metadata rows directly); null on the Loki store. */
  get postgresUrl() {
    return this.postgres?.url ?? null;
  }
  get azuritePid() {
    return this.azurite?.pid ?? null;
  }
  get postgresPid() {
    return this.postgres?.child.pid ?? null;
  }
  status(): StorageStatus {
    return { ...this.status_ };
  }

  async start() {
    this.azuritePort =
      this.opts.blobPort && this.opts.blobPort > 0 ? this.opts.blobPort : await freePort(this.opts.host);
    if (this.opts.metadata === "postgres") this.postgresPort = await freePort("127.0.0.1");
    await this.launch();
  }

  private async launch() {
    if (this.opts.metadata === "postgres" && (!this.postgres || this.postgres.child.exitCode !== null)) {
      this.postgres = await startPostgres({
        dataDir: path.join(this.opts.dataDir, "azurite-pg"),
        secretsDir: path.join(this.opts.dataDir, "secrets"),
        port: this.postgresPort,
      });
      this.watch(this.postgres.exited, "PostgreSQL", this.postgres);
    }
    this.azurite = await startAzurite({
      port: this.azuritePort,
      host: this.opts.host,
      location: path.join(this.opts.dataDir, "azurite"),
      metadataUrl: this.postgres?.url,
    });
    this.watch(this.azurite.exited, "Azurite", this.azurite);
    await this.opts.onStarted?.();
    this.upSince = Date.now();
    this.status_ = { ...this.status_, state: "running" };
  }

  private watch(exited: Promise<void>, what: string, proc: object) {
    void exited.then(() => {
      if (this.closed) return;
      // Only the current process counts: a stop during a restart is expected.
      if (proc !== this.azurite && proc !== this.postgres) return;
      this.log(`${what} exited unexpectedly; restarting storage`);
      void this.restart(`${what} exited`);
    });
  }

  private restart(reason: string): Promise<void> {
    if (this.restarting) return this.restarting;
    this.status_ = { ...this.status_, state: "restarting", lastError: reason };
    this.restarting = (async () => {
      if (Date.now() - this.upSince > STABLE_MS) this.attempt = 0;
      for (;;) {
        const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
        this.attempt++;
        await new Promise((r) => setTimeout(r, delay));
        if (this.closed) return;
        try {
          // Azurite holds pooled connections to PostgreSQL: when PostgreSQL went, Azurite goes too.
          const a = this.azurite;
          this.azurite = null;
          await a?.stop();
          if (this.postgres && (this.postgres.child.exitCode !== null || this.postgres.child.signalCode !== null))
            this.postgres = null;
          await this.launch();
          this.status_ = { state: "running", restarts: this.status_.restarts + 1, lastError: reason };
          this.log(`storage is back (restart ${this.status_.restarts})`);
          return;
        } catch (e) {
          this.status_ = { ...this.status_, state: "restarting", lastError: (e as Error).message };
          this.log(`restarting storage failed, retrying: ${(e as Error).message}`);
        }
      }
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private log(msg: string) {
    (this.opts.log ?? ((m: string) => console.error(`[local-workspace] ${m}`)))(msg);
  }

  async close() {
    this.closed = true;
    this.status_ = { ...this.status_, state: "stopped" };
    await this.restarting?.catch(() => {});
    const a = this.azurite;
    const p = this.postgres;
    this.azurite = null;
    this.postgres = null;
    await a?.stop();
    await p?.stop();
  }
}
