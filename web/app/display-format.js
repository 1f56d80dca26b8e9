// Words and dates shown for API values (enums stay machine values in the data, words on screen).
import { countryName } from './countries.js';

/** Book conditions as the API names them, with their display labels, best first. */
export const CONDITIONS = [
  { value: 'new', label: 'New' },
  { value: 'like_new', label: 'Like new' },
  { value: 'good', label: 'Good' },
  { value: 'fair', label: 'Fair' },
  { value: 'poor', label: 'Poor' },
];

const ORDER_STATUS_LABELS = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  delivery_assigned: 'Delivery assigned',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** The order statuses, in the order an order goes through them, for filters. */
export const ORDER_STATUSES = Object.keys(ORDER_STATUS_LABELS);

/** Payment methods accepted by POST /orders/{id}/payment. */
export const PAYMENT_METHODS = [
  { value: 'credit_card', label: 'Credit card' },
  { value: 'paypal', label: 'PayPal' },
  { value: 'bank_transfer', label: 'Bank transfer' },
];

/** The display label of a book condition. */
export function conditionLabel(value) {
  return CONDITIONS.find((condition) => condition.value === value)?.label ?? value;
}

/** The display label of an order status. */
export function orderStatusLabel(status) {
  return ORDER_STATUS_LABELS[status] ?? status;
}

/** The display label of a payment method. */
export function paymentMethodLabel(method) {
  return PAYMENT_METHODS.find((option) => option.value === method)?.label ?? method;
}

/** The display label of a payment's status ("captured" -> "Payment captured"). */
export function paymentStatusLabel(status) {
  return `Payment ${String(status).replace(/_/g, ' ')}`;
}

/** The display label of a delivery provider's coverage. */
export function coverageLabel(coverage) {
  return coverage === 'international'
    ? 'International'
    : coverage === 'national'
      ? 'National'
      : coverage;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** "Mar 4, 2025" from an ISO timestamp (the raw text if it does not parse). */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : dateFormat.format(date);
}

/** "Mar 4, 2025, 3:12 PM" from an ISO timestamp. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : dateTimeFormat.format(date);
}

/** A shipping address as the lines written on a parcel, the country in words. */
export function addressLines(address) {
  return [
    address.name,
    address.line1,
    address.line2,
    [address.city, address.region, address.postalCode].filter(Boolean).join(', '),
    countryName(address.country),
  ].filter(Boolean);
}
