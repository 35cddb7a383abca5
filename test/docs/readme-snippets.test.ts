import * as fs from 'fs';
import * as path from 'path';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import * as ts from 'typescript';

/**
 * The README's TypeScript usage examples (its ```ts nofixture blocks: complete programs, as a user copies them) run
 * exactly as written against the library's sources, and their apps synthesize offline: no AWS credentials, no
 * context lookup. jsii-rosetta compiles them on every build; this runs them.
 */
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The body of every ```ts nofixture block of `markdown`. */
function completeSnippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts nofixture\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/**
 * Runs `snippet` as a CommonJS module whose `require` is this test's (so `@sociant/mate-infra` is jest's mapping to
 * src/index.ts) and returns what its `app` synthesizes.
 */
function synthesizeSnippet(snippet: string): cxapi.CloudAssembly {
  if (!/^const app = new App\(/m.test(snippet)) {
    throw new Error(`a complete README snippet must create its app as 'const app = new App(...)':\n${snippet}`);
  }
  const { outputText, diagnostics } = ts.transpileModule(`${snippet}\nmodule.exports.assembly = app.synth();\n`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    reportDiagnostics: true,
  });
  expect(diagnostics?.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
  const snippetModule = { exports: {} as { assembly?: cxapi.CloudAssembly } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', outputText)(require, snippetModule, snippetModule.exports);
  return snippetModule.exports.assembly!;
}

describe('the README\'s TypeScript usage examples', () => {
  const snippets = completeSnippets(README);
  const credentials = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'CDK_DEFAULT_ACCOUNT'];
  const saved = new Map(credentials.map((name) => [name, process.env[name]]));
  beforeAll(() => credentials.forEach((name) => delete process.env[name]));
  afterAll(() => saved.forEach((value, name) => (value === undefined ? delete process.env[name] : (process.env[name] = value))));

  test('exist', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  test.each(snippets.map((snippet, index) => [index + 1, snippet]))('example %d synthesizes offline, as written', (_index, snippet) => {
    const assembly = synthesizeSnippet(snippet as string);
    try {
      // A context lookup (for example the Availability Zones of a stack that names its account) does not fail a
      // synthesis outside the CLI: it is recorded as missing context, which the CLI would need credentials to fill.
      expect(assembly.manifest.missing ?? []).toEqual([]);
      expect(assembly.stacks.length).toBeGreaterThan(0);
      for (const stack of assembly.stacks) {
        expect(Object.keys(stack.template.Resources ?? {}).length).toBeGreaterThan(0);
        const errors = Object.entries(stack.manifest.metadata ?? {}).flatMap(([construct, entries]) =>
          entries.filter((entry) => entry.type === 'aws:cdk:error').map((entry) => `${construct}: ${String(entry.data)}`));
        expect(errors).toEqual([]);
      }
    } finally {
      fs.rmSync(assembly.directory, { recursive: true, force: true });
    }
  });
});
