// rediss:// trusts the user's NODE_EXTRA_CA_CERTS, which bin/run-batt.js keeps from Node's start
// (Node 20 parses it at every start) and hands on as RUN_BATT_EXTRA_CA_CERTS.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect, rootCertificates, type ConnectionOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseQueueUrl, tlsOptions } from '../../src/queue/connection.js';
import { tempFolder } from '../helpers/cli.js';

const openssl = spawnSync('openssl', ['version']).status === 0;

describe('TLS options for rediss://', () => {
  it('are empty where the bin withheld no certificate file', () => {
    expect(tlsOptions({})).toEqual({});
    expect(tlsOptions({ RUN_BATT_EXTRA_CA_CERTS: '' })).toEqual({});
  });

  it("trust Node's roots and the withheld file's certificates", () => {
    const dir = tempFolder({ 'ca.pem': '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n' });
    const { ca } = tlsOptions({ RUN_BATT_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') });
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(ca!.at(-1)).toContain('not checked here');
    expect(ca!.slice(0, -1)).toEqual([...rootCertificates]);
  });

  it("skip a file that cannot be read, with Node's warning", () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(tlsOptions({ RUN_BATT_EXTRA_CA_CERTS: '/no/such/ca.pem' })).toEqual({});
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/Ignoring extra certs from `\/no\/such\/ca.pem`, load failed: ENOENT/);
    } finally {
      warn.mockRestore();
    }
  });

  it('are what a rediss:// URL connects with', () => {
    expect(parseQueueUrl('rediss://h:1').redis.tls).toEqual(tlsOptions());
  });
});

describe.skipIf(!openssl)('a TLS server whose certificate a private CA signed (needs openssl)', () => {
  let dir = '';
  let port = 0;
  let close = () => {};
  beforeAll(async () => {
    dir = tempFolder();
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=run-batt test CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2');
    const server = createServer({ key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) }, (s) => s.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });
  afterAll(() => close());

  const handshake = (opts: ConnectionOptions) =>
    new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.1', port, servername: 'localhost', ...opts }, () => resolve('trusted'));
      s.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    });

  it('is trusted through the withheld NODE_EXTRA_CA_CERTS file, and not without it', async () => {
    expect(await handshake(tlsOptions({ RUN_BATT_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') }))).toBe('trusted');
    expect(await handshake(tlsOptions({}))).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED/);
  });
});
