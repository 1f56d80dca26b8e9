import { Op, QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '../create-database';
import type { UserModel } from '../models';
import type { UserRole } from '../../domain/user-roles';

/** A user as the API shows it: never the password hash. */
export interface UserRecord {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

/** A user with the stored password hash, for checking a login and nothing else. */
export interface UserCredentials {
  user: UserRecord;
  passwordHash: string;
}

export interface NewUser {
  name: string;
  /** Already normalised (trimmed, lower-case): the schema enforces it. */
  email: string;
  passwordHash: string;
}

function toUserRecord(row: UserModel): UserRecord {
  return { id: row.id, name: row.name, email: row.email, role: row.role, createdAt: row.createdAt };
}

const PUBLIC_ATTRIBUTES = ['id', 'name', 'email', 'role', 'createdAt'] as const;

/** Accounts: creation, lookups for login and tokens, the admin list, role changes. */
export function createUserRepository(db: Database) {
  const { User } = db.models;
  return {
    /** Inserts a customer; undefined when the email is taken (the unique index decides, not a prior read). */
    async create(input: NewUser): Promise<UserRecord | undefined> {
      try {
        const row = await User.create({
          name: input.name,
          email: input.email,
          passwordHash: input.passwordHash,
          role: 'customer',
        });
        return toUserRecord(row);
      } catch (error) {
        if (error instanceof UniqueConstraintError) return undefined;
        throw error;
      }
    },

    /** The user and password hash for a normalised email, or undefined. */
    async findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> {
      const row = await User.findOne({ where: { email } });
      return row ? { user: toUserRecord(row), passwordHash: row.passwordHash } : undefined;
    },

    /** A user by id, or undefined. */
    async findById(id: number): Promise<UserRecord | undefined> {
      const row = await User.findByPk(id, { attributes: [...PUBLIC_ATTRIBUTES] });
      return row ? toUserRecord(row) : undefined;
    },

    /** The current role of a user, or undefined when the account no longer exists. */
    async findRole(id: number): Promise<UserRole | undefined> {
      // Written out: every authenticated request asks, and findByPk costs more CPU than the query.
      const row = await db.sequelize.query<{ role: UserRole }>(
        'SELECT role FROM users WHERE id = ?',
        { type: QueryTypes.SELECT, plain: true, replacements: [id] },
      );
      return row?.role;
    },

    /** Up to `limit` users with ids above `afterId`, in id order (keyset pagination). */
    async listAfter(afterId: number, limit: number): Promise<UserRecord[]> {
      const rows = await User.findAll({
        attributes: [...PUBLIC_ATTRIBUTES],
        where: { id: { [Op.gt]: afterId } },
        order: [['id', 'ASC']],
        limit,
      });
      return rows.map(toUserRecord);
    },

    /** Replaces a password hash, e.g. with one at today's parameters after a successful login. */
    async replacePasswordHash(id: number, passwordHash: string): Promise<void> {
      await User.update({ passwordHash }, { where: { id } });
    },

    /** Sets the role of the user with a normalised email; the updated user, or undefined if none. */
    async setRoleByEmail(email: string, role: UserRole): Promise<UserRecord | undefined> {
      const row = await User.findOne({ where: { email }, attributes: [...PUBLIC_ATTRIBUTES] });
      if (!row) return undefined;
      await User.update({ role }, { where: { id: row.id } });
      return { ...toUserRecord(row), role };
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
