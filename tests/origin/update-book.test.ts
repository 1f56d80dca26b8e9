import request from 'supertest';
import { createBook } from '../support/factories';
import {
  createCaller,
  createSellerWithBook,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

const patch = (authorization: string, bookId: number | string, body: unknown) =>
  request(harness.app)
    .patch(`/api/v1/books/${bookId}`)
    .set('authorization', authorization)
    .send(body as object);

describe('PATCH /api/v1/books/{id}', () => {
  test('when the seller edits some fields, then only those change', async () => {
    const { seller, book } = await createSellerWithBook(harness, { priceCents: 1000, stock: 2 });

    const response = await patch(seller.authorization, book.id, {
      priceCents: 1500,
      stock: 7,
      isbn: '0-306-40615-2',
    });

    expect(response.status).toBe(200);
    expect(response.body.book).toMatchObject({
      id: book.id,
      title: book.title,
      author: book.author,
      priceCents: 1500,
      stock: 7,
      isbn: '0306406152',
    });
  });

  test('when the seller clears the optional fields with null, then they are empty', async () => {
    const seller = await createCaller(harness);
    const book = await createBook(harness.db, seller.id, {
      isbn: '0306406152',
      category: 'Poetry',
    });

    const response = await patch(seller.authorization, book.id, { isbn: null, category: null });

    expect(response.status).toBe(200);
    expect(response.body.book).toMatchObject({ isbn: null, category: null });
  });

  test("when someone edits another seller's book, then it is a 403 and nothing changes", async () => {
    const { book } = await createSellerWithBook(harness, { priceCents: 1000 });
    const stranger = await createCaller(harness);

    const response = await patch(stranger.authorization, book.id, { priceCents: 1 });

    expect(response.status).toBe(403);
    expect((await harness.db.models.Book.findByPk(book.id))?.priceCents).toBe(1000);
  });

  test('when the edit tries to move the book to another seller, then it is a 400 and nothing changes', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const other = await createCaller(harness);

    const response = await patch(seller.authorization, book.id, {
      sellerId: other.id,
      priceCents: 5,
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'sellerId' })]);
    expect((await harness.db.models.Book.findByPk(book.id))?.sellerId).toBe(seller.id);
  });

  test('when the body is empty or a value is invalid, then it is a 400', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const empty = await patch(seller.authorization, book.id, {});
    const invalid = await patch(seller.authorization, book.id, { stock: -5 });
    const wrongType = await patch(seller.authorization, book.id, { title: 42 });

    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { path: '(body)', message: 'send at least one field to change' },
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ path: 'stock' })]);
    expect(wrongType.status).toBe(400);
  });

  test('when the book does not exist, was deleted, or the id is not an integer, then it is a 404 or 400', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    await harness.db.models.Book.destroy({ where: { id: book.id } });

    const deleted = await patch(seller.authorization, book.id, { stock: 1 });
    const missing = await patch(seller.authorization, 2_000_000_000, { stock: 1 });
    const badId = await patch(seller.authorization, 'twelve', { stock: 1 });

    expect(deleted.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(badId.status).toBe(400);
  });
});
