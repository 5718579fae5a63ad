#!/usr/bin/env node
// npm run gen:types: writes src/api/schema.ts, the TypeScript types of the backend's OpenAPI
// document (scripts/openapi-doc.js assembles it as the server does). `--check` writes nothing
// and fails when the committed file differs from a fresh generation (npm run ci runs it);
// `--file=<path>` reads or writes another file instead.
//
// The shape is openapi-typescript's, so pages read `components['schemas']['Message']` and
// `paths['/api/v1/meta']['get']['responses'][200]`; a script of our own because
// openapi-typescript needs TypeScript 5's compiler API, and this project's TypeScript is 7.
//
// Properties: those a schema lists in `required` are required, the others optional. A schema
// that has no `required` list is read as the server writes it: every property present —
// unless it is (or is part of) a request body, where a property left out is optional.
'use strict';

const fs = require('fs');
const path = require('path');
const { loadDocument } = require('./openapi-doc');

const OUT = path.resolve(__dirname, '..', 'src', 'api', 'schema.ts');

const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (ident.test(k) ? k : `'${String(k).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const literal = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v));

/** A description as a one-line doc comment. Example telephone numbers become 〈电话〉: src/
 *  holds no telephone number (test/release.test.ts). */
function comment(text, pad) {
  if (!text) return '';
  const one = String(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\*\//g, '*\\/')
    .replace(/(?<![0-9A-Za-z])(0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d{9})(?![0-9A-Za-z])/g, '〈电话〉');
  return one ? `${pad}/** ${one} */\n` : '';
}

function refType(ref) {
  const m = /^#\/components\/(schemas|responses|parameters)\/(.+)$/.exec(ref);
  if (!m) throw new Error(`gen-types: unsupported $ref ${ref}`);
  return `components['${m[1]}']['${m[2]}']`;
}

/** The schemas a request body reaches (by $ref, through properties, items and compositions). */
function requestSchemas(doc) {
  const seen = new Set();
  const walk = (s) => {
    if (!s || typeof s !== 'object') return;
    if (s.$ref) {
      const name = s.$ref.split('/').pop();
      if (s.$ref.startsWith('#/components/schemas/') && !seen.has(name)) {
        seen.add(name);
        walk(doc.components.schemas[name]);
      }
      return;
    }
    Object.values(s.properties || {}).forEach(walk);
    walk(s.items);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
    [...(s.allOf || []), ...(s.oneOf || []), ...(s.anyOf || [])].forEach(walk);
  };
  for (const item of Object.values(doc.paths || {})) {
    for (const op of Object.values(item)) {
      const content = op && op.requestBody && op.requestBody.content;
      if (content) Object.values(content).forEach((c) => walk(c.schema));
    }
  }
  return seen;
}

/** The TypeScript type of a schema; `input` when it is read from a request body. */
function type(s, pad, input) {
  if (!s || typeof s !== 'object' || !Object.keys(s).length) return 'unknown';
  let t;
  if (s.$ref) t = refType(s.$ref);
  else if (s.enum) t = s.enum.map(literal).join(' | ');
  else if (s.allOf) t = s.allOf.map((x) => type(x, pad, input)).join(' & ');
  else if (s.oneOf || s.anyOf) t = (s.oneOf || s.anyOf).map((x) => type(x, pad, input)).join(' | ');
  else if (s.type === 'array') {
    const inner = type(s.items, pad, input);
    t = /[|&]/.test(inner) && !/^\{/.test(inner) ? `(${inner})[]` : `${inner}[]`;
  } else if (s.type === 'object' || s.properties || s.additionalProperties) t = objectType(s, pad, input);
  else if (s.type === 'integer' || s.type === 'number') t = 'number';
  else if (s.type === 'string') t = 'string';
  else if (s.type === 'boolean') t = 'boolean';
  else t = 'unknown';
  return s.nullable ? `${t} | null` : t;
}

function objectType(s, pad, input) {
  const props = s.properties || {};
  const inner = pad + '  ';
  const lines = [];
  const required = Array.isArray(s.required) ? new Set(s.required) : null;
  for (const [k, v] of Object.entries(props)) {
    const optional = required ? !required.has(k) : input;
    lines.push(`${comment(v && v.description, inner)}${inner}${key(k)}${optional ? '?' : ''}: ${type(v, inner, input)};`);
  }
  if (s.additionalProperties) {
    const v = s.additionalProperties === true ? 'unknown' : type(s.additionalProperties, inner, input);
    lines.push(`${inner}[key: string]: ${v};`);
  }
  if (!lines.length) return 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${pad}}`;
}

