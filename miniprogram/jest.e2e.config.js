// End-to-end: the real page code against a real liaison-dev (built and started by the suite
// unless LIAISON_DEV_BIN names a binary, or LIAISON_E2E_STATE names the state file of one
// already running).
const unit = require('./jest.config');

module.exports = {
  ...unit,
  testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
  testPathIgnorePatterns: [],
  testTimeout: 60000,
};
