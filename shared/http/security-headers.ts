import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

type HelmetMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

interface HeaderActions {
  set: Array<[name: string, value: string]>;
  remove: string[];
}

/**
 * What a helmet middleware does to a response, found by running it once against a recorder. With
 * no per-request directives (no CSP nonces) helmet's answer is the same for every request, so it is
 * computed once here instead of by a dozen chained middlewares on every request.
 */
function recordHelmet(middleware: HelmetMiddleware): HeaderActions {
  const actions: HeaderActions = { set: [], remove: [] };
  const recorder = {
    setHeader(name: string, value: string | number) {
      actions.set.push([name, String(value)]);
    },
    removeHeader(name: string) {
      actions.remove.push(name);
    },
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    finished = error === undefined;
  });
  // A helmet option that needs the request or answers later would make the recording wrong.
  if (!finished) throw new Error('helmet did not pass synchronously: its headers vary by request');
  return actions;
}

/**
 * Helmet's defaults (CSP with 'self' only, HSTS, nosniff, frame denial). The storefront loads
 * nothing from other origins, so the default policy fits it as well as the API.
 */
export const HELMET_OPTIONS = { crossOriginResourcePolicy: { policy: 'same-site' } } as const;

/** Sets helmet's headers (HELMET_OPTIONS) on every answer, in one step. */
export function securityHeaders(): RequestHandler {
  const { set, remove } = recordHelmet(helmet(HELMET_OPTIONS));
  return (_req, res, next) => {
    for (const name of remove) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