/** A response's body: its JSON schema, a string for other content, never without content. */
function responseType(r, pad) {
  if (r.$ref) return refType(r.$ref);
  const content = r.content || {};
  const json = Object.keys(content).find((c) => /json/.test(c));
  if (json) return type(content[json].schema, pad, false);
  return Object.keys(content).length ? 'string' : 'never';
}

function parameters(doc, item, op, pad) {
  const all = [...(item.parameters || []), ...(op.parameters || [])].map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p));
  const groups = {};
  for (const p of all) {
    if (!p || (p.in !== 'path' && p.in !== 'query')) continue;
    (groups[p.in] = groups[p.in] || []).push(p);
  }
  const inner = pad + '  ';
  const lines = Object.entries(groups).map(([where, ps]) => {
    const fields = ps.map((p) => `${inner}  ${key(p.name)}${p.required || where === 'path' ? '' : '?'}: ${type(p.schema, inner + '  ', true)};`);
    return `${inner}${where}: {\n${fields.join('\n')}\n${inner}};`;
  });
  return lines.length ? `{\n${lines.join('\n')}\n${pad}}` : 'Record<string, never>';
}

function generate(doc, files) {
  const input = requestSchemas(doc);
  const out = [];
  out.push('// The backend\'s API as TypeScript types, generated from its OpenAPI document');
  out.push(`// (${files.join(', ')}, merged as the server merges them).`);
  out.push('// Do not edit: change the document and run `npm run gen:types`; `npm run ci` fails when this');
  out.push('// file differs from a fresh generation. src/api/types.ts names the schemas the pages use.');
  out.push('');
  out.push('export interface paths {');
  for (const [p, item] of Object.entries(doc.paths || {})) {
    out.push(`  ${key(p)}: {`);
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      out.push(comment(op.summary, '    ').replace(/\n$/, '') || null);
      out.push(`    ${method}: {`);
      out.push(`      parameters: ${parameters(doc, item, op, '      ')};`);
      const rb = op.requestBody && op.requestBody.content;
      const json = rb && Object.keys(rb).find((c) => /json/.test(c));
      out.push(`      requestBody: ${json ? type(rb[json].schema, '      ', true) : rb ? 'unknown' : 'never'};`);
      out.push('      responses: {');
      for (const [status, r] of Object.entries(op.responses || {})) {
        out.push(`        ${/^\d+$/.test(status) ? status : key(status)}: ${responseType(r, '        ')};`);
      }
      out.push('      };');
      out.push('    };');
    }
    out.push('  };');
  }
  out.push('}');
  out.push('');
  out.push('export interface components {');
  const c = doc.components || {};
  out.push('  schemas: {');
  for (const [name, s] of Object.entries(c.schemas || {})) {
    out.push(`${comment(s.description, '    ')}    ${key(name)}: ${type(s, '    ', input.has(name))};`);
  }
  out.push('  };');
  out.push('  responses: {');
  for (const [name, r] of Object.entries(c.responses || {})) out.push(`    ${key(name)}: ${responseType(r, '    ')};`);
  out.push('  };');
  out.push('}');
  out.push('');
  return out.filter((l) => l !== null).join('\n');
}

/** The text of src/api/schema.ts for the document as it is now. */
function fresh() {
  const { doc, files } = loadDocument();
  return generate(doc, files);
}

if (require.main === module) {
  const text = fresh();
  const given = process.argv.find((a) => a.startsWith('--file='));
  const file = given ? path.resolve(given.slice('--file='.length)) : OUT;
  const rel = path.relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      console.error(`gen-types: ${rel} is not what the OpenAPI document gives; run \`npm run gen:types\` and commit it.`);
      process.exit(1);
    }
    console.log(`gen-types: ${rel} matches the OpenAPI document`);
  } else {
    fs.writeFileSync(file, text);
    console.log(`gen-types: wrote ${rel}`);
  }
}

module.exports = { fresh, generate, OUT };
