// The one place that says where the backend is.
//
// Development: liaison-dev on this computer (`go run ./server/cmd/liaison-dev` from the
// repository root listens on :8080). A release build points this at the https domain
// registered as the mini program's request and upload domain.
export const config = {
  /** Origin of the liaison backend, without a trailing slash. */
  baseUrl: 'http://127.0.0.1:8080',
  /** How long one request may take before it counts as a network failure (ms). */
  timeoutMs: 15000,
  /** Extra attempts after a network failure for requests that are safe to repeat. */
  retries: 2,
  /** Pause before the first repeat; doubled for the next (ms). */
  retryDelayMs: 600,
  /**
   * The operating unit and its contact, shown on the privacy page (政务 rules).
   * Placeholders: put the real unit, telephone and mailbox here before a release.
   */
  operator: {
    name: '广西壮族自治区人大常委会代表联络工作机构',
    contact: '0771-0000000',
    email: 'renda-liaison@example.gov.cn',
  },
};
