import { z } from 'zod';

// C0 controls (but tab, line feed and carriage return, checked per kind below), DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;
// Without the u flag a regular expression sees UTF-16 code units, so this finds half pairs.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A text field a person types (a title, a search, a name): a string without control characters
 * or unpaired surrogates. A NUL ends an SQLite statement that inlines it, and neither kind belongs
 * in a book or a name; every text input starts from this schema so all reject them alike, with
 * a 400 naming the field. Multi-line text (a description) may hold tabs and line breaks.
 */
export function textInput(kind: 'single-line' | 'multi-line' = 'single-line') {
  return z
    .string({ error: 'must be a string' })
    .refine(
      (value) =>
        !CONTROL_CHARACTERS.test(value) &&
        !LONE_SURROGATE.test(value) &&
        (kind === 'multi-line' || !LINE_BREAKS_AND_TABS.test(value)),
      { message: 'must not contain control characters' },
    );
}
