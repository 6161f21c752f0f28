// Untrusted bot files run in their own process (RULES §9, docs/bots.md): Node's permission model lets it read
// only its own folder and the project's bot API (no writes, no processes, no threads, no addons); on Linux,
// `unshare` adds no network and a private PID space (no signals to the host). Its memory and CPU are read from
// outside (/proc), since the process itself is hostile. A bot that breaks a limit is killed; the match goes on.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { MatchConfig, PlayerView, Role } from "../shared/index.ts";
import { applyDelta, diffView } from "../shared/present/view-delta.ts";
import type { Bot, BotDefinition } from "./api.ts";
import { SeatLog } from "./seat-log.ts";

export interface SandboxLimits {
  /** V8 heap of the bot's process. */
  heapMb: number;
  /** Resident memory of the bot's process, Buffers and other memory outside the heap included. */
  rssMb: number;
  /** How long loading a bot file and creating its instance may take. */
  loadMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { heapMb: 64, rssMb: 256, loadMs: 10_000 };

/** Largest answer a bot may send in one turn (64 actions need a few kilobytes). */
const MAX_ANSWER_CHARS = 1 << 20;
/** How often a bot's memory and CPU are read while the match runs. */
const POLL_MS = 20;

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD_SCRIPT = fileURLToPath(new URL("./sandbox-child.ts", import.meta.url));

/**
 * A file in a folder that holds a bot file fetched from a job queue (lab/queue.ts) with links to the project's
 * bot API beside it: that whole folder is the bot's own (docs/scale-out.md, "Bot files").
 */
export const FETCHED_BOT_ROOT_MARKER = ".trilemma-fetched-bot";

/** The folder a bot file may read: the nearest fetched-bot root above it, or else its own folder. */
function botFolder(file: string): string {
  for (let folder = dirname(resolve(file)); folder !== dirname(folder); folder = dirname(folder))
    if (existsSync(join(folder, FETCHED_BOT_ROOT_MARKER))) return folder;
  return dirname(file);
}

export class BotTimeoutError extends Error {
  constructor(seat: string, ms: number) {
    super(`bot of seat ${seat} gave no answer within ${Math.round(ms)} ms`);
    this.name = "BotTimeoutError";
  }
}

/** A bot stopped for breaking a limit (memory, CPU between turns, answer size, actions per turn). */
export class BotKilledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BotKilledError";
  }
}

interface Isolation {
  /** Command words run before `node`: the namespaces and the parent-death signal, where available. */
  prefix: string[];
  /** Whether memory and CPU can be read from outside (/proc). */
  measured: boolean;
  /** What is not isolated on this machine, for the seat logs and a warning; empty when all is. */
  gaps: string[];
}

function findExecutable(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

let isolation: Isolation | undefined;

/** What this machine can isolate, probed once per process. */
export function sandboxIsolation(): Isolation {
  if (isolation) return isolation;
  const gaps: string[] = [];
  const prefix: string[] = [];
  const onLinux = process.platform === "linux";
  // The bot's process (and its namespace) dies with the thread that started it, even if that thread is killed.
  const setpriv = onLinux ? findExecutable("setpriv") : null;
  if (setpriv) prefix.push(setpriv, "--pdeathsig", "KILL", "--");
  const unshare = onLinux ? findExecutable("unshare") : null;
  const namespaces = unshare
    ? [
        unshare,
        "--user",
        "--map-root-user",
        "--net",
        "--pid",
        "--fork",
        "--mount-proc",
        "--kill-child=SIGKILL",
        "--",
      ]
    : [];
  const works =
    unshare !== null &&
    spawnSync(namespaces[0], [...namespaces.slice(1), process.execPath, "-e", ""], {
      stdio: "ignore",
      timeout: 5000,
      env: {},
    }).status === 0;
  if (works) prefix.push(...namespaces);
  else gaps.push("network and signals are not isolated (no unprivileged `unshare` here)");
  const measured = onLinux && existsSync("/proc/self/stat");
  if (!measured) gaps.push("resident memory and CPU between turns are not limited (no /proc here)");
  isolation = { prefix, measured, gaps };
  if (gaps.length > 0) console.warn(`trilemma: bot sandbox: ${gaps.join("; ")}`);
  return isolation;
}

/** Fields of /proc/PID/stat after the command name (which may hold spaces): ppid is [1]. */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The process `unshare` forked to run node: the one whose parent it is. */
function childOf(pid: number): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (procStat(Number(entry))?.[1] === String(pid)) return Number(entry);
  }
  return null;
}

