import readline from 'node:readline';

/**
 * The terminal side of the demo: plain lines in, plain text out (node:readline),
 * so it works in any terminal, over ssh, in tmux, and with input piped in.
 */
export class Screen {
  private prompting = false;
  private readonly queue: (string | null)[] = [];
  private waiting?: (line: string | null) => void;
  private closed = false;
  readonly rl: readline.Interface;

  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {
    this.rl = readline.createInterface({ input, output: out, terminal: !!out.isTTY && !!input.isTTY, prompt: '> ' });
    this.rl.on('line', (line) => this.push(line));
    // Ctrl-C and Ctrl-D end the demo like /quit.
    this.rl.on('SIGINT', () => this.rl.close());
    this.rl.on('close', () => {
      this.closed = true;
      this.push(null);
    });
  }

  /** True when typed lines stay on screen (a terminal); piped input is not echoed. */
  get echoes(): boolean {
    return !!this.input.isTTY;
  }

  private push(line: string | null): void {
    this.prompting = false;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(line);
    } else this.queue.push(line);
  }

  /** The next line typed (or piped), null at the end of input. */
  nextLine(): Promise<string | null> {
    if (this.queue.length) return Promise.resolve(this.queue.shift()!);
    if (this.closed) return Promise.resolve(null);
    this.prompting = true;
    this.rl.prompt(true);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Columns for wrapped text: the terminal's width, at most 100. */
  get width(): number {
    return Math.max(40, Math.min(this.out.columns || 100, 100));
  }

  /** Writes without ending the line (a step that prints "done" when it ends). Not while prompting. */
  write(text: string): void {
    this.out.write(text);
  }

  /** Prints above the prompt, keeping what the user is typing. */
  print(text = ''): void {
    if (this.prompting && this.out.isTTY) {
      readline.clearLine(this.out, 0);
      readline.cursorTo(this.out, 0);
    }
    this.out.write(`${text}\n`);
    if (this.prompting && !this.closed) this.rl.prompt(true);
  }

  close(): void {
    this.rl.close();
  }
}
