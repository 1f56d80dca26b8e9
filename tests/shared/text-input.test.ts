import { requiredText, textInput } from '../../shared/http/text-input';

const required = requiredText().max(200);
const messagesOf = (value: unknown, schema: { safeParse(value: unknown): unknown } = required) => {
  const result = schema.safeParse(value) as { error?: { issues: Array<{ message: string }> } };
  return result.error?.issues.map((issue) => issue.message) ?? [];
};

describe('the rule of every free-text input', () => {
  test.each([
    [
      'a right-to-left override',
      '\u202eAna',
      'must not contain invisible or direction-changing characters',
    ],
    ['a bidi isolate', 'Ana\u2067x', 'must not contain invisible or direction-changing characters'],
    [
      'only a zero-width space',
      '\u200b',
      'must not contain invisible or direction-changing characters',
    ],
    [
      'a byte order mark',
      '\ufeffAna',
      'must not contain invisible or direction-changing characters',
    ],
    ['a soft hyphen', 'An\u00ada', 'must not contain invisible or direction-changing characters'],
    [
      'a joiner that ends a word',
      'Ana\u200d',
      'must not contain invisible or direction-changing characters',
    ],
    [
      'a joiner between spaces',
      'a \u200c b',
      'must not contain invisible or direction-changing characters',
    ],
    ['a line separator', 'a\u2028b', 'must not contain line or paragraph separators'],
    ['a paragraph separator', 'a\u2029b', 'must not contain line or paragraph separators'],
    ['a lone high surrogate', '\ud800', 'must be valid Unicode text (no unpaired surrogates)'],
    ['a lone low surrogate', 'a\udc00', 'must be valid Unicode text (no unpaired surrogates)'],
    ['a NUL', 'a\u0000b', 'must not contain control characters'],
    ['a C1 control', 'a\u0085b', 'must not contain control characters'],
    ['a line feed in a single line', 'a\nb', 'must not contain control characters'],
    ['only spaces', '   ', 'must not be empty'],
    ['only a Hangul filler', '\u3164', 'must not be empty'],
    ['nothing', '', 'must not be empty'],
  ])('when a required text has %s, then it is refused with one reason', (_case, value, message) => {
    expect(messagesOf(value)).toEqual([message]);
  });

  test.each([
    ['accents', 'Tomás Ñúñez'],
    ['CJK', '東京都渋谷区'],
    ['Devanagari with a virama and ZWJ', 'क्\u200dष'],
    ['Devanagari with ZWNJ', 'क्\u200cष'],
    ['Persian with ZWNJ', 'می\u200cخواهم'],
    ['Arabic', 'شارع الملك فهد'],
    ['emoji', 'Ana 📚'],
    ['an emoji ZWJ sequence', '👩\u200d💻'],
    ['an emoji with a skin tone in a ZWJ sequence', '🧑🏽\u200d🚀'],
    ['a subdivision flag', '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}'],
  ])('when a text has %s, then it is kept as it is', (_case, value) => {
    expect(required.parse(value)).toBe(value);
  });

  test('when a multi-line text has tabs and line breaks, then they are kept', () => {
    expect(textInput('multi-line').parse('one\n\ttwo\r\n')).toBe('one\n\ttwo\r\n');
  });

  test('when a text is not a string, then it says so', () => {
    expect(messagesOf(42)).toEqual(['must be a string']);
  });
});
