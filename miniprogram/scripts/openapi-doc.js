// The backend's OpenAPI document as the server serves it: server/api/openapi.yaml with the
// capabilities' fragments (server/api/openapi/*.yaml, in name order) merged in — their paths,
// components (schemas, parameters, responses) and tags — as server/api/openapi.go merges
// them. A path or component defined twice is an error there and here.
'use strict';

const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

const repo = path.resolve(__dirname, '..', '..');

function mergeSection(into, from, section, origin) {
  const src = (from || {})[section];
  if (!src || !Object.keys(src).length) return;
  into[section] = into[section] || {};
  for (const [k, v] of Object.entries(src)) {
    if (k in into[section]) throw new Error(`openapi: ${origin}: ${section} "${k}" is defined twice`);
    into[section][k] = v;
  }
}

/** The merged document, and the files it was read from (relative to the repository). */
function loadDocument(root = repo) {
  const api = path.join(root, 'server', 'api');
  const main = yaml.load(fs.readFileSync(path.join(api, 'openapi.yaml'), 'utf8'));
  const files = ['server/api/openapi.yaml'];
  const dir = path.join(api, 'openapi');
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
  for (const name of names) {
    const frag = yaml.load(fs.readFileSync(path.join(dir, name), 'utf8')) || {};
    mergeSection(main, frag, 'paths', name);
    main.components = main.components || {};
    for (const section of ['schemas', 'parameters', 'responses']) mergeSection(main.components, frag.components, section, `${name} components`);
    if (Array.isArray(frag.tags)) main.tags = (main.tags || []).concat(frag.tags);
    files.push(`server/api/openapi/${name}`);
  }
  return { doc: main, files };
}

module.exports = { loadDocument, repo };
