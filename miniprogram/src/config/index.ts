// The one place to edit for a release, with the AppID in `project.config.json` (see README,
// “Release”, and docs/deploy.md “Release the mini program”).
//
// baseUrl is where the backend is. Development: liaison-dev on this computer
// (`go run ./server/cmd/liaison-dev` from the repository root listens on 127.0.0.1:8080).
// A release sets it to the https domain registered as the mini program's request, upload and
// download domain (服务器域名), e.g. 'https://liaison.example.gov.cn'.
//
// Nothing about the operating unit is here: its name, phone, mailbox and privacy contact come
// from the backend's configuration (`operator` in configs/config.yaml) through GET /api/v1/meta.
export const config = {
  /** Origin of the liaison backend, without a trailing slash. */
  baseUrl: 'http://127.0.0.1:8080',
  /** How long one request may take before it counts as a network failure (ms). */
  timeoutMs: 15000,
  /** Extra attempts after a network failure for requests that are safe to repeat. */
  retries: 2,
  /** Pause before the first repeat; doubled for the next (ms). */
  retryDelayMs: 600,
};
