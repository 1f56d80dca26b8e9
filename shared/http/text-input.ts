import { z } from 'zod';

// C0 controls (but tab, line feed and carriage return, checked per kind below), DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;
// Line and paragraph separators: some readers break a line there and others do not.
const UNICODE_SEPARATORS = /[\u2028\u2029]/;
// Without the u flag a regular expression sees UTF-16 code units, so this finds half pairs.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Format characters (Unicode Cf): bidi overrides, isolates and marks, zero-width spaces, soft
// hyphens, byte order marks, invisible operators. They change how text reads without being seen.
const FORMAT_CHARACTER = /\p{Cf}/u;
// The uses of format characters a script needs, removed before looking for the others: ZWJ and
// ZWNJ between the letters (or their marks) of one word, as Devanagari conjuncts and Persian words
// need them; ZWJ inside an emoji sequence (👩‍💻); the tag characters of a subdivision flag (🏴 …).
const JOINER_INSIDE_WORD = /(?<=[\p{L}\p{M}])[\u200c\u200d](?=[\p{L}\p{M}])/gu;
const JOINER_INSIDE_EMOJI =
  /(?<=\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]?)\u200d(?=\p{Extended_Pictographic})/gu;
const FLAG_TAGS = /(?<=\u{1f3f4})[\u{e0020}-\u{e007e}]+\u{e007f}/gu;
// What a reader sees: a letter, digit, punctuation or symbol that is not one of the blank letters
// (Hangul fillers) Unicode lists as ignorable.
const VISIBLE_CHARACTER = /(?!\p{Default_Ignorable_Code_Point})[\p{L}\p{N}\p{P}\p{S}]/u;

type TextKind = 'single-line' | 'multi-line';

/** Why a text breaks the rule of every free-text input, or undefined when it keeps it. */
function textProblem(value: string, kind: TextKind): string | undefined {
  if (
    CONTROL_CHARACTERS.test(value) ||
    (kind === 'single-line' && LINE_BREAKS_AND_TABS.test(value))
  )
    return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (no unpaired surrogates)';
  if (UNICODE_SEPARATORS.test(value)) return 'must not contain line or paragraph separators';
  const withoutNeededJoiners = value
    .replace(JOINER_INSIDE_WORD, '')
    .replace(JOINER_INSIDE_EMOJI, '')
    .replace(FLAG_TAGS, '');
  if (FORMAT_CHARACTER.test(withoutNeededJoiners))
    return 'must not contain invisible or direction-changing characters';
  return undefined;
}

/**
 * The one rule for text a person types (titles, names, addresses, categories, descriptions,
 * searches): no control characters, no unpaired surrogates, no line or paragraph separators, no
 * format characters (bidi overrides, zero-width spaces…) but the joiners a script needs inside a
 * word. Such text ends up on shipping labels and in other people's screens, where an invisible or
 * direction-changing character misleads, and a NUL ends an SQLite statement that inlines it; a
 * lone surrogate cannot be stored (MariaDB turns it into U+FFFD). Multi-line text (a description)
 * may hold tabs and line breaks. Every text input starts from this schema, so all refuse alike,
 * with a 400 naming the field.
 */
export function textInput(kind: TextKind = 'single-line') {
  // Only the type's own issue gets this message: an `error` string would also stand in for the
  // messages of every check chained on later (max length…).
  const notAString = (issue: { code: string }) =>
    issue.code === 'invalid_type' ? 'must be a string' : undefined;
  return z.string({ error: notAString }).superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
  });
}

/** A required text input: trimmed, and holding at least one visible character. */
export function requiredText(kind: TextKind = 'single-line') {
  return textInput(kind)
    .trim()
    .refine((value) => VISIBLE_CHARACTER.test(value), 'must not be empty');
}
