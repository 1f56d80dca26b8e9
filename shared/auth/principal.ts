import { USER_ROLES, type UserRole } from '../domain/user-roles';

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: number;
  /** The token's claim when verified; requireAuth replaces it with the account's current role. */
  role: UserRole;
  tokenId: string;
}

/** The signature algorithm of access tokens; verifiers accept nothing else. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';

/** Whether a claim value is a known role. */
export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}
