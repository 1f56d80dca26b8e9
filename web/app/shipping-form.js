// The checkout's shipping address (with the browser's autocomplete tokens, so saved addresses fill
// in) and the delivery providers that serve the chosen country, with their cost.
import { apiRequest } from './api-client.js';
import { coverageLabel } from './display-format.js';
import { el, replaceContent } from './element-builder.js';
import { radioGroup, selectField, textField } from './form-fields.js';
import { formatMoney } from './money.js';
import { loadingNotice } from './page-heading.js';
import { showLoadError } from './page-notices.js';

// The countries offered first; the API accepts any ISO 3166-1 alpha-2 code.
const COUNTRY_CODES = [
  'CO',
  'AR',
  'BR',
  'CA',
  'CL',
  'DE',
  'EC',
  'ES',
  'FR',
  'GB',
  'MX',
  'PE',
  'US',
];

function countryOptions() {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  return [
    { value: '', label: 'Choose a country' },
    ...COUNTRY_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })),
  ];
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
    selectField({
      name: 'shippingAddress.country',
      label: 'Country',
      options: countryOptions(),
      required: true,
      autocomplete: 'shipping country',
    }),
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
    country: value('country'),
  };
}

/**
 * The delivery choice: reloads the providers that serve the selected country whenever it changes
 * and reports the chosen provider (or null) through `onChoice`.
 */
export function deliveryChoice(form, onChoice) {
  const body = el('p', { class: 'muted' }, 'Choose the country first to see who delivers there.');
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
  const load = async (country) => {
    onChoice(null);
    if (!country) {
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
  form.addEventListener('change', (event) => {
    if (event.target.name === 'shippingAddress.country') {
      void load(event.target.value);
    }
    if (event.target.name === 'deliveryProviderId') {
      onChoice(chosen());
    }
  });
  return section;
}
