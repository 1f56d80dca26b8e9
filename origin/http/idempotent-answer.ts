import type { Request, Response } from 'express';
import { z } from 'zod';
import type { IdempotencyKeyOfUser, StoredIdempotentResponse } from './idempotency-repository';
import { isCommitOutcomeUnknown } from '../../shared/db/database-errors';
import { inTransaction, type Tx } from '../../shared/db/repositories/unit-of-work';
import { AppError, invalidInput } from '../../shared/errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../../shared/errors/problem';
import type { OriginContext } from '../origin-context';
import { requestHash } from './request-hash';

/** A successful JSON answer a route builds from its use case's result. */
export interface JsonAnswer {
  status: number;
  body: unknown;
  location?: string;
}

/** The Idempotency-Key header: printable ASCII, up to 255 characters. */
const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const keyReused = () =>
  new AppError(
    'idempotency-key-reused',
    409,
    'This Idempotency-Key was already used with a different request; use a new key for a new order.',
  );

const keyInFlight = () =>
  new AppError(
    'idempotency-key-in-use',
    409,
    'A request with this Idempotency-Key is still being processed.',
    { retryAfterSeconds: 1 },
  );

function keyOf(
  req: Request,
  userId: number,
  fingerprint: unknown,
): IdempotencyKeyOfUser | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw invalidInput([
      { path: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'is not valid' },
    ]);
  }
  const path = `${req.baseUrl}${req.path}`;
  return { userId, key: parsed.data, requestHash: requestHash(req.method, path, fingerprint) };
}

function send(res: Response, answer: JsonAnswer): void {
  if (answer.location) res.location(answer.location);
  res.status(answer.status).json(answer.body);
}

function replay(res: Response, stored: StoredIdempotentResponse | undefined, hash: string): void {
  if (!stored || stored.status === null || stored.body === null) throw keyInFlight();
  if (stored.requestHash !== hash) throw keyReused();
  res
    .status(stored.status)
    .set('Idempotent-Replayed', 'true')
    .type(stored.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json')
    .send(stored.body);
}

/** What answerIdempotently needs of the request, and what it says when a commit went unanswered. */
export interface IdempotentRequest {
  req: Request;
  res: Response;
  userId: number;
  /** The request's validated input: a retry with the same key must send the same. */
  fingerprint: unknown;
  /** The 503 for a commit whose outcome is unknown, told whether a key makes a retry safe. */
  outcomeUnknown: (keySent: boolean, cause: unknown) => AppError;
}

/**
 * Runs a write in one transaction and answers it, honouring an `Idempotency-Key` header with
 * Stripe's semantics: the first answer to a key (success or refusal) is stored and replayed to
 * retries of the same request (`fingerprint`: its validated input); the key with another request
 * is a 409. Unexpected failures (5xx) store nothing, so a retry does the work again. A COMMIT that
 * went unanswered may have stored the work and its answer, or neither: the client is told so.
 */
export async function answerIdempotently(
  ctx: OriginContext,
  http: IdempotentRequest,
  work: (tx: Tx) => Promise<JsonAnswer>,
): Promise<void> {
  const { req, res } = http;
  const entry = keyOf(req, http.userId, http.fingerprint);
  const inWorkTransaction = <T>(run: (tx: Tx) => Promise<T>): Promise<T> =>
    inTransaction(ctx.db, run).catch((error: unknown) => {
      throw isCommitOutcomeUnknown(error) ? http.outcomeUnknown(entry !== undefined, error) : error;
    });
  if (!entry) return send(res, await inWorkTransaction(work));
  let outcome: { answer: JsonAnswer } | { earlier: StoredIdempotentResponse | undefined };
  try {
    outcome = await inWorkTransaction(async (tx) => {
      // Claiming the key first makes a concurrent request with the same key wait here until this
      // transaction ends, so two retries can never both do the work.
      if (!(await ctx.idempotency.claim(tx, entry))) {
        return { earlier: await ctx.idempotency.find(tx, entry.userId, entry.key) };
      }
      const answer = await work(tx);
      await ctx.idempotency.complete(tx, entry, answer.status, JSON.stringify(answer.body));
      return { answer };
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    // A refusal (out of stock, own book, …) is the key's first answer too: it is stored after the
    // work's transaction rolled back, unless another request with the key answered meanwhile.
    const body = JSON.stringify(toProblem(error, req.originalUrl));
    const remembered = await inTransaction(ctx.db, async (tx) =>
      (await ctx.idempotency.claimCompleted(tx, entry, error.status, body))
        ? { stored: true as const }
        : {
            stored: false as const,
            earlier: await ctx.idempotency.find(tx, entry.userId, entry.key),
          },
    );
    if (remembered.stored) throw error;
    outcome = { earlier: remembered.earlier };
  }
  if ('answer' in outcome) return send(res, outcome.answer);
  return replay(res, outcome.earlier, entry.requestHash);
}
