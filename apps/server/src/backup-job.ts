// The worker's `database-backup` job: a backup into BACKUP_DIR on BACKUP_CRON (UTC, default
// 02:15 daily), then only the BACKUP_KEEP newest are kept. The queue is a singleton, so however
// many workers run, one backup is made per tick. On the embedded database it runs inside the
// server that holds it open (PGlite is one process's), which is the only way to back it up live.
import { jobQueues, type DbHandle } from "@caredesk/db";
import type PgBoss from "pg-boss";
import { createBackup, pruneBackups } from "./backup";
import type { Env } from "./env";

export interface BackupSchedule {
  /** A cron expression (UTC), or "off": no schedule (the job still runs when sent). */
  cron: string;
  dir: string;
  keep: number;
  databaseUrl?: string | undefined;
  /** Local file storage; null when files are on S3 (not part of backups). */
  filesDir: string | null;
  migrationsFolder?: string | undefined;
}

export function backupScheduleFromEnv(env: Env): BackupSchedule {
  return {
    cron: env.BACKUP_CRON,
    dir: env.backupDir,
    keep: env.BACKUP_KEEP,
    databaseUrl: env.DATABASE_URL,
    filesDir: env.S3_BUCKET ? null : env.filesDir,
    migrationsFolder: env.migrationsDir,
  };
}

interface Logger {
  info(obj: object, msg?: string): void;
}

/** Takes `database-backup` jobs and, when `schedule`, schedules them on the cron. */
export async function registerBackupJob(
  boss: PgBoss,
  options: {
    database: DbHandle;
    backup: BackupSchedule;
    log: Logger;
    pollingIntervalSeconds: number;
    schedule: boolean;
  },
): Promise<void> {
  const { database, backup, log } = options;
  await boss.work(
    jobQueues.backup.name,
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
    async () => {
      const { dir, manifest } = await createBackup(
        {
          database,
          databaseUrl: backup.databaseUrl,
          filesDir: backup.filesDir,
          migrationsFolder: backup.migrationsFolder,
        },
        backup.dir,
      );
      const removed = await pruneBackups(backup.dir, backup.keep);
      log.info(
        {
          dir,
          tables: Object.keys(manifest.database.tables).length,
          files: manifest.files.entries.length,
          removed: removed.length,
        },
        "backup written",
      );
    },
  );
  if (!options.schedule) return;
  if (backup.cron === "off") await boss.unschedule(jobQueues.backup.name);
  else await boss.schedule(jobQueues.backup.name, backup.cron);
}
