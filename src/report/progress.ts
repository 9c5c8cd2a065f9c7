// A one-line progress bar on stderr, drawn only on a TTY (never in CI logs or pipes).

export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly total: number, private readonly label: string, stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
    this.enabled = Boolean(stream.isTTY) && total >= 20 && !process.env.CI;
  }
  private readonly stream: NodeJS.WriteStream;

  tick(note = ''): void {
    this.done++;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 50 && this.done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    this.stream.write(`\r${this.label} [${bar}] ${this.done}/${this.total} ${note}`.slice(0, (this.stream.columns ?? 100) - 1) + '\x1b[K');
  }

  finish(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
