import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** An e-mail as MailDev's REST API lists it (GET /api/email). */
export interface CaughtEmail {
  subject: string;
  text: string;
  to: Array<{ address: string }>;
  from: Array<{ address: string }>;
}

/** A real MailDev in a child process, read through its REST API. */
export interface TestMailCatcher {
  smtpUrl: string;
  webUrl: string;
  /** Polls GET /api/email until an e-mail matches, or fails after `timeoutMs`. */
  waitForEmail(matches: (email: CaughtEmail) => boolean, timeoutMs?: number): Promise<CaughtEmail>;
  close(): Promise<void>;
}

const POLL_INTERVAL_MS = 100;

/** The e-mails a MailDev web API at `webUrl` holds. */
export async function caughtEmails(webUrl: string): Promise<CaughtEmail[]> {
  const response = await fetch(`${webUrl}/api/email`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`GET ${webUrl}/api/email answered ${response.status}`);
  return (await response.json()) as CaughtEmail[];
}

/** Polls MailDev's REST API until an e-mail matches; the deadline bounds the wait, never a fixed sleep. */
export async function waitForEmail(
  webUrl: string,
  matches: (email: CaughtEmail) => boolean,
  timeoutMs = 10_000,
): Promise<CaughtEmail> {
  const deadline = Date.now() + timeoutMs;
  let seen: CaughtEmail[] = [];
  while (Date.now() < deadline) {
    seen = await caughtEmails(webUrl);
    const found = seen.find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(
    `no matching e-mail at ${webUrl} within ${timeoutMs} ms; it holds: ${JSON.stringify(seen.map((email) => email.subject))}`,
  );
}

/** Starts MailDev on free ports (the same module `npm start` runs it with). */
export async function startTestMailCatcher(): Promise<TestMailCatcher> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'mail-catcher-process.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  let started: { smtpUrl: string; webPort: number } | undefined;
  for await (const line of lines) {
    // MailDev prints a line of its own before ours.
    if (line.startsWith('{')) {
      started = JSON.parse(line) as { smtpUrl: string; webPort: number };
      break;
    }
  }
  if (!started) throw new Error('the mail catcher stopped before it started');
  // Leaving the loop closed the reader: keep draining stdout so the child never blocks on it.
  child.stdout.resume();
  const webUrl = `http://127.0.0.1:${started.webPort}`;
  return {
    smtpUrl: started.smtpUrl,
    webUrl,
    waitForEmail: (matches, timeoutMs) => waitForEmail(webUrl, matches, timeoutMs),
    async close() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
