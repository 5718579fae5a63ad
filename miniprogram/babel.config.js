// jest loads the mini program's TypeScript and TDesign's ES modules through Babel;
// WeChat DevTools compiles the same sources with its own TypeScript plugin.
module.exports = {
  presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: false }]],
  plugins: ['@babel/plugin-transform-modules-commonjs'],
};
