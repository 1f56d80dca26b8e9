import { webcrypto } from 'node:crypto';
import { withinDeadline } from './within-deadline';

const PROBE = new Uint8Array(1);

/**
 * Whether a job queued on libuv's thread pool runs within `deadlineMs`. Token checks (jose's
 * WebCrypto signature checks), the SQLite driver, DNS lookups and file reads all queue there, and
 * so does sharp: a pool taken by renders leaves this process unable to authenticate anyone, which
 * the database probe alone never shows. A digest is a WebCrypto job, the same queue as a token's.
 */
export function threadPoolAnswers(deadlineMs: number): Promise<boolean> {
  return withinDeadline(webcrypto.subtle.digest('SHA-256', PROBE), deadlineMs);
}
