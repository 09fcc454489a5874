// A real terminal for tests: a command in its own tmux server (a pseudo-terminal of a fixed size), its screen
// read back as a user sees it, keys sent as typed (Ctrl-C goes through the terminal's line discipline).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from '../../src/servers/proc-stat.ts';

export interface Terminal {
  /** The pid of the command (the pane's process). */
  readonly pid: number;
  /** Every line the terminal has shown, scrollback included, wrapped lines joined. */
  screen(): string;
  /** The screen as drawn (long lines wrapped), with its colours and attributes (for screenshots). */
  screenWithEscapes(): string;
  /** Wait until the screen matches `pattern`; fail with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Type keys, in tmux's names: `C-c` is Ctrl-C. */
  sendKeys(...keys: string[]): void;
  /** Wait for the command to end; its exit status. */
  exited(timeoutMs?: number): Promise<number>;
  /** End the tmux server (and so anything still in the terminal). */
  close(): void;
}

/** tmux, or a skip that says how to get it (a failure where RG_REQUIRE_TERMINAL_TESTS=1: .ci/run sets it once tmux is installed). */
export function hasTmux(t: TestContext): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    const why = 'the terminal tests need tmux, which is not installed: run `apt-get install -y tmux` (.ci/run does)';
    if (process.env.RG_REQUIRE_TERMINAL_TESTS === '1') assert.fail(why);
    t.skip(why);
    return false;
  }
}

/** Run `argv` in a fresh `columns` x `rows` terminal, in `cwd`, with `env` added (and CI removed: a user's terminal). */
export function openTerminal(argv: readonly string[], options: { cwd: string; env?: Record<string, string>; columns?: number; rows?: number }): Terminal {
  const dir = mkdtempSync(join(tmpdir(), 'rg-tmux-'));
  const socket = join(dir, 'socket');
  const config = join(dir, 'tmux.conf');
  // The pane stays after its command ends, so its exit status and last screen can be read.
  writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 20000\nset -g status off\n');
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, '-f', config, ...args], { encoding: 'utf8' });
  const env = Object.entries({ TERM: 'xterm-256color', ...options.env }).map(([key, value]) => `${key}=${shellQuote(value)}`);
  const command = ['exec', 'env', '-u', 'CI', ...env, ...argv.map(shellQuote)].join(' ');
  tmux('new-session', '-d', '-s', 'test', '-x', String(options.columns ?? 160), '-y', String(options.rows ?? 50), '-c', options.cwd, command);
  const pid = Number(tmux('display-message', '-p', '-t', 'test', '#{pane_pid}').trim());
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'test').replace(/\s+$/, '');
  let closed = false;

  return {
    pid,
    screen,
    screenWithEscapes: () => tmux('capture-pane', '-p', '-e', '-S', '-', '-t', 'test'),
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) assert.fail(`the terminal never showed ${pattern} within ${timeoutMs} ms; it shows:\n${text}`);
        await sleep(100);
      }
    },
    sendKeys: (...keys) => void tmux('send-keys', '-t', 'test', ...keys),
    async exited(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // tmux marks the pane dead a moment before it records how its process ended.
        const [dead, status, signal] = tmux('display-message', '-p', '-t', 'test', '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}').trim().split(':');
        if (dead === '1' && signal) assert.fail(`the command was killed by signal ${signal}; the terminal shows:\n${screen()}`);
        if (dead === '1' && status) return Number(status);
        nudgeTmuxIfZombie(pid);
        if (Date.now() > deadline) assert.fail(`the command was still running after ${timeoutMs} ms; the terminal shows:\n${screen()}`);
        await sleep(100);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Debian's tmux is built with libutempter, whose own SIGCHLD handler can swallow the signal of a pane's process
 * that exits at the wrong moment (tmux/tmux#311, #4559): the process stays a zombie and the pane never dies.
 * The command has exited then; a SIGCHLD to tmux (the zombie's parent) makes it reap it, as tmux's author advises.
 */
function nudgeTmuxIfZombie(pid: number): void {
  const stat = readProcStat(pid);
  if (stat?.state === 'Z') process.kill(stat.ppid, 'SIGCHLD');
}
