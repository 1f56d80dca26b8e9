import { normaliseIsbn } from '../../shared/api/isbn';

describe('ISBN normalisation', () => {
  test.each([
    ['0-306-40615-2', '0306406152'],
    ['0 8044 2957 x', '080442957X'],
    ['978-0-306-40615-7', '9780306406157'],
    ['9780151446476', '9780151446476'],
  ])('when %s is given, then it is valid and stored as %s', (input, stored) => {
    expect(normaliseIsbn(input)).toBe(stored);
  });

  test.each([
    '0-306-40615-3',
    '978-0-306-40615-8',
    '12345',
    '97803064061570',
    'X306406152',
    'abcdefghij',
  ])('when %s is given, then it is rejected', (input) => {
    expect(normaliseIsbn(input)).toBeUndefined();
  });
});
