// The cover picker of the book form: a file input with a preview of the chosen picture. The browser
// checks the type, the size and that the file really decodes as a picture before anything is sent;
// the server checks the bytes again and has the last word.
import { el, replaceContent } from './element-builder.js';

const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 5 * 1024 * 1024;
const NOT_A_PICTURE =
  'This file is not a JPEG, PNG or WebP picture. Choose a photo or scan of the cover.';

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(reader.result));
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

// Resolves with an error message, or null when the file is a picture we can send.
async function checkFile(file, preview) {
  if (!ACCEPTED_TYPES.includes(file.type)) {
    return NOT_A_PICTURE;
  }
  if (file.size > MAX_BYTES) {
    return 'This picture is larger than 5 MB. Choose a smaller one.';
  }
  // A renamed text file has the right extension and type: only decoding it tells. A data: URL,
  // since the content security policy allows images from 'self' and data: only (not blob:).
  const image = el('img', { alt: 'Preview of the new cover', 'data-testid': 'cover-preview' });
  try {
    image.src = await readAsDataUrl(file);
    await image.decode();
  } catch {
    return NOT_A_PICTURE;
  }
  replaceContent(preview, image);
  return null;
}

/**
 * The cover field. `field.check()` resolves with the chosen file's problem (or null), and
 * `field.chosenFile()` is the file to upload after the book is saved (null when none was chosen).
 */
export function coverField(book) {
  const input = el('input', {
    id: 'book-cover',
    name: 'cover',
    type: 'file',
    class: 'input',
    accept: ACCEPTED_TYPES.join(','),
    'aria-describedby': 'book-cover-hint book-cover-error',
    'data-testid': 'cover-input',
  });
  const preview = el('div', { class: 'cover-preview' });
  const current = book.thumbnailUrl
    ? el('img', {
        src: book.thumbnailUrl,
        alt: `Current cover of ${book.title}`,
        width: 200,
        height: 300,
      })
    : el('p', { class: 'muted small' }, 'No cover yet: the catalog shows a drawn tile.');
  replaceContent(preview, current);
  const error = el('p', {
    class: 'field-error',
    id: 'book-cover-error',
    hidden: true,
    'data-testid': 'field-error',
    dataset: { field: 'cover' },
  });
  let pending = Promise.resolve(null);

  input.addEventListener('change', () => {
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    const file = input.files?.[0];
    if (!file) {
      replaceContent(preview, current);
      pending = Promise.resolve(null);
      return;
    }
    pending = checkFile(file, preview).then((problem) => {
      if (problem) {
        replaceContent(preview, current);
        error.textContent = problem;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
      }
      return problem;
    });
  });

  const field = el(
    'div',
    { class: 'field cover-field' },
    el(
      'label',
      { for: 'book-cover' },
      'Cover picture',
      el('span', { class: 'optional' }, ' (optional)'),
    ),
    el(
      'p',
      { class: 'field-hint', id: 'book-cover-hint' },
      'A JPEG, PNG or WebP photo of the cover, up to 5 MB.',
    ),
    input,
    error,
    preview,
  );
  field.check = () => pending;
  field.chosenFile = () => input.files?.[0] ?? null;
  return field;
}
