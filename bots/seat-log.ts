// A seat's log: its bot's errors and console output, bounded so that a chatty or hostile bot costs only its own log.

/** Bytes of text one seat's log keeps per match; the rest is counted, not kept. */
export const SEAT_LOG_LIMIT = 32 * 1024;

export class SeatLog {
  private kept = "";
  private dropped = 0;
  private readonly limit: number;
  /** What the bot was doing, e.g. "slot 12": each line is tagged with it. */
  phase = "load";
  private openLine = false;

  constructor(limit = SEAT_LOG_LIMIT) {
    this.limit = limit;
  }

  /** Raw output of a stream (stdout, stderr): each line that starts here is tagged with the phase and stream. */
  write(stream: string, text: string): void {
    let tagged = "";
    for (const piece of text.split(/(?<=\n)/)) {
      if (!this.openLine) tagged += `[${this.phase} ${stream}] `;
      tagged += piece;
      this.openLine = !piece.endsWith("\n");
    }
    this.append(tagged);
  }

  /** One whole entry, e.g. an error the bot threw. */
  note(kind: string, text: string): void {
    this.append(`${this.openLine ? "\n" : ""}[${this.phase} ${kind}] ${text.trimEnd()}\n`);
    this.openLine = false;
  }

  private append(text: string): void {
    const room = this.limit - this.kept.length;
    if (room >= text.length) {
      this.kept += text;
      return;
    }
    if (room > 0) this.kept += text.slice(0, room);
    this.dropped += text.length - Math.max(room, 0);
  }

  text(): string {
    if (this.dropped === 0) return this.kept;
    return `${this.kept}\n[log limit: ${this.dropped} more characters not kept]\n`;
  }
}
