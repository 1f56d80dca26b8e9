import { buildOpenApiDocument } from '../../shared/api/openapi-document';
import { contractViolations, validateAt, type ObservedAnswer } from '../support/api-contract';

interface Media {
  schema: object;
  example?: unknown;
}
interface Operation {
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
const document = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, Media> }> };
};

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every example in the document, with the JSON pointer of the schema it illustrates. */
function examples(): { where: string; schema: string; example: unknown }[] {
  const found: { where: string; schema: string; example: unknown }[] = [];
  const collect = (pointer: string, content: Record<string, Media> | undefined) => {
    for (const [type, media] of Object.entries(content ?? {})) {
      if (media.example === undefined) continue;
      const at = `${pointer}/content/${escape(type)}`;
      found.push({ where: at, schema: `${at}/schema`, example: media.example });
    }
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const at = `/paths/${escape(path)}/${method}`;
      collect(`${at}/requestBody`, operation.requestBody?.content);
      for (const [status, response] of Object.entries(operation.responses)) {
        collect(`${at}/responses/${status}`, response.content);
      }
    }
  }
  for (const [name, response] of Object.entries(document.components.responses)) {
    collect(`/components/responses/${name}`, response.content);
  }
  return found;
}

const book = {
  id: 7,
  sellerId: 3,
  title: 'Pedro Páramo',
  author: 'Juan Rulfo',
  description: '',
  isbn: null,
  condition: 'good',
  category: null,
  priceCents: 1200,
  currency: 'USD',
  stock: 1,
  coverUrl: null,
  thumbnailUrl: null,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
};

function answer(overrides: Partial<ObservedAnswer> & { json?: unknown }): ObservedAnswer {
  const { json, ...rest } = overrides;
  return {
    method: 'POST',
    path: '/api/v1/books',
    status: 201,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(json ?? { book }),
    ...rest,
  };
}

describe('the examples of the OpenAPI document', () => {
  const all = examples();

  test('cover every JSON request body, every success body but the document itself, and problems', () => {
    const withoutExample: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const bodies: [string, Media | undefined][] = [
          ['request', operation.requestBody?.content['application/json']],
          ...Object.entries(operation.responses)
            .filter(([status]) => status.startsWith('2'))
            .map(([status, response]): [string, Media | undefined] => [
              status,
              response.content?.['application/json'],
            ]),
        ];
        for (const [which, media] of bodies) {
          if (media && media.example === undefined)
            withoutExample.push(`${method} ${path} ${which}`);
        }
      }
    }
    expect(withoutExample).toEqual(['get /api/v1/openapi.json 200']);
    expect(all.some((found) => found.where.startsWith('/components/responses/'))).toBe(true);
  });

  test.each(all.map((found) => [found.where, found] as const))(
    'the example at %s matches its own schema',
    (_where, found) => {
      expect(validateAt(found.schema, found.example)).toEqual([]);
    },
  );
});

describe('the contract check of real answers', () => {
  test('when an answer matches its documented status and schema, then it has no violation', () => {
    expect(contractViolations(answer({}))).toEqual([]);
  });

  test('when the path has an id, then the operation is found by its template', () => {
    const found = answer({ method: 'PATCH', path: '/api/v1/books/7', status: 200 });
    expect(contractViolations(found)).toEqual([]);
  });

  test('when a documented field is missing or has the wrong type, then each is reported', () => {
    const withoutCover: Partial<typeof book> = { ...book };
    delete withoutCover.coverUrl;
    const violations = contractViolations(
      answer({ json: { book: { ...withoutCover, priceCents: '12.00' } } }),
    );
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'coverUrl'"),
        expect.stringContaining('/book/priceCents must be integer'),
      ]),
    );
  });

  test('when the body has a field the document does not name, then it is reported', () => {
    const violations = contractViolations(answer({ json: { book: { ...book, secret: 1 } } }));
    expect(violations).toEqual([expect.stringContaining('must NOT have additional properties')]);
  });

  test('when the status is not documented for the operation, then it is reported', () => {
    expect(contractViolations(answer({ status: 200 }))).toEqual([
      'status 200 is not documented for POST /api/v1/books',
    ]);
  });

  test('when a problem answer is not a problem, then it is reported', () => {
    const found = answer({ status: 400, contentType: 'application/json', json: { error: 'x' } });
    expect(contractViolations(found)).toEqual([
      expect.stringContaining(
        '400 answered application/json, documented: application/problem+json',
      ),
    ]);
    const incomplete = answer({
      status: 400,
      contentType: 'application/problem+json',
      json: { title: 'Conflict' },
    });
    expect(contractViolations(incomplete)).toEqual(
      expect.arrayContaining([expect.stringContaining("required property 'type'")]),
    );
  });

  test('when a bodiless status has a body, then it is reported', () => {
    const found = answer({ method: 'DELETE', path: '/api/v1/books/7', status: 204 });
    expect(contractViolations(found)).toEqual(['204 is documented without a body']);
  });

  test('when an undocumented path or method answers a problem, then that is all it may do', () => {
    const problem = {
      type: 'https://bookstore.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No route.',
    };
    const unknown = {
      path: '/api/v1/nope',
      contentType: 'application/problem+json',
      json: problem,
    };
    expect(contractViolations(answer({ ...unknown, status: 404 }))).toEqual([]);
    expect(contractViolations(answer({ ...unknown, status: 200 }))).toEqual([
      '200 application/problem+json to an undocumented operation',
    ]);
    expect(
      contractViolations(answer({ method: 'PUT', path: '/api/v1/books', status: 201 })),
    ).toEqual(['201 application/json to an undocumented operation']);
  });

  test('HEAD answers and the storefront files are outside the contract', () => {
    expect(contractViolations(answer({ method: 'HEAD', status: 418, body: '' }))).toEqual([]);
    expect(
      contractViolations(
        answer({ method: 'GET', path: '/covers/abc.webp', status: 200, body: '' }),
      ),
    ).toEqual([]);
  });
});
