/**
 * Normalises an ISBN typed with hyphens or spaces to its bare digits (an ISBN-10 may end in X) and
 * checks its check digit. Returns undefined when it is not a valid ISBN-10 or ISBN-13.
 */
export function normaliseIsbn(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{9}[\dX]$/.test(compact)) return isbn10Valid(compact) ? compact : undefined;
  if (/^\d{13}$/.test(compact)) return isbn13Valid(compact) ? compact : undefined;
  return undefined;
}

// ISBN-10: the digits weighted 10 down to 1 (X = 10) sum to a multiple of 11.
function isbn10Valid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < 10; index += 1) {
    const char = digits[index] as string;
    sum += (10 - index) * (char === 'X' ? 10 : Number(char));
  }
  return sum % 11 === 0;
}

// ISBN-13: the digits weighted alternately 1 and 3 sum to a multiple of 10.
function isbn13Valid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < 13; index += 1)
    sum += (index % 2 === 0 ? 1 : 3) * Number(digits[index]);
  return sum % 10 === 0;
}
