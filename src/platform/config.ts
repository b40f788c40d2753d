import { z } from 'zod';

// zod's own messages (limits, types) in French too: they can reach a person (a setting, a form field)
z.config(z.locales.fr());
import path from 'node:path';

/** Settings read from the environment; validated once at start-up (a wrong one stops the process). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\//.test(v) || v.startsWith('sqlite:') || v.endsWith('.sqlite') || v.endsWith('.db'), {
      message: 'attendu : postgres://… ou un fichier SQLite (sqlite:chemin, ou chemin se terminant par .sqlite)',
    })
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'attendu : smtp://… ou smtps://…' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Boutic <ne-pas-repondre@boutic.localhost>'),
  SESSION_SECRET: z.string().min(32, { message: 'au moins 32 caractères' }).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  REGISTRATION_CLOSES_HOURS: z.coerce.number().int().min(0).max(24 * 14).default(2),
  REMINDER_DAYS: z.coerce.number().int().min(0).max(14).default(2),
  GO_NO_GO_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  CONTACT_RETENTION_YEARS: z.coerce.number().int().min(1).max(10).default(3),
  PARTICIPANT_RETENTION_YEARS: z.coerce.number().int().min(1).max(15).default(5),
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  ADMIN_TOTP_REQUIRED: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  LOGIN_LOCKOUT_FAILURES: z.coerce.number().int().min(3).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  NO_SHOW_THRESHOLD: z.coerce.number().int().min(1).max(20).default(2),
  PRIORITY_HOURS: z.coerce.number().int().min(0).max(24 * 14).default(48),
  // above 10,000 only outside production: the bench raises it, production cannot switch it off
  FORM_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
  DEFAULT_TERRITORY: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'attendu : l’identifiant (slug) d’un territoire, en minuscules, chiffres et tirets (par exemple pays-du-ternois)' })
    .optional(),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionSecret: string;
  sessionTtlHours: number;
  /** A staff session unused for this long is closed (its last request is tracked to the minute). */
  sessionIdleMinutes: number;
  logLevel: string;
  loginRateLimit: number;
  /** Registration closes this many hours before a session starts. */
  registrationClosesHours: number;
  /** The reminder goes this many days before the session (0: none). */
  reminderDays: number;
  /** Go / no-go: a session under its minimum this many days before it goes on the coordinator's board. */
  goNoGoDays: number;
  /** A contact is forgotten this many years after the last contact (CNIL: three for B2B prospecting). */
  contactRetentionYears: number;
  /**
   * A participant's identity is anonymised this many years after their last session (the funder's
   * audit period: EU funds ask for the supporting documents for five years, Reg. (EU) 2021/1060 art. 82).
   */
  participantRetentionYears: number;
  /** The audit log keeps its entries this many months, then forgets them (its own retention, apart from the data's). */
  auditRetentionMonths: number;
  /** Administrators must use a TOTP second factor. */
  adminTotpRequired: boolean;
  /** A staff account is locked for `loginLockoutMinutes` after this many failed sign-ins in a row. */
  loginLockoutFailures: number;
  loginLockoutMinutes: number;
  /** A participant absent without excuse at this many held sessions is flagged to the coordination (never blocked). */
  noShowThreshold: number;
  /** A session opened on demand is reserved this long to the people who asked for it. */
  priorityHours: number;
  /** Public form submissions per minute and client, counted by each process (docs/decisions/0005). */
  formRateLimit: number;
  /** How many Boutic processes serve the port (a cluster when above 1; PostgreSQL only, docs/decisions/0020). */
  webConcurrency: number;
  /** PostgreSQL connections per process (the server sees webConcurrency × this many, plus the primary's one while it migrates). */
  databasePoolSize: number;
  /** A message claimed by a worker is its own for this long; after a crash, another worker takes it then. */
  mailLeaseSeconds: number;
  /** Memory for the cache of rendered public pages, in megabytes (0: no cache). */
  pageCacheMb: number;
  /**
   * The territory served on a host name that no territory claims (its slug); unset: the oldest
   * territory. See docs/territories.md.
   */
  defaultTerritory: string | undefined;
  trustProxy: boolean;
  secureCookies: boolean;
};

export class ConfigError extends Error {
  constructor(readonly setting: string, detail: string) {
    super(`Réglage invalide ${setting} : ${detail}`);
  }
}

/** Beyond this, a limit per minute no longer limits anything: only the bench (outside production) goes higher. */
export const FORM_RATE_LIMIT_PRODUCTION_MAX = 10_000;

const DEV_SECRET = 'boutic-development-secret-not-for-production-use!';

/** Reads the settings; throws a ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = String(issue.path[0] ?? '?');
    throw new ConfigError(setting, `${issue.message} (valeur reçue : ${JSON.stringify(env[setting] ?? '')})`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET', 'obligatoire en production (au moins 32 caractères aléatoires)');
  }
  if (e.NODE_ENV === 'production' && e.FORM_RATE_LIMIT > FORM_RATE_LIMIT_PRODUCTION_MAX) {
    throw new ConfigError('FORM_RATE_LIMIT', `au plus ${FORM_RATE_LIMIT_PRODUCTION_MAX} en production (valeur reçue : ${e.FORM_RATE_LIMIT})`);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const url = e.DATABASE_URL;
  const database: Config['database'] =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { kind: 'postgres', url }
      : { kind: 'sqlite', file: url ? path.resolve(url.replace(/^sqlite:/, '')) : path.join(dataDir, 'boutic.sqlite') };
  if (database.kind === 'sqlite' && e.WEB_CONCURRENCY > 1) {
    throw new ConfigError('WEB_CONCURRENCY', `plusieurs processus (${e.WEB_CONCURRENCY}) demandent PostgreSQL : SQLite n’a qu’un écrivain à la fois et les processus s’y attendraient (docs/decisions/0020-processes.md)`);
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    dataDir,
    database,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    registrationClosesHours: e.REGISTRATION_CLOSES_HOURS,
    reminderDays: e.REMINDER_DAYS,
    goNoGoDays: e.GO_NO_GO_DAYS,
    contactRetentionYears: e.CONTACT_RETENTION_YEARS,
    participantRetentionYears: e.PARTICIPANT_RETENTION_YEARS,
    auditRetentionMonths: e.AUDIT_RETENTION_MONTHS,
    adminTotpRequired: e.ADMIN_TOTP_REQUIRED,
    loginLockoutFailures: e.LOGIN_LOCKOUT_FAILURES,
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    noShowThreshold: e.NO_SHOW_THRESHOLD,
    priorityHours: e.PRIORITY_HOURS,
    formRateLimit: e.FORM_RATE_LIMIT,
    webConcurrency: e.WEB_CONCURRENCY,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    mailLeaseSeconds: e.MAIL_LEASE_SECONDS,
    pageCacheMb: e.PAGE_CACHE_MB,
    defaultTerritory: e.DEFAULT_TERRITORY,
    trustProxy: e.TRUST_PROXY,
    secureCookies: baseUrl.startsWith('https://'),
  };
}
