import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { buildOpenApiDocument } from '../../shared/api/openapi-document';

// The contract check of the component tests: every answer a test receives from the real apps is
// held against the OpenAPI document the catalog serves. One helper, wired into the Lambda test
// harness (invokeHandler) and into supertest (setup-after-env.ts), so no test has to ask for it.

/** An HTTP answer as a test received it. */
export interface ObservedAnswer {
  method: string;
  /** The request's path (a query string, if any, is ignored). */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The raw body text ('' for none). */
  body: string;
}

interface MediaType {
  schema: object;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, ResponseObject> };
}

const DOCUMENT_ID = 'https://bookstore.dev/openapi.json';
// Answers that carry no body of their own by definition, checked by their own tests instead: a HEAD
// repeats its GET's headers, an OPTIONS is the CORS preflight (neither is an OpenAPI operation).
const UNCHECKED_METHODS = new Set(['HEAD', 'OPTIONS']);
// What the origin serves besides the API: the storefront's files and the cover images.
const API_PATH = /^\/(api\/|\.well-known\/|healthz$|readyz$)/;

let loaded: { document: OpenApiDocument; ajv: Ajv2020 } | undefined;

function contract(): { document: OpenApiDocument; ajv: Ajv2020 } {
  if (!loaded) {
    const document = buildOpenApiDocument() as unknown as OpenApiDocument;
    // strict: false because the document is more than a schema (openapi, paths, …); formats are
    // not asserted (draft 2020-12 makes them annotations), the schemas' patterns are.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    loaded = { document, ajv };
  }
  return loaded;
}

const validators = new Map<string, ValidateFunction>();

/** The validator of the schema at a JSON pointer into the document (its $refs resolve there). */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = contract().ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.]/g, '\\.').replace(/\{[^/}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

/** The document's path template of a concrete path: an exact path wins over a template. */
function templateOf(paths: OpenApiDocument['paths'], path: string): string | undefined {
  if (paths[path]) return path;
  return Object.keys(paths).find((template) => templateMatches(template, path));
}

function schemaErrors(pointer: string, body: unknown): string[] {
  const validate = validatorAt(pointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`,
  );
}

function parsed(answer: ObservedAnswer): { body: unknown } | { error: string } {
  try {
    return { body: JSON.parse(answer.body) };
  } catch {
    return { error: `the body is not JSON: ${answer.body.slice(0, 80)}` };
  }
}

/** A problem answer to something the document does not describe: it must still be a problem. */
function problemViolations(answer: ObservedAnswer, mediaType: string): string[] {
  if (answer.status < 400 || mediaType !== 'application/problem+json') {
    return [`${answer.status} ${mediaType || '(no content type)'} to an undocumented operation`];
  }
  const body = parsed(answer);
  if ('error' in body) return [body.error];
  return schemaErrors('/components/schemas/Problem', body.body);
}

/**
 * What is wrong with an answer by the OpenAPI document (empty when it conforms): its operation is
 * found by method and path template, its status must be documented for that operation, and its body
 * must match the documented schema of that status and content type. An answer to a method or path
 * the document does not describe must be a 4xx problem. HEAD, OPTIONS and the storefront's own
 * files are outside the contract.
 */
export function contractViolations(answer: ObservedAnswer): string[] {
  const method = answer.method.toUpperCase();
  if (UNCHECKED_METHODS.has(method) || !API_PATH.test(answer.path)) return [];
  const { document } = contract();
  const mediaType = (answer.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const template = templateOf(document.paths, answer.path);
  const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
  if (!template || !operation) return problemViolations(answer, mediaType);

  const where = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses`;
  let response = operation.responses[String(answer.status)];
  if (!response) return [`status ${answer.status} is not documented for ${method} ${template}`];
  let responsePointer = `${where}/${answer.status}`;
  if (response.$ref) {
    const name = response.$ref.split('/').pop() ?? '';
    response = document.components.responses[name] ?? {};
    responsePointer = `/components/responses/${name}`;
  }
  if (!response.content) {
    return answer.body === '' ? [] : [`${answer.status} is documented without a body`];
  }
  if (!response.content[mediaType]) {
    const documented = Object.keys(response.content).join(', ');
    return [
      `${answer.status} answered ${mediaType || 'no content type'}, documented: ${documented}`,
    ];
  }
  const body = parsed(answer);
  if ('error' in body) return [body.error];
  return schemaErrors(`${responsePointer}/content/${escapePointer(mediaType)}/schema`, body.body);
}

/** Throws, naming every violation, when an answer does not conform to the document. */
export function assertConformsToContract(answer: ObservedAnswer): void {
  const violations = contractViolations(answer);
  if (violations.length === 0) return;
  throw new Error(
    `${answer.method} ${answer.path} → ${answer.status} does not match the OpenAPI document:\n  ` +
      violations.join('\n  '),
  );
}

/** The schema of a request body or response at a JSON pointer into the document, for examples. */
export function validateAt(pointer: string, value: unknown): string[] {
  return schemaErrors(pointer, value);
}
