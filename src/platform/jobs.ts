import type { Logger } from 'pino';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * The scheduled jobs of a process (retention rules…): each runs shortly after start-up, then at its
 * interval; a failure is logged and retried at the next turn. Several processes may run them: each
 * job is idempotent (a second run finds nothing left to do). `stop` waits for a run in progress.
 */
export function startJobs(jobs: Job[], logger: Logger, firstDelayMs = 60_000) {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopping) return;
      const p = job
        .run()
        .then((result) => logger.info({ job: job.name, result }, 'job done'))
        .catch((err) => logger.error({ err, job: job.name }, 'job failed'))
        .finally(() => {
          running.delete(p);
          if (!stopping) timers.add(setTimeout(tick, job.everyMs).unref());
        });
      running.add(p);
    };
    timers.add(setTimeout(tick, firstDelayMs).unref());
  }
  return {
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}
