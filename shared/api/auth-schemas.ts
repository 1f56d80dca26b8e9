import { z } from 'zod';
import { pageParams, querySchema } from '../http/request-inputs';
import { requiredText, textInput } from '../http/text-input';

/** The refresh cookie's name (the API document declares it as a security scheme). */
export const REFRESH_COOKIE = 'refresh_token';

/** Password policy: long enough to resist guessing, bounded so hashing cost stays predictable. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Emails are compared and stored normalised: trimmed and lower-case. */
const email = textInput()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'is not a valid email address' }));

const newPassword = z
  .string({ error: 'must be a string' })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const registerBody = z.strictObject({
  name: requiredText().max(100, 'must be at most 100 characters'),
  email,
  password: newPassword,
});
export type RegisterInput = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({
  email,
  // No policy hints on login: any password that could have been registered is checked.
  password: z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
});
export type LoginInput = z.infer<typeof loginBody>;

/** Refresh and logout read only the cookie; a body, if sent, must be empty JSON. */
export const noBody = z.union([z.undefined(), z.strictObject({})]);

/** GET /api/v1/users: a page of users. */
export const userListQuery = querySchema(pageParams);
