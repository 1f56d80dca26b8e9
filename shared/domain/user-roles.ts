/** What a user may do: every account buys and sells; admins also see all users and orders. */
export const USER_ROLES = ['customer', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
