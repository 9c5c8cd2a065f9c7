// Where the queue is: a redis:// URL, checked before any work.
//
//   redis://[user:password@]HOST[:PORT][/DB][?queue=NAME]
//
// `queue` names the BullMQ queue (default run-batt): workers and submitters
// meet on it. rediss:// connects with TLS, trusting Node's root certificates and, where it is set,
// the user's NODE_EXTRA_CA_CERTS file (see tlsOptions).

import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../errors.js';

export const DEFAULT_QUEUE = 'run-batt';

/** Where Redis is: what both ioredis and BullMQ accept. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: object;
}

export interface QueueAddress {
  /** The URL as the user gave it, without a password (for messages). */
  readonly display: string;
  readonly name: string;
  readonly redis: RedisTarget;
}

export function parseQueueUrl(url: string): QueueAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`--queue ${url}: not a URL (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError(`--queue ${url}: expected a redis:// (or rediss://) URL`);
  if (!u.hostname) throw new InputError(`--queue ${url}: no host`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError(`--queue ${url}: the path must be a database number, got '${u.pathname.slice(1)}'`);
  const name = u.searchParams.get('queue') ?? DEFAULT_QUEUE;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new InputError(`--queue ${url}: queue name '${name}' (letters, digits, _ . - only)`);
  const safe = new URL(u.href);
  if (safe.password) safe.password = '***';
  return {
    display: safe.href.replace(/\/$/, ''),
    name,
    redis: {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : 6379,
      db,
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: tlsOptions() } : {}),
    },
  };
}

/**
 * TLS options for rediss://. bin/run-batt.js starts Node with NODE_EXTRA_CA_CERTS empty (Node 20
 * parses that file at every start, 37 ms here, and only a rediss:// queue uses TLS) and passes the
 * file on as RUN_BATT_EXTRA_CA_CERTS: its certificates are then trusted here, beside Node's own
 * roots, as Node would have. A file that cannot be read is skipped with Node's own warning.
 */
export function tlsOptions(env: NodeJS.ProcessEnv = process.env): { ca?: string[] } {
  const file = env.RUN_BATT_EXTRA_CA_CERTS;
  if (!file) return {};
  try {
    return { ca: [...rootCertificates, readFileSync(file, 'utf8')] };
  } catch (e) {
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(e as Error).message}`);
    return {};
  }
}

/** A plain client for our own keys (batteries, cancellations); fails fast while connecting. */
export function redisClient(addr: QueueAddress, opts: RedisOptions = {}): Redis {
  return new Redis({ ...addr.redis, lazyConnect: true, connectionName: 'run-batt', disconnectTimeout: 100, ...opts });
}

/**
 * Fails with an input error (exit 2) naming the URL when Redis cannot be
 * reached or answers wrongly, within a few seconds and before any work.
 */
export async function probeRedis(addr: QueueAddress, timeoutMs = 3000): Promise<string> {
  const client = redisClient(addr, { connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let first: Error | undefined; // the socket's own error (ECONNREFUSED...), more telling than "Connection is closed"
  client.on('error', (e: Error) => (first ??= e));
  try {
    await client.connect();
    const info = await client.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } catch (e) {
    const err = (first ?? e) as NodeJS.ErrnoException;
    const why = err.code ? `${err.code}${err.message && !err.message.includes(err.code) ? ` (${err.message})` : ''}` : err.message;
    throw new InputError(`cannot reach Redis at ${addr.display}: ${why}`);
  } finally {
    client.disconnect();
  }
}