type Message = Record<string, unknown>;

/** One bot file's process: lines of JSON both ways on fd 3, its console kept in the seat's log, its limits watched. */
class BotProcess {
  private readonly child: ChildProcess;
  private readonly channel: Readable & Writable;
  private readonly limits: SandboxLimits;
  private readonly exited: Promise<void>;
  private readonly poll: NodeJS.Timeout;
  private hostPid: number | null = null;
  private buffered = "";
  private stderrTail = "";
  private heapExhausted = false;
  private waiter: { resolve: (message: Message) => void; reject: (error: Error) => void } | null = null;
  /** Why the process is gone (or going): every later request fails with it. */
  failure: Error | null = null;
  /** The CPU time (ms) that the process may still use while no answer is awaited; beyond it, it is killed. */
  idleAllowanceMs: (() => number) | null = null;
  private cpuMark = 0;

  constructor(file: string, limits: SandboxLimits, log: SeatLog) {
    const { prefix, measured, gaps } = sandboxIsolation();
    for (const gap of gaps) log.note("sandbox", gap);
    this.limits = limits;
    const reads = [
      botFolder(file),
      join(PROJECT_ROOT, "bots"),
      join(PROJECT_ROOT, "shared"),
      join(PROJECT_ROOT, "node_modules"),
      join(PROJECT_ROOT, "package.json"),
    ];
    const node = [
      process.execPath,
      "--permission",
      ...reads.map((path) => `--allow-fs-read=${path}`),
      `--max-old-space-size=${limits.heapMb}`,
      "--disable-warning=ExperimentalWarning",
      CHILD_SCRIPT,
      file,
    ];
    const command = [...prefix, ...node];
    // Its own process group (so that a signal to "its group" reaches only itself) and no inherited secrets.
    this.child = spawn(command[0], command.slice(1), {
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      detached: true,
      env: {},
    });
    if (prefix.length === 0 || !prefix.includes("--fork")) this.hostPid = this.child.pid ?? null;
    this.channel = this.child.stdio[3] as Readable & Writable;
    this.channel.setEncoding("utf8");
    this.channel.on("data", (chunk: string) => this.receive(chunk));
    this.channel.on("error", () => {});
    this.child.stdout?.setEncoding("utf8");
    this.child.stdout?.on("data", (chunk: string) => log.write("stdout", chunk));
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      log.write("stderr", chunk);
      const tail = this.stderrTail + chunk;
      if (/heap out of memory|Reached heap limit/.test(tail)) this.heapExhausted = true;
      this.stderrTail = tail.slice(-2048);
    });
    this.exited = new Promise((resolveExit) => {
      this.child.on("exit", (code, signal) => {
        clearInterval(this.poll);
        this.fail(this.exitReason(code, signal));
        resolveExit();
      });
      this.child.on("error", (error) => {
        clearInterval(this.poll);
        this.fail(new Error(`bot process could not start: ${error.message}`));
        resolveExit();
      });
    });
    this.poll = setInterval(() => this.watch(), POLL_MS);
    this.poll.unref();
    if (!measured) this.hostPid = null;
  }

  private exitReason(code: number | null, signal: NodeJS.Signals | null): Error {
    if (this.heapExhausted) {
      return new BotKilledError(`heap over the ${this.limits.heapMb} MB limit`);
    }
    const last = this.stderrTail.trim().split("\n").slice(-1)[0] ?? "";
    const how = signal ? `signal ${signal}` : `code ${code}`;
    return new Error(`bot process exited (${how})${last ? `: ${last}` : ""}`);
  }

  private receive(chunk: string): void {
    if (this.failure) return;
    this.buffered += chunk;
    let end = this.buffered.indexOf("\n");
    while (end >= 0 && !this.failure) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        this.kill(new Error("bot process sent a garbled message"));
        return;
      }
      const waiter = this.waiter;
      if (!waiter || typeof message !== "object" || message === null || Array.isArray(message)) {
        this.kill(new Error("bot process sent a message nobody asked for"));
        return;
      }
      this.waiter = null;
      this.cpuMark = this.cpuMs();
      // What the bot printed before answering is already in its stdout pipe, read in this same poll of the
      // event loop: answering after it keeps the seat's log in order, each line under its own slot.
      setImmediate(() => waiter.resolve(message as Message));
      end = this.buffered.indexOf("\n");
    }
    if (this.buffered.length > MAX_ANSWER_CHARS) {
      this.kill(new BotKilledError(`answer longer than the ${MAX_ANSWER_CHARS / 1024} KB limit`));
    }
  }

  /** Memory, and CPU used while no answer is awaited, read from outside the process. */
  private watch(): void {
    const pid = this.pid();
    if (pid === null || this.failure) return;
    const rssMb = this.rssMb(pid);
    if (rssMb > this.limits.rssMb) {
      this.kill(
        new BotKilledError(`resident memory ${Math.round(rssMb)} MB over the ${this.limits.rssMb} MB limit`),
      );
      return;
    }
    if (!this.waiter && this.idleAllowanceMs) {
      const idle = this.idleCpuMs();
      if (idle > this.idleAllowanceMs()) {
        this.kill(
          new BotKilledError(
            `used ${Math.round(idle)} ms of CPU between turns, more than was left in its bank`,
          ),
        );
      }
    }
  }

  private pid(): number | null {
    if (this.hostPid === null && sandboxIsolation().measured && this.child.pid)
      this.hostPid = childOf(this.child.pid);
    return this.hostPid;
  }

  private rssMb(pid: number): number {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  /**
   * CPU time of the process's main thread, where all of a bot's JavaScript runs (it may start no threads), in
   * ms: /proc's schedstat counts it in nanoseconds, where stat rounds to 10 ms ticks. 0 where it cannot be read.
   */
  private cpuMs(): number {
    const pid = this.pid();
    if (pid === null) return 0;
    try {
      return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
    } catch {
      return 0;
    }
  }

  /** CPU the process used since its last answer. */
  idleCpuMs(): number {
    return Math.max(0, this.cpuMs() - this.cpuMark);
  }

  /** CPU used since the last answer, counted once: the next count starts now. A process already ended (timed out,
   * killed) owes nothing more: the CPU of the turn it was ended in is that turn's, not idle time. */
  takeIdleCpuMs(): number {
    if (this.failure) return 0;
    const now = this.cpuMs();
    const idle = Math.max(0, now - this.cpuMark);
    this.cpuMark = now;
    return idle;
  }

  /** Sends a request (none: waits for what the process says first) and waits for the answer, the end, or the deadline. */
  request(message: Message | null, withinMs: number, late: () => Error): Promise<Message> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolveAnswer, reject) => {
      const timer = setTimeout(() => this.kill(late()), withinMs);
      this.waiter = {
        resolve: (answer) => {
          clearTimeout(timer);
          resolveAnswer(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (message) this.channel.write(`${JSON.stringify(message)}\n`);
    });
  }

  private fail(error: Error): void {
    this.failure = this.failure ?? error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(this.failure);
  }

  /** Ends the process at once (SIGKILL: as PID 1 of its namespace it ignores any other signal). */
  kill(error: Error): void {
    this.fail(error);
    for (const target of [this.child.pid ? -this.child.pid : null, this.hostPid]) {
      if (target === null) continue;
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }

  close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null)
      this.kill(new Error("the match is over"));
    return this.exited;
  }
}

