import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t, type MessageKey } from '../i18n/index.js';
import { Layout } from '../layout/Layout.js';
import { renderDocument } from '../layout/render.js';

/** A page that only says one thing (an error, a link that no longer works, a thank-you), with the way home. */
export function MessageBody({ title, text }: { title: string; text: string }) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{t('error.back_home')}</a>
      </p>
    </section>
  );
}

async function errorPage(reply: FastifyReply, status: number, titleKey: MessageKey, text: string) {
  const body = <MessageBody title={t(titleKey)} text={text} />;
  if (typeof reply.page === 'function') {
    try {
      return await reply.page(t(titleKey), body, { status });
    } catch {
      // the layout's data could not be read (database down): fall through to the plain layout
    }
  }
  // Framework errors (a malformed URL) come before the app's decorations: the layout without data.
  const html = renderDocument(Layout({ title: t(titleKey), ctx: { programme: null, staff: null, csrfToken: '' }, children: body }));
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function renderBadRequest(_request: FastifyRequest, reply: FastifyReply) {
  return errorPage(reply, 400, 'error.400.title', t('error.400.text'));
}

/** Maps every error to a French page; only statuses below 500 say what went wrong. */
export function registerErrorPages(app: FastifyInstance) {
  app.setNotFoundHandler((_request, reply) => errorPage(reply, 404, 'error.404.title', t('error.404.text')));

  app.setErrorHandler((error: FastifyError & { messageKey?: MessageKey }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 403 || error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      request.log.info({ code: error.code }, 'forbidden');
      return errorPage(reply, 403, 'error.403.title', t('error.403.text'));
    }
    if (status === 429) {
      return errorPage(reply, 429, 'error.429.title', t(error.messageKey ?? 'error.429.text'));
    }
    if (status === 404) return errorPage(reply, 404, 'error.404.title', t('error.404.text'));
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'bad request');
      return errorPage(reply, 400, 'error.400.title', t('error.400.text'));
    }
    const reference = request.id;
    request.log.error({ err: error, reference }, 'unexpected error');
    return errorPage(reply, 500, 'error.500.title', t('error.500.text', { reference }));
  });
}
