import Fastify from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The security headers of every response (helmet), computed once at start-up. @fastify/helmet
 * builds helmet's middlewares again on every request (about a tenth of the cost of a cached
 * page), although without CSP nonces they never change: a throwaway server runs the plugin once
 * with the same options and its headers are kept, names as helmet writes them.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<Array<[string, string]>> {
  const probe = Fastify({ logger: false });
  let headers: Array<[string, string]> = [];
  await probe.register(helmet, options);
  probe.get('/', (_request, reply) => {
    // getRawHeaderNames (Node ≥ 15.13) keeps helmet's spelling; @types/node 20 does not declare it
    const raw = reply.raw as typeof reply.raw & { getRawHeaderNames(): string[] };
    headers = raw.getRawHeaderNames().map((name) => [name, String(raw.getHeader(name))]);
    return reply.send('');
  });
  await probe.inject({ url: '/' });
  await probe.close();
  if (!headers.some(([name]) => name.toLowerCase() === 'content-security-policy')) throw new Error('helmet set no Content-Security-Policy');
  return headers;
}
