import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** What a worker tells the primary (over the cluster's IPC channel). */
export type WorkerMessage = { type: 'listening' };

/** The index (0 … N-1) of this process among the cluster's workers; a restarted worker keeps its index. 0 outside a cluster. */
export function workerIndex(): number {
  return cluster.isWorker ? Number(process.env.BOUTIC_WORKER_INDEX ?? 0) : 0;
}

/** Tells the primary that this worker serves the port (nothing outside a cluster). */
export function reportListening() {
  if (cluster.isWorker && process.send) process.send({ type: 'listening' } satisfies WorkerMessage);
}

/** A worker that dies this soon after its start counts as a crash loop: its restart waits, doubling up to 30 s. */
const QUICK_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** On SIGTERM, the workers have this long to finish their requests and mail (each stops in at most 10 s). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The primary of `WEB_CONCURRENCY=N npm start`: forks N workers that listen on the same port (the
 * database is already migrated), restarts a worker that dies (at once, or after a growing delay
 * when it keeps dying at start-up), and on SIGTERM/SIGINT asks every worker to stop cleanly and
 * exits 0 once they have (1 if one had to be killed or failed to stop). `onOnline` runs once, when
 * all N listen for the first time.
 */
export function superviseWorkers(options: { count: number; logger: Logger; onOnline(): void }) {
  const { count, logger } = options;
  const workers = new Map<number, Worker>();
  const quickDeaths = new Map<number, number>();
  const listening = new Set<number>();
  let online = false;
  let stopping = false;

  const fork = (index: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({ BOUTIC_WORKER_INDEX: String(index) });
    workers.set(index, worker);
    worker.on('message', (message: WorkerMessage) => {
      if (message?.type !== 'listening') return;
      listening.add(index);
      if (!online && listening.size === count) {
        online = true;
        options.onOnline();
      }
    });
    worker.on('exit', (code, signal) => {
      if (workers.get(index) === worker) workers.delete(index);
      if (stopping) return;
      const quick = Date.now() - startedAt < QUICK_DEATH_MS;
      const deaths = quick ? (quickDeaths.get(index) ?? 0) + 1 : 0;
      quickDeaths.set(index, deaths);
      const delay = deaths === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (deaths - 1));
      logger.error({ worker: index, pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; restarting it');
      setTimeout(() => {
        if (!stopping) fork(index);
      }, delay);
    });
  };
  for (let i = 0; i < count; i++) fork(i);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: workers.size }, 'shutting down the workers');
    const alive = [...workers.values()];
    const exits = alive.map((w) => new Promise<boolean>((resolve) => (w.isDead() ? resolve(true) : w.once('exit', (code) => resolve(code === 0)))));
    for (const w of alive) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS).unref();
    const clean = (await Promise.all(exits)).every(Boolean);
    clearTimeout(force);
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return { workers, stop };
}
