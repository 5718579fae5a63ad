// A fake answer checked against the backend's OpenAPI document (scripts/openapi-doc.js, the
// document as the server serves it), as the server's own contract tests check its answers
// (server/testkit/contract): required properties, types, nullable, enums, arrays, $ref and
// allOf — and, strictly, no property the schema does not list. A fixture that drifts from the
// contract fails its test instead of passing against an answer the server never gives.
/* eslint-disable @typescript-eslint/no-explicit-any */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { loadDocument } = require('../scripts/openapi-doc');

let doc: any = null;
function document(): any {
  if (!doc) doc = loadDocument().doc;
  return doc;
}

function resolve(s: any): any {
  let out = s;
  while (out && out.$ref) out = out.$ref.split('/').slice(1).reduce((o: any, k: string) => o[k], document());
  return out;
}

/** An allOf of objects as one object: the properties and required of all its parts (as Strict does). */
function merged(s: any): any {
  const r = resolve(s);
  if (!r.allOf) return r;
  const out: any = { type: 'object', properties: { ...(r.properties || {}) }, required: [...(r.required || [])], nullable: r.nullable };
  for (const part of r.allOf) {
    const m = merged(part);
    Object.assign(out.properties, m.properties || {});
    out.required.push(...(m.required || []));
    if (m.nullable) out.nullable = true;
  }
  return out;
}

function check(schema: any, value: any, at: string, out: string[]): void {
  const s = merged(schema);
  if (value === null) {
    if (!s.nullable) out.push(`${at}: null, not nullable`);
    return;
  }
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  switch (s.type) {
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${at}: ${JSON.stringify(value)} is not an integer`);
      return;
    case 'number':
      if (typeof value !== 'number') out.push(`${at}: ${JSON.stringify(value)} is not a number`);
      return;
    case 'string':
      if (typeof value !== 'string') out.push(`${at}: ${JSON.stringify(value)} is not a string`);
      else if (s.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) out.push(`${at}: ${value} is not a date-time`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: ${JSON.stringify(value)} is not a boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) out.push(`${at}: not an array`);
      else value.forEach((v: any, i: number) => check(s.items, v, `${at}[${i}]`, out));
      return;
    default:
      if (s.type !== 'object' && !s.properties) return;
      if (typeof value !== 'object' || Array.isArray(value)) {
        out.push(`${at}: not an object`);
        return;
      }
      for (const k of s.required || []) if (!(k in value)) out.push(`${at}.${k}: missing`);
      for (const [k, v] of Object.entries(value)) {
        const p = (s.properties || {})[k];
        if (p) check(p, v, `${at}.${k}`, out);
        else if (s.properties && s.additionalProperties === undefined) out.push(`${at}.${k}: not in the schema`);
      }
  }
}

/** What in `value` the named schema (components.schemas) does not allow; [] when it conforms. */
export function schemaProblems(name: string, value: unknown): string[] {
  if (!document().components.schemas[name]) throw new Error(`no schema ${name} in the OpenAPI document`);
  const out: string[] = [];
  check({ $ref: `#/components/schemas/${name}` }, value, name, out);
  return out;
}
