// Money is integer cents everywhere. Prices typed by people are parsed as strings so "12.50" becomes
// exactly 1250; a float multiply (12.5 * 100, 0.29 * 100 = 28.999…) is never used for what is sent.

const formatters = new Map();

/** Formats integer cents as a currency amount, e.g. 1250 -> "$12.50". */
export function formatMoney(cents, currency = 'USD') {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  // Display only: the division never feeds back into anything sent to the server.
  return formatter.format(cents / 100);
}

const PRICE_PATTERN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Parses a price typed by a person ("12.50", "12.5", "$12", "0.99") into integer cents.
 * Returns null when the text is not a price with at most two decimals.
 */
export function parsePriceToCents(text) {
  const cleaned = String(text)
    .trim()
    .replace(/^\$\s*/, '');
  const match = PRICE_PATTERN.exec(cleaned);
  if (!match) {
    return null;
  }
  const whole = Number.parseInt(match[1], 10);
  const fraction = Number.parseInt((match[2] ?? '').padEnd(2, '0') || '0', 10);
  return whole * 100 + fraction;
}

/** Writes integer cents back as the text a price input expects, e.g. 1250 -> "12.50". */
export function centsToPriceText(cents) {
  const whole = Math.trunc(cents / 100);
  const fraction = cents % 100;
  return `${whole}.${String(fraction).padStart(2, '0')}`;
}
