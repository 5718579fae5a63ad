// src/api/schema.ts is generated from the backend's OpenAPI document (scripts/gen-types.js):
// the committed file is what a fresh generation gives, and `npm run ci`'s check fails when
// it is not.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const gen = require('../scripts/gen-types');
const script = path.resolve(__dirname, '..', 'scripts', 'gen-types.js');

function check(file: string): { ok: boolean; said: string } {
  try {
    const out = execFileSync(process.execPath, [script, '--check', `--file=${file}`], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, said: out };
  } catch (e) {
    const err = e as { stderr?: string };
    return { ok: false, said: String(err.stderr || '') };
  }
}

test('the committed schema.ts is a fresh generation of the OpenAPI document', () => {
  const committed = fs.readFileSync(gen.OUT, 'utf8');
  expect(committed === gen.fresh()).toBe(true);
  expect(committed).toContain("'/api/v1/meta': {");
  expect(committed).toMatch(/actions: \('accept' \| 'assign' \| 'transfer' \| 'reply' \| 'promise' \| 'reject' \| 'close' \| 'hand_over'\)\[\];/);
});

test('the check fails on a schema.ts that differs from the document, and passes on a fresh one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
  const file = path.join(dir, 'schema.ts');
  fs.writeFileSync(file, gen.fresh());
  expect(check(file).ok).toBe(true);
  fs.writeFileSync(file, gen.fresh().replace('opens_before_minutes: number;', 'opens_before_minutes: string;'));
  const stale = check(file);
  expect(stale.ok).toBe(false);
  expect(stale.said).toContain('npm run gen:types');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('required, optional, nullable and enums as the document says them', () => {
  const doc = {
    paths: {
      '/x/{id}': {
        post: {
          parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' } }, { name: 'q', in: 'query', schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Out' } } } }, '204': { description: 'none' } },
        },
      },
    },
    components: {
      schemas: {
        In: { type: 'object', properties: { a: { type: 'string' } } },
        Out: {
          type: 'object',
          required: ['n'],
          properties: { n: { type: 'integer', nullable: true }, s: { type: 'string', enum: ['x', 'y'] }, l: { type: 'array', items: { $ref: '#/components/schemas/In' } } },
        },
        Answer: { type: 'object', properties: { all: { type: 'boolean' } } },
      },
    },
  };
  const ts: string = gen.generate(doc, ['test.yaml']);
  expect(ts).toContain('a?: string;'); // a request body's property without `required` is optional
  expect(ts).toContain('all: boolean;'); // an answer's property without a `required` list is present
  expect(ts).toContain('n: number | null;');
  expect(ts).toContain("s?: 'x' | 'y';");
  expect(ts).toContain("l?: components['schemas']['In'][];");
  expect(ts).toContain('id: number;');
  expect(ts).toContain('q?: string;');
  expect(ts).toContain("200: components['schemas']['Out'];");
  expect(ts).toContain('204: never;');
});