/** A loaded bot file: its definition, and the instance it can create for a seat. */
export interface OpenedBotFile {
  definition: BotDefinition;
  start(seat: SeatContext, timing: TurnTiming): Promise<SandboxedBot>;
  close(): Promise<void>;
}

export interface SeatContext {
  seatId: string;
  role: Role;
  config: MatchConfig;
  seed: string;
}

export interface TurnTiming {
  /** How long the next answer may take: the turn's budget plus what is left in the bank. */
  answerWithinMs(): number;
  /** CPU the bot may burn between turns before it is killed: what is left in its bank. */
  bankLeftMs(): number;
}

export interface SandboxedBot extends Bot {
  /** CPU the process used since its last answer (ms), taken: the next call counts from now. */
  takeIdleCpuMs(): number;
  kill(error: Error): void;
  close(): Promise<void>;
}

/** A message's text as sent: the process may send any JSON where a string belongs. */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function definitionFrom(message: Message, file: string): BotDefinition {
  const { name, roles, description } = message;
  if (typeof name !== "string" || !Array.isArray(roles) || !roles.every((role) => typeof role === "string")) {
    throw new Error(`${file} did not describe itself`);
  }
  return {
    name,
    roles: roles as Role[],
    description: typeof description === "string" ? description : "",
    create: () => {
      throw new Error("a bot file's instance is created in its own process (sandbox.ts)");
    },
  };
}

