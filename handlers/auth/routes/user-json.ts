import type { UserJson } from '../../../shared/api/response-schemas';
import type { UserRecord } from '../../../shared/db/repositories/user-repository';

/** A user as the API returns it: never a password hash. */
export function toUserJson(user: UserRecord): UserJson {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}
