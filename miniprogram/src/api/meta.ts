// What the backend tells the client about itself: categories, subscribe templates, the
// operating unit and its contacts, and the rules it runs with (kept by api/rules.ts).
import { request } from '../services/request';
import { learnRules } from './rules';
import { Meta } from './types';

let cached: Promise<Meta> | null = null;

export function getMeta(): Promise<Meta> {
  if (!cached) {
    cached = request<Meta>({ path: '/api/v1/meta', auth: false }).then((m) => {
      learnRules(m);
      return m;
    });
    cached.catch(() => {
      cached = null; // a failure is not kept: the next caller asks again
    });
  }
  return cached;
}

/** For tests and after a long pause: the next caller asks again, and the rules are forgotten. */
export function forgetMeta(): void {
  cached = null;
  learnRules(null);
}
