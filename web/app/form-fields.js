// Labelled form controls and the mapping of API problems onto them: each error in a problem's
// `errors` array is shown next to the control whose name (or data-api-path) equals its `path`;
// whatever matches no control goes to the form's alert region.
import { ApiError, describeError } from './api-client.js';
import { el, replaceContent } from './element-builder.js';

let idCounter = 0;

function nextId(name) {
  idCounter += 1;
  return `f${idCounter}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

function errorSlot(id, name) {
  return el('p', {
    class: 'field-error',
    id,
    hidden: true,
    'data-testid': 'field-error',
    dataset: { field: name },
  });
}

function labelText(label, required) {
  return required ? label : [label, el('span', { class: 'optional' }, ' (optional)')];
}

/**
 * A labelled text input or textarea. Options: name, label, type, value, hint, required,
 * autocomplete, inputmode, maxlength, apiPath (the API field it maps to when it differs from name),
 * min, max, step, multiline, rows, size ('short' for narrow inputs), markOptional (default true:
 * label optional fields "(optional)"; search filters turn it off because every filter is optional).
 */
export function textField(options) {
  const {
    name,
    label,
    type = 'text',
    value = '',
    hint,
    required = false,
    multiline = false,
  } = options;
  const id = nextId(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    required,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    autocomplete: options.autocomplete,
    inputmode: options.inputmode,
    maxlength: options.maxlength,
    dataset: options.apiPath ? { apiPath: options.apiPath } : undefined,
    class: options.size === 'short' ? 'input input-short' : 'input',
  };
  const control = multiline
    ? el('textarea', { ...common, rows: options.rows ?? 5 })
    : el('input', { ...common, type, min: options.min, max: options.max, step: options.step });
  control.value = value;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, labelText(label, required || options.markOptional === false)),
    hint ? el('p', { class: 'field-hint', id: hintId }, hint) : null,
    control,
    errorSlot(errorId, name),
  );
}

/** A labelled <select>. options: [{ value, label }]; markOptional as for textField. */
export function selectField({
  name,
  label,
  options,
  value = '',
  hint,
  required = false,
  apiPath,
  autocomplete,
  markOptional = true,
}) {
  const id = nextId(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const select = el(
    'select',
    {
      id,
      name,
      required,
      autocomplete,
      class: 'input',
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
      dataset: apiPath ? { apiPath } : undefined,
    },
    options.map((option) =>
      el('option', { value: option.value, selected: option.value === value }, option.label),
    ),
  );
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, labelText(label, required || !markOptional)),
    hint ? el('p', { class: 'field-hint', id: hintId }, hint) : null,
    select,
    errorSlot(errorId, name),
  );
}

/** A checkbox with its label beside it. */
export function checkboxField({ name, label, checked = false, apiPath }) {
  const id = nextId(name);
  const errorId = `${id}-error`;
  return el(
    'div',
    { class: 'field field-checkbox' },
    el('input', {
      type: 'checkbox',
      id,
      name,
      checked,
      'aria-describedby': errorId,
      dataset: apiPath ? { apiPath } : undefined,
    }),
    el('label', { for: id }, label),
    errorSlot(errorId, name),
  );
}

/**
 * A group of radio buttons in a fieldset with a legend. options: [{ value, label, description,
 * testid }]; each option's label holds its description so the whole row is clickable.
 */
export function radioGroup({ name, legend, options, value = '', required = false }) {
  const errorId = nextId(`${name}-error`);
  return el(
    'fieldset',
    { class: 'field field-group radio-group' },
    el('legend', {}, legend),
    errorSlot(errorId, name),
    options.map((option) => {
      const id = nextId(`${name}-${option.value}`);
      return el(
        'div',
        { class: 'radio-option', 'data-testid': option.testid },
        el('input', {
          type: 'radio',
          id,
          name,
          value: option.value,
          checked: option.value === value,
          required,
          'aria-describedby': errorId,
        }),
        el(
          'label',
          { for: id },
          el('span', { class: 'radio-title' }, option.label),
          option.description
            ? el('span', { class: 'radio-description' }, option.description)
            : null,
        ),
      );
    }),
  );
}

/** An empty alert region for a form's general errors; place it at the top of the form. */
export function formAlert() {
  return el('div', {
    class: 'alert alert-error',
    role: 'alert',
    hidden: true,
    'data-testid': 'form-alert',
  });
}

function controlsOf(form) {
  return Array.from(form.elements).filter((control) => control.name);
}

function matches(control, path) {
  return control.dataset.apiPath === path || control.name === path;
}

// "items.0.bookId" has no control of its own: fall back to the closest control under "items.0".
function findControl(form, path) {
  const controls = controlsOf(form);
  const exact = controls.find((control) => matches(control, path));
  if (exact) {
    return exact;
  }
  const parts = path.split('.');
  for (let length = parts.length - 1; length > 0; length -= 1) {
    const prefix = parts.slice(0, length).join('.');
    const near = controls.find(
      (control) => matches(control, prefix) || control.name.startsWith(`${prefix}.`),
    );
    if (near) {
      return near;
    }
  }
  return null;
}

/** Shows a message under the control for `path`; returns the control, or null if there is none. */
export function setFieldError(form, path, message) {
  const control = path ? findControl(form, path) : null;
  if (!control) {
    return null;
  }
  const slot = control.closest('.field')?.querySelector('.field-error');
  if (slot) {
    slot.textContent = slot.hidden ? message : `${slot.textContent} ${message}`;
    slot.hidden = false;
  }
  for (const sameName of controlsOf(form).filter((other) => other.name === control.name)) {
    sameName.setAttribute('aria-invalid', 'true');
  }
  return control;
}

/** Removes every field message and the form alert. */
export function clearFormErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  const alert = form.querySelector('[data-testid="form-alert"]');
  if (alert) {
    alert.replaceChildren();
    alert.hidden = true;
  }
}

/**
 * Shows a failure on a form: field messages next to their controls, and the summary plus any
 * message that fits no control in the form alert. `failure` is an ApiError or
 * { summary, errors: [{ path, message }] } from client-side checks. Focuses the first bad control.
 */
export function showFormErrors(form, failure) {
  clearFormErrors(form);
  const summary = failure instanceof ApiError ? describeError(failure) : failure.summary;
  const unmatched = [];
  let firstControl = null;
  for (const { path, message } of failure.errors ?? []) {
    const control = setFieldError(form, path, message);
    if (control) {
      firstControl ??= control;
    } else {
      unmatched.push(message);
    }
  }
  const alert = form.querySelector('[data-testid="form-alert"]');
  if (alert) {
    replaceContent(
      alert,
      el('p', {}, summary),
      unmatched.length
        ? el(
            'ul',
            {},
            unmatched.map((message) => el('li', {}, message)),
          )
        : null,
    );
    alert.hidden = false;
  }
  if (firstControl) {
    firstControl.focus();
  }
}

/** Client-side check for empty required controls; returns errors in the API's { path, message } form. */
export function missingRequiredFields(form) {
  const errors = [];
  for (const control of controlsOf(form)) {
    if (!control.required || control.type === 'radio' || control.type === 'checkbox') {
      continue;
    }
    if (control.value.trim() === '') {
      const label = form.querySelector(`label[for="${control.id}"]`)?.firstChild?.textContent ?? '';
      errors.push({ path: control.name, message: `${label || 'This field'} is required.` });
    }
  }
  for (const group of form.querySelectorAll('fieldset.radio-group')) {
    const radios = Array.from(group.querySelectorAll('input[type="radio"]'));
    if (radios.some((radio) => radio.required) && !radios.some((radio) => radio.checked)) {
      errors.push({
        path: radios[0].name,
        message: `Select a ${group.querySelector('legend').textContent.toLowerCase()}.`,
      });
    }
  }
  return errors;
}

/** Disables a form's submit button while a request runs, so a double click sends one request. */
export function setFormBusy(form, busy) {
  form.setAttribute('aria-busy', busy ? 'true' : 'false');
  for (const button of form.querySelectorAll('button[type="submit"]')) {
    button.disabled = busy;
  }
}
