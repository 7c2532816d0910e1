/** The stream a progress bar draws on (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never in CI logs or when piped),
 * so stdout stays clean for tables and --json.
 */
export class Progress {
  private done = 0
  private failed = 0
  private readonly enabled: boolean

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: ProgressStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true && total > 1
  }

  tick(ok: boolean): void {
    this.done++
    if (!ok) this.failed++
    if (this.enabled) this.stream.write(`\r${this.line()}`)
  }

  /** Erases the bar. */
  finish(): void {
    if (this.enabled) this.stream.write(`\r${' '.repeat(this.line().length)}\r`)
  }

  line(): string {
    const width = 30
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width)
    const failed = this.failed > 0 ? `, ${this.failed} failed` : ''
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${this.label}${failed}`
  }
}
