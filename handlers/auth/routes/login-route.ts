import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import type { AuthContext } from '../auth-context';
import { logIn } from '../use-cases/log-in';
import { loginBody } from '../../../shared/api/auth-schemas';
import { sendSession } from './session-response';
import { clientAddress } from './client-address';
import { loggerOf } from '../../../shared/http/request-context';
import { metricOfFailure, recordMetric } from '../../../shared/logging/business-metrics';

/** POST /api/v1/auth/login: { email, password } → { accessToken, tokenType, expiresIn, user } + refresh cookie. */
export function loginRoute(ctx: AuthContext, secureCookie: boolean): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const input = parseInput(loginBody, req.body);
    // Behind API Gateway this is the caller's address as the gateway saw it (serverless-http sets it
    // from requestContext.http.sourceIp); a client-sent X-Forwarded-For is never trusted.
    const clientIp = clientAddress(req);
    const session = await logIn(ctx, { ...input, clientIp }).catch((error: unknown) => {
      const metric = metricOfFailure(error, {
        unauthorized: 'LoginsFailed',
        'too-many-login-attempts': 'LoginsThrottled',
      });
      if (metric) recordMetric(loggerOf(res), metric, 1);
      throw error;
    });
    recordMetric(loggerOf(res), 'LoginsSucceeded', 1);
    sendSession(res, session, secureCookie);
  };
}
