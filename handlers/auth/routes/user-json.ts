import type { UserRecord } from '../../../shared/db/repositories/user-repository';

/** A user as the API returns it: never a password hash. */
export interface UserJson {
  id: number;
  name: string;
  email: string;
  role: UserRecord['role'];
  createdAt: string;
}

export function toUserJson(user: UserRecord): UserJson {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}
