// The checkout's shipping address (with the browser's autocomplete tokens, so saved addresses fill
// in) and the delivery providers that serve the chosen country, with their cost.
import { apiRequest } from './api-client.js';
import { coverageLabel } from './display-format.js';
import { el, replaceContent } from './element-builder.js';
import { COUNTRIES, countryCodeOf } from './countries.js';
import { radioGroup, textField } from './form-fields.js';
import { formatMoney } from './money.js';
import { loadingNotice } from './page-heading.js';
import { showLoadError } from './page-notices.js';

let countryListCount = 0;

/**
 * The country: a text box that filters every country by name as one types (a datalist), so a long
 * list needs no scrolling; the API gets the code of the name picked.
 */
function countryField() {
  countryListCount += 1;
  const listId = `country-list-${countryListCount}`;
  const field = textField({
    name: 'shippingAddress.country',
    label: 'Country',
    autocomplete: 'shipping country-name',
    hint: 'Type to filter the list, then pick the country.',
    required: true,
  });
  field.querySelector('input').setAttribute('list', listId);
  field.append(
    el(
      'datalist',
      { id: listId, 'data-testid': 'country-options' },
      COUNTRIES.map((country) => el('option', { value: country.name })),
    ),
  );
  return field;
}

/** The address fields, named as the API's paths so its field errors land on them. */
export function shippingAddressFields() {
  const field = (key, label, autocomplete, extra = {}) =>
    textField({ name: `shippingAddress.${key}`, label, autocomplete, ...extra });
  return el(
    'fieldset',
    { class: 'card field-group', 'data-testid': 'shipping-address' },
    el('legend', { class: 'h3' }, 'Shipping address'),
    field('name', 'Full name', 'shipping name', { required: true }),
    field('line1', 'Address', 'shipping address-line1', { required: true }),
    field('line2', 'Apartment, suite, etc.', 'shipping address-line2'),
    field('city', 'City', 'shipping address-level2', { required: true }),
    field('region', 'State or region', 'shipping address-level1'),
    field('postalCode', 'Postal code', 'shipping postal-code', { required: true, size: 'short' }),
    countryField(),
  );
}

/** The address as the API takes it, from the form's fields. */
export function shippingAddressOf(form) {
  const value = (key) => form.elements[`shippingAddress.${key}`].value.trim();
  return {
    name: value('name'),
    line1: value('line1'),
    line2: value('line2') || null,
    city: value('city'),
    region: value('region') || null,
    postalCode: value('postalCode'),
    country: countryCodeOf(value('country')) ?? value('country'),
  };
}

/** A client-side check of the country: one of the list's names (or codes), not just any text. */
export function countryProblems(form) {
  const text = form.elements['shippingAddress.country'].value;
  return text.trim() && !countryCodeOf(text)
    ? [{ path: 'shippingAddress.country', message: 'Pick a country from the list.' }]
    : [];
}

/**
 * The delivery choice: reloads the providers that serve the selected country whenever it changes
 * and reports the chosen provider (or null) through `onChoice`.
 */
export function deliveryChoice(form, onChoice) {
  const hint = 'Choose the country first to see who delivers there.';
  const body = el('p', { class: 'muted' }, hint);
  const section = el(
    'div',
    { class: 'card field-group', 'data-testid': 'delivery-choice' },
    el('h2', { class: 'h3' }, 'Delivery'),
    body,
  );
  let providers = [];
  const chosen = () =>
    providers.find((provider) => String(provider.id) === form.elements.deliveryProviderId?.value) ??
    null;
  let loadedFor = null;
  const load = async (country) => {
    if (country === loadedFor) {
      return;
    }
    loadedFor = country;
    onChoice(null);
    if (!country) {
      replaceContent(body, hint);
      return;
    }
    replaceContent(body, loadingNotice('Loading delivery options…'));
    try {
      ({ items: providers } = await apiRequest(
        'GET',
        `/api/v1/delivery-providers?${new URLSearchParams({ country })}`,
        { auth: false },
      ));
      replaceContent(
        body,
        radioGroup({
          name: 'deliveryProviderId',
          legend: 'Delivery provider',
          required: true,
          options: providers.map((provider) => ({
            value: String(provider.id),
            label: provider.name,
            description: `${coverageLabel(provider.coverage)} · ${formatMoney(provider.costCents, provider.currency)}`,
            testid: 'delivery-option',
          })),
        }),
      );
    } catch (error) {
      showLoadError(body.firstChild, error);
    }
  };
  // On every keystroke: the providers appear as soon as the text names a country.
  form.addEventListener('input', (event) => {
    if (event.target.name === 'shippingAddress.country') {
      void load(countryCodeOf(event.target.value));
    }
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'deliveryProviderId') {
      onChoice(chosen());
    }
  });
  return section;
}
