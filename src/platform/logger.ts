import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';
import { workerIndex } from './cluster.js';

/** Structured JSON logs on stdout; secrets and cookies never written. In a cluster, each line names its process (worker index and pid). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: cluster.isWorker ? { app: 'boutic', worker: workerIndex(), pid: process.pid } : { app: 'boutic' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'], censor: '[masqué]' },
  });
}
