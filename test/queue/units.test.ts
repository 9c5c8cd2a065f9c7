// Unit tests: queue URLs, job data checks, metrics text (no Redis needed).
import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from '../../src/queue/connection.js';
import { checkJobData } from '../../src/queue/worker.js';
import { batteryHash, PROTOCOL_VERSION } from '../../src/queue/protocol.js';
import { RunMetrics } from '../../src/metrics/index.js';
import { failedReport } from '../../src/queue/submit.js';

describe('queue URLs', () => {
  it('reads host, port, database, credentials and queue name, and hides the password in messages', () => {
    const a = parseQueueUrl('redis://u:s3cret@example.org:6380/2?queue=fleet-1');
    expect(a.redis).toEqual({ host: 'example.org', port: 6380, db: 2, username: 'u', password: 's3cret' });
    expect(a.name).toBe('fleet-1');
    expect(a.display).not.toContain('s3cret');
    expect(parseQueueUrl('redis://localhost').redis).toEqual({ host: 'localhost', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://h:1').redis.tls).toEqual({});
  });

  it('refuses what is not a redis URL, with an input error naming it', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow(/--queue localhost:6379: expected a redis:\/\//);
    expect(() => parseQueueUrl('nonsense')).toThrow(/not a URL/);
    expect(() => parseQueueUrl('redis://h/x')).toThrow(/database number/);
    expect(() => parseQueueUrl('redis://h?queue=a:b')).toThrow(/queue name/);
  });
});

describe('job data', () => {
  const good = {
    v: PROTOCOL_VERSION,
    run: 'r',
    index: 0,
    task: { id: 't', train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }], source: 'x' },
    battery: { hash: 'h', key: 'k' },
    options: { timeoutMs: 1000, keep: 32, attempts: false },
  };

  it('accepts a well-formed job and rejects bad data as unrecoverable (no retries), naming the fault', () => {
    expect(checkJobData(good).task.id).toBe('t');
    const bad = (patch: object) => () => checkJobData({ ...good, ...patch });
    expect(bad({ v: 99 })).toThrow(expect.objectContaining({ name: 'UnrecoverableError', message: expect.stringMatching(/protocol 99/) }));
    expect(bad({ task: { ...good.task, train: [{ input: [[1, 2], [3]], output: [[1]] }] } })).toThrow(/bad task data: task t: train\[0\]\.input: ragged rows/);
    expect(bad({ options: { timeoutMs: -1, keep: 32 } })).toThrow(/bad options/);
    expect(bad({ battery: undefined })).toThrow(/no battery reference/);
  });

  it('a battery hash changes with any file name or text', () => {
    const h = batteryHash([{ file: 'a.py', text: 'x' }]);
    expect(batteryHash([{ file: 'b.py', text: 'x' }])).not.toBe(h);
    expect(batteryHash([{ file: 'a.py', text: 'y' }])).not.toBe(h);
    expect(batteryHash([{ file: 'a.py', text: 'x' }])).toBe(h);
  });
});

describe('metrics', () => {
  it('counts tasks, candidates, statuses and phases, with run_batt_ names', async () => {
    const m = new RunMetrics({ threads: 2 });
    m.recordTask({
      ...failedReport('t', ''),
      error: undefined,
      candidates: 10,
      unique: 7,
      statuses: { ok: 1, wrong: 5, error: 1, timeout: 0, oom: 0 },
      phases: [{ name: 'validate', wallMs: 12, taskMs: 20, cpuMs: 12, items: 5 }],
      cache: { hits: 3, misses: 4 },
    });
    m.recordTask(failedReport('u', 'bad'));
    const text = await m.text();
    expect(text).toMatch(/^run_batt_tasks_total\{outcome="done"\} 1$/m);
    expect(text).toMatch(/^run_batt_tasks_total\{outcome="failed"\} 1$/m);
    expect(text).toMatch(/^run_batt_candidates_total 10$/m);
    expect(text).toMatch(/^run_batt_programs_total\{status="wrong"\} 5$/m);
    expect(text).toMatch(/^run_batt_phase_duration_seconds_count\{phase="validate"\} 1$/m);
    expect(text).toMatch(/^run_batt_cache_hits_total 3$/m);
    expect(text).toMatch(/^run_batt_pool_utilisation [0-9.e-]+$/m);
    expect(text.split('\n').filter((l) => /^[a-z]/.test(l)).every((l) => l.startsWith('run_batt_'))).toBe(true);
  });
});

describe('queue codec (jobs and results as text)', () => {
  it('typed arrays come back as the same class and contents, views of a shared buffer included; the rest as JSON', async () => {
    const { encodeValue, decodeValue } = await import('../../src/queue/codec.js');
    const shared = new Uint8Array(new SharedArrayBuffer(16));
    shared.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const value = {
      kind: 'score',
      u8: shared.subarray(2, 6),
      i32: Int32Array.from([-1, 0, 2 ** 31 - 1]),
      u16: Uint16Array.from([65535, 7]),
      f64: Float64Array.from([0.5, -Infinity]),
      nested: [{ s: Uint8Array.from([9]) }],
      text: 'a\u0001b',
    };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back.u8).toBeInstanceOf(Uint8Array);
    expect([...back.u8]).toEqual([3, 4, 5, 6]);
    expect(back.i32).toBeInstanceOf(Int32Array);
    expect([...back.i32]).toEqual([-1, 0, 2 ** 31 - 1]);
    expect([...back.u16]).toEqual([65535, 7]);
    expect([...back.f64]).toEqual([0.5, -Infinity]);
    expect(back.nested[0].s).toBeInstanceOf(Uint8Array);
    expect(back.text).toBe('a\u0001b');
    expect(back.kind).toBe('score');
  });

  it('an executor job with a bad kind or another protocol is refused as bad data (not retried)', async () => {
    const { checkExecData } = await import('../../src/queue/worker.js');
    const { encodeValue } = await import('../../src/queue/codec.js');
    const { UnrecoverableError } = await import('bullmq');
    expect(() => checkExecData({ v: 1, run: 'r', job: encodeValue({ kind: 'rm -rf' }) })).toThrow(UnrecoverableError);
    expect(() => checkExecData({ v: 99, run: 'r', job: '{}' })).toThrow(/protocol 99/);
    expect(() => checkExecData({ v: 1, run: 'r', job: '{not json' })).toThrow(/bad job data/);
    expect(checkExecData({ v: 1, run: 'r', job: encodeValue({ kind: 'warm' }) }).job.kind).toBe('warm');
  });
});
