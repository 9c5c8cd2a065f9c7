// Jobs and results as text for the queue. They are plain objects whose bulk
// is in typed arrays (graphs, packs, status codes, scores): JSON with each
// typed array as its bytes in base64, tagged with its class, and decoded
// back to the same class. Anything else goes as JSON does.

const TAG = '\u0001ta';

const CLASSES = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type ClassName = keyof typeof CLASSES;

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name as ClassName;
      if (!(name in CLASSES)) throw new Error(`cannot send a ${name} through the queue`);
      return { [TAG]: name, b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    }
    return v;
  });
}

export function decodeValue<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && TAG in v) {
      const t = v as { [TAG]: string; b: string };
      const Make = CLASSES[t[TAG] as ClassName];
      if (!Make || typeof t.b !== 'string') throw new Error(`bad typed array in queue data: ${String(t[TAG])}`);
      const bytes = Buffer.from(t.b, 'base64');
      // A fresh, aligned buffer (Buffer.from may hand out a slice of a shared pool).
      const copy = new ArrayBuffer(bytes.byteLength);
      new Uint8Array(copy).set(bytes);
      return new Make(copy);
    }
    return v;
  }) as T;
}
