import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout; secrets and cookies never written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'boutic' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'], censor: '[masqué]' },
  });
}
