import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { renderBadRequest } from './errors.js';

/** The uploaded file as the multipart parser hands it to the route (the `fichier` field). */
export interface UploadedFile {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/** Why a multipart body could not be read before the route ran. */
export type UnreadableUpload = 'too_many_files' | 'too_big' | 'unreadable';

const CODES: Record<string, UnreadableUpload> = {
  FST_FILES_LIMIT: 'too_many_files',
  FST_REQ_FILE_TOO_LARGE: 'too_big',
};

/**
 * Accepts a one-file multipart form in this plugin's routes only (an upload page): at most
 * `maxBytes` for the file, 4 small fields (the CSRF token among them, checked by the platform
 * once the body is read). A body that cannot be read (too many files, cut short, malformed) on
 * `path` goes to `onUnreadable`, which shows the form again with a message beside the field;
 * nothing was written. Any other error goes to the platform's handler.
 */
export async function acceptFileUpload(
  app: FastifyInstance,
  options: { maxBytes: number; path: string; onUnreadable: (request: FastifyRequest, reply: FastifyReply, why: UnreadableUpload) => Promise<FastifyReply> },
): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: options.maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 4096 },
    async onFile(part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      part.value = { filename: part.filename, data: Buffer.concat(chunks), truncated: part.file.truncated } satisfies UploadedFile;
    },
  });
  // Runs after the multipart hook: a request seen here had its body read in full.
  const bodyRead = new WeakSet<FastifyRequest>();
  app.addHook('preValidation', async (request) => {
    bodyRead.add(request);
  });
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!request.isMultipart() || bodyRead.has(request)) throw error;
    // A multipart body sent to another route of the plugin (a form that is not the upload), and
    // that the parser could not read (no boundary): a bad request, not a 500.
    if (request.url.split('?')[0] !== options.path) {
      request.log.info({ code: error.code, path: request.url }, 'multipart body unreadable');
      return renderBadRequest(request, reply);
    }
    request.log.info({ code: error.code, path: options.path }, 'upload unreadable');
    return options.onUnreadable(request, reply, CODES[error.code] ?? 'unreadable');
  });
}

/** The file of the form's `fichier` field, or null when none was sent. */
export function uploadedFile(body: unknown): UploadedFile | null {
  const value = (body as Record<string, unknown> | null | undefined)?.fichier;
  if (!value || typeof value !== 'object' || !Buffer.isBuffer((value as UploadedFile).data)) return null;
  return value as UploadedFile;
}