/** Starts a bot file's process and reads its definition; its top-level code never runs here. */
export async function openBotFile(file: string, limits: SandboxLimits, log: SeatLog): Promise<OpenedBotFile> {
  const path = resolve(file);
  const bot = new BotProcess(path, limits, log);
  const loading = () => new Error(`loading ${file} took longer than ${limits.loadMs} ms`);
  let definition: BotDefinition;
  try {
    const first = await bot.request(null, limits.loadMs, loading);
    if (first.kind === "failed") throw new Error(textOf(first.message));
    if (first.kind !== "definition") throw new Error(`${file} did not describe itself`);
    definition = definitionFrom(first, file);
  } catch (error) {
    await bot.close();
    throw error;
  }
  return {
    definition,
    close: () => bot.close(),
    async start(seat, timing) {
      const ready = await bot.request({ kind: "create", ...seat }, limits.loadMs, loading);
      if (ready.kind !== "ready") {
        await bot.close();
        throw new Error(ready.kind === "failed" ? textOf(ready.message) : `${file} did not start`);
      }
      bot.idleAllowanceMs = timing.bankLeftMs;
      let turn = 0;
      // The process keeps its copy of the view, so each turn sends only what changed (a few KB, where the
      // whole view grows to hundreds). This copy of what was sent is the engine's no more.
      let sent: unknown;
      return {
        async act(view: PlayerView) {
          const id = turn++;
          const limit = timing.answerWithinMs();
          const late = () => new BotTimeoutError(seat.seatId, limit);
          const ops = diffView(sent, view);
          sent = applyDelta(sent, structuredClone(ops));
          const answer = await bot.request({ kind: "turn", id, ops }, limit, late);
          if (answer.kind === "error" && answer.id === id) throw new Error(textOf(answer.message));
          if (answer.kind !== "actions" || answer.id !== id || !Array.isArray(answer.actions)) {
            bot.kill(new Error("bot process answered out of turn"));
            throw bot.failure;
          }
          return answer.actions;
        },
        takeIdleCpuMs: () => bot.takeIdleCpuMs(),
        kill: (error) => bot.kill(error),
        close: () => bot.close(),
      };
    },
  };
}

/** Reads a bot file's name and roles in a throwaway process. */
export async function loadSandboxedDefinition(
  file: string,
  limits = DEFAULT_SANDBOX_LIMITS,
): Promise<BotDefinition> {
  const opened = await openBotFile(file, limits, new SeatLog());
  await opened.close();
  return opened.definition;
}
