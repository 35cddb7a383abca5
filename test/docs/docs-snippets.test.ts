import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every TypeScript snippet of docs/*.md compiles against the library's sources, as jsii-rosetta compiles the README's
 * on every build (rosetta reads only the jsii assembly, which holds the README but not docs/): a ```ts nofixture block
 * is a module of its own, any other ```ts block is compiled in place of `/// here` in rosetta/default.ts-fixture.
 * One program for all of them, so the library's types are loaded once.
 */
const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = fs.readFileSync(path.join(ROOT, 'rosetta', 'default.ts-fixture'), 'utf8');

interface Snippet {
  readonly name: string;
  /** Where the virtual file lives: beside this test, so that module resolution finds node_modules. */
  readonly file: string;
  readonly source: string;
}

function docsSnippets(): Snippet[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).sort();
  return docs.flatMap((doc) => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
    return [...text.matchAll(/^```ts( nofixture)?\n([\s\S]*?)^```$/gm)].map((match, index) => ({
      name: `docs/${doc}, TypeScript snippet ${index + 1} (line ${text.slice(0, match.index).split('\n').length})`,
      file: path.join(__dirname, `__snippet-${doc.replace(/\.md$/, '')}-${index + 1}.ts`),
      source: match[1] ? match[2] : FIXTURE.replace('/// here', match[2]),
    }));
  });
}

describe('the TypeScript snippets of docs/*.md', () => {
  const snippets = docsSnippets();

  test('compile against the library', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.dev.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    })!;
    // As rosetta compiles: the fixture imports more than each snippet uses.
    const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, isolatedModules: false };
    const host = ts.createCompilerHost(options);
    const virtual = new Map(snippets.map((snippet) => [snippet.file, snippet.source]));
    const { readFile, fileExists } = host;
    host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
    host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);

    const program = ts.createProgram([...virtual.keys()], options, host);
    const errors = snippets.flatMap((snippet) => ts.getPreEmitDiagnostics(program, program.getSourceFile(snippet.file)).map((diagnostic) => {
      const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
      return `${snippet.name}, line ${line} of the compiled file: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    }));
    expect(errors).toEqual([]);
  });

  test('exist', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });
});
