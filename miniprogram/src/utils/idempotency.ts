// Idempotency keys: one per form, sent with its submission and again with each repeat of
// it, so that the backend stores the message once however often the answer is lost.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new key: the time in base 36 and 16 random characters, 8–64 of [A-Za-z0-9_-] as the
 * backend asks. Math.random is enough: a key only has to differ from the same user's others.
 */
export function newIdempotencyKey(): string {
  let r = '';
  for (let i = 0; i < 16; i++) r += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return `${Date.now().toString(36)}-${r}`;
}
