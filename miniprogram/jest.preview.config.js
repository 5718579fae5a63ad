// npm run preview: renders the main pages (with sample data) to HTML and then to PNG in
// headless Chromium, at 375 px, normal and large type. Output in .preview/ (git-ignored).
const unit = require('./jest.config');

module.exports = {
  ...unit,
  testMatch: ['**/test/preview/**/*.preview.ts'],
  testPathIgnorePatterns: [],
  testTimeout: 180000,
};
