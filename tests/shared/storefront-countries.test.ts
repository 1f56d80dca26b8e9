import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCountryCode } from '../../shared/domain/country-codes';

// The storefront is plain JavaScript served as it is, so it keeps its own copy of the country codes
// the API accepts: the two must not drift (a country offered at checkout and refused by the API, or
// one the API takes that no one can pick).

function codesIn(file: string): string[] {
  const source = readFileSync(join(__dirname, '..', '..', file), 'utf8');
  const list = /COUNTRY_CODES = (?:new Set\(\s*)?\(\s*([\s\S]*?)\)\.split\(' '\)/.exec(source)?.[1];
  if (!list) throw new Error(`${file} has no COUNTRY_CODES list`);
  return [...list.matchAll(/'([A-Z ]+)'/g)].flatMap((match) =>
    (match[1] ?? '').trim().split(/\s+/),
  );
}

describe("the storefront's countries", () => {
  test('when compared with the API, then it offers exactly the codes the API accepts', () => {
    const storefront = codesIn('web/app/countries.js');

    expect(storefront).toEqual(codesIn('shared/domain/country-codes.ts'));
    expect(storefront).toHaveLength(249);
    expect(storefront.every(isCountryCode)).toBe(true);
  });
});
