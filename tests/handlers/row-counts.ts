import type { Database } from '../../shared/db/create-database';

/** How many rows each table the edge functions could write holds, to prove a failed request wrote nothing. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const { User, RefreshToken, LoginThrottle, Book } = db.models;
  const [users, refreshTokens, loginThrottles, books, throttleFailures] = await Promise.all([
    User.count(),
    RefreshToken.count(),
    LoginThrottle.count(),
    Book.count({ paranoid: false }),
    LoginThrottle.sum('failures'),
  ]);
  return {
    users,
    refreshTokens,
    loginThrottles,
    books,
    throttleFailures: Number(throttleFailures ?? 0),
  };
}
