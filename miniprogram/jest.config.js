// Unit and page tests: pages rendered with miniprogram-simulate, wx.* mocked at the edge.
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/e2e/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleDirectories: ['node_modules', 'miniprogram_npm'],
  transform: { '\\.[jt]s$': 'babel-jest' },
  transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram)'],
  setupFiles: ['<rootDir>/test/setup.js'],
  testTimeout: 20000,
};
