// Idempotency keys for checkout: one per attempt, reused only when the same checkout (cart, address
// and delivery) is retried after an answer never arrived, so a retry cannot create a second order.

/** A random UUID v4 (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let pending = null;

/** The key for this checkout body: the same key while the same body is being retried. */
export function checkoutKeyFor(body) {
  const signature = JSON.stringify(body);
  if (!pending || pending.signature !== signature) {
    pending = { signature, key: newIdempotencyKey() };
  }
  return pending.key;
}

/** Forgets the current key once the server has answered (success or a definite refusal). */
export function settleCheckoutKey() {
  pending = null;
}
