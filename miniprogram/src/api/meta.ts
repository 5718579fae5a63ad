// What the backend tells the client about itself: categories, subscribe templates, the
// operating unit and its contacts.
import { request } from '../services/request';
import { Meta } from './types';

let cached: Promise<Meta> | null = null;

export function getMeta(): Promise<Meta> {
  if (!cached) {
    cached = request<Meta>({ path: '/api/v1/meta', auth: false });
    cached.catch(() => {
      cached = null; // a failure is not kept: the next caller asks again
    });
  }
  return cached;
}

/** For tests and after a long pause. */
export function forgetMeta(): void {
  cached = null;
}
