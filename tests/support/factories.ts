import { randomUUID } from 'node:crypto';
import type { Database } from '../../shared/db/create-database';
import type { BookCondition } from '../../shared/domain/book-conditions';
import type { UserRole } from '../../shared/domain/user-roles';

let sequence = 0;

/** A value no other test row has, so tests never collide on unique columns. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomUUID().slice(0, 8)}`;
}

export interface UserFixture {
  id: number;
  name: string;
  email: string;
  role: UserRole;
}

/**
 * Inserts a user. The default password hash matches no password: tests that log in pass the hash
 * of a known password, computed once per file, rather than paying a real hash per user.
 */
export async function createUser(
  db: Database,
  overrides: { name?: string; email?: string; role?: UserRole; passwordHash?: string } = {},
): Promise<UserFixture> {
  const user = await db.models.User.create({
    name: overrides.name ?? 'Test User',
    email: overrides.email ?? `${unique('user')}@example.test`.toLowerCase(),
    passwordHash: overrides.passwordHash ?? 'scrypt$unusable',
    role: overrides.role ?? 'customer',
  });
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

export interface BookFixture {
  id: number;
  sellerId: number;
  title: string;
  author: string;
  priceCents: number;
  stock: number;
}

/** Inserts a listed book of a seller. */
export async function createBook(
  db: Database,
  sellerId: number,
  overrides: Partial<{
    title: string;
    author: string;
    description: string;
    isbn: string | null;
    condition: BookCondition;
    category: string | null;
    priceCents: number;
    stock: number;
  }> = {},
): Promise<BookFixture> {
  const book = await db.models.Book.create({
    sellerId,
    title: overrides.title ?? unique('Title'),
    author: overrides.author ?? unique('Author'),
    description: overrides.description ?? 'A well-kept copy.',
    isbn: overrides.isbn ?? null,
    condition: overrides.condition ?? 'good',
    category: overrides.category ?? null,
    priceCents: overrides.priceCents ?? 1250,
    stock: overrides.stock ?? 5,
  });
  return {
    id: book.id,
    sellerId: book.sellerId,
    title: book.title,
    author: book.author,
    priceCents: book.priceCents,
    stock: book.stock,
  };
}
