import { awscdk, javascript, TaskShell } from 'projen';

/** Oldest aws-cdk-lib users may bring: the first with the `Validations` API cdk-nag v3 acknowledgements use. */
const MIN_CDK_VERSION = '2.257.0';
/** What we build and test against; the upgrade workflow moves it forward. */
const DEV_CDK_VERSION = '2.276.0';
/**
 * GitHub runners use a supported Node; this machine's Node 20 still works but is past end of life.
 * 24, not 22: npm trusted publishing needs npm 11.5.1 or later, and Node 22 bundles npm 10, which never attempts
 * the OIDC exchange (the release's `npm publish` would fail with a 404).
 */
const WORKFLOW_NODE_VERSION = '24.x';
/**
 * Debian's interpreter has setuptools and wheel from apt; override with WHEEL_PYTHON elsewhere. The default needs
 * bash: projen's own cross-platform shell has no `${VAR:-default}`.
 */
const WHEEL_PYTHON = '${WHEEL_PYTHON:-/usr/bin/python3}';
/** Where `package:python-offline` generates the Python sources (the wheel goes to dist/python like jsii-pacmak's). */
const PYTHON_SOURCE_DIR = 'dist-python';

const project = new awscdk.AwsCdkConstructLibrary({
  name: '@sociant/mate-infra',
  description:
    'AWS CDK constructs for the MATE multi-tenant SaaS platform: a shared environment (VPC, ECS cluster, ALB, WAF, KMS) and isolated per-tenant silos (RDS PostgreSQL, ElastiCache Redis, S3, EFS, Django/Celery on Fargate) sized by tier.',
  author: 'Sociant',
  authorAddress: 'maintainers@sociant.ai',
  repositoryUrl: 'https://github.com/sociant/mate-infra.git',
  keywords: ['cdk', 'aws-cdk', 'multi-tenant', 'saas', 'ecs', 'fargate', 'django', 'celery', 'rds', 'elasticache'],
  license: 'Apache-2.0',
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  workflowNodeVersion: WORKFLOW_NODE_VERSION,
  // test/security lints every synthesized template with cfn-lint, a Python tool these machines have and GitHub's
  // runners do not (pinned to the version the ignore list in .cfnlintrc.yaml was written for).
  workflowBootstrapSteps: [{ name: 'Install cfn-lint', run: 'pipx install cfn-lint==1.51.0' }],

  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.5.1',
  // The peer range keeps MIN_CDK_VERSION; development pins a current release instead of the minimum.
  peerDependencyOptions: { pinnedDevDependency: false },
  // `mate-infra preview` classifies changes with the CDK CLI's own diff engine; not a jsii module, so it is bundled.
  bundledDeps: ['@aws-cdk/cloudformation-diff'],
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'constructs@10.5.1',
    'tsconfig-paths',
    'aws-cdk@^2', // the CLI, to synthesize the example apps
    'cdk-nag@^3',
    '@cdklabs/cdk-validator-cfnguard',
    'yaml',
    // Test-time only (AGPL-3.0): evaluates the synthesized IAM, resource and key policies as AWS does, for the
    // interaction proofs in test/proofs. Never bundled: devDependencies are not in the npm or Python packages.
    '@cloud-copilot/iam-simulate',
    // The tenant-placement function's tests run its inline source against these clients, mocked.
    'aws-sdk-client-mock',
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-elastic-load-balancing-v2',
  ],

  // A single development tsconfig at the top level covers src, test, examples and .projenrc.ts.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      baseUrl: '.',
      // Examples import the package by its published name, as users who copy them will.
      paths: { '@sociant/mate-infra': ['src/index.ts'] },
    },
    include: ['examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
  },

  publishToPypi: {
    distName: 'sociant-mate-infra',
    module: 'sociant_mate_infra',
    trustedPublishing: true,
  },
  npmTrustedPublishing: true,
  // A scoped package is private on npm unless published with public access.
  npmAccess: javascript.NpmAccess.PUBLIC,

  jestOptions: {
    // projen's default passes --updateSnapshot; a changed snapshot must fail the run instead.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // .ci/run prints its summary line from this file.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest.json'],
    jestConfig: {
      moduleNameMapper: { '^@sociant/mate-infra$': '<rootDir>/src/index.ts' },
      coverageThreshold: {
        lines: 90, statements: 90, branches: 80, functions: 90,
      },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // Environments of 100 to 250 tenants take minutes: the scale task runs them (CI too).
      testPathIgnorePatterns: ['/node_modules/', '/test/scale/'],
      setupFiles: ['<rootDir>/test/setup/without-template-validation.ts'],
      globalSetup: '<rootDir>/test/setup/create-checked-apps-dir.ts',
      globalTeardown: '<rootDir>/test/setup/remove-checked-apps-dir.ts',
      // Both cores of a CI machine: jest's default leaves one idle.
      maxWorkers: 2,
      // A worker that lived through several test files takes seconds to end each further file: V8's coverage is
      // taken over every copy of aws-cdk-lib the worker has loaded. A fresh worker once the heap passes this size
      // keeps that at about a second (jest 6.7 -> 4.4 minutes on 2 cores).
      workerIdleMemoryLimit: '800MB',
    },
  },

  // projen's default ESLint project service looks for the nearest tsconfig.json, which covers only src/; test files
  // would fail to parse. tsconfig.dev.json covers src, test, examples, scripts and .projenrc.ts.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'examples', 'scripts'],
    fileExtensions: ['.ts', '.tsx'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  // `npx mate-infra cost cdk.out` (what an app costs a month) and `npx mate-infra preview <before> <after>` (what a
  // change replaces or destroys), for users of the npm package.
  bin: { 'mate-infra': 'lib/cli/mate-infra.js' },

  docgen: true,
  githubOptions: { mergify: false },
  depsUpgradeOptions: {
    workflowOptions: { labels: ['auto-approve'] },
  },
  gitignore: ['/.jsii.tabl.json', '/examples/**/cdk.out/', '/cdk.out/', `/${PYTHON_SOURCE_DIR}/`, '*.cpuprofile'],
  npmIgnoreOptions: {
    ignorePatterns: ['/.cfnlintrc.yaml', '/rosetta/', '/examples/', '/scripts/', '/.ci/', '/docs/', '/cdk.out/', `/${PYTHON_SOURCE_DIR}/`, '/tsconfig.dev.json'],
  },
});

// Examples are type-checked on every test run even though jsii never compiles them.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json', { name: 'typecheck' });

// Every TypeScript snippet of README.md and the docs compiles (strict), so the Python translations in API.md are real;
// snippets without their own imports use rosetta/default.ts-fixture.
project.postCompileTask.prependExec('jsii-rosetta extract --strict', { name: 'rosetta' });

// PyPI is unreachable on some build machines, and jsii-pacmak's own Python build pip-installs its build tools from
// it. Offline, pacmak only generates the sources; the local python3 (setuptools + wheel) builds the wheel, and
// scripts/check_python_wheel.py proves it holds the module, the assembly and every exported type.
const packagePythonOffline = project.addTask('package:python-offline', {
  description: 'Create the Python wheel without PyPI: jsii-pacmak --code-only, then the local python3 (setuptools, wheel)',
  shell: TaskShell.bash(),
});
packagePythonOffline.exec(`rm -rf ${PYTHON_SOURCE_DIR} dist/python`);
packagePythonOffline.exec(`jsii-pacmak -v --target python --code-only --no-npmignore --outdir ${PYTHON_SOURCE_DIR}`);
packagePythonOffline.exec(`${WHEEL_PYTHON} setup.py --quiet bdist_wheel --dist-dir ../../dist/python`, {
  cwd: `${PYTHON_SOURCE_DIR}/python`,
});
packagePythonOffline.exec(`${WHEEL_PYTHON} scripts/check_python_wheel.py --wheel-dir dist/python --assembly .jsii`);

const testPython = project.addTask('test:python', {
  description: 'Unit-test the wheel check against wheels that lack what it looks for',
  shell: TaskShell.bash(),
  exec: `${WHEEL_PYTHON} -m unittest discover --start-directory test/python --verbose`,
});

// GitHub's jobs run package:python (PyPI is reachable there); a local `projen build` packages Python offline.
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
packageAll.spawn(project.tasks.tryFind('package:js')!);
packageAll.spawn(packagePythonOffline);

// The README's first Quick start command: the main job, offline, with no AWS account.
const demo = project.addTask('demo', {
  description: 'Synthesize the demo app (examples/demo) offline and print what it built',
  cwd: 'examples/demo',
  env: { CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
});
demo.exec('rm -rf cdk.out');
demo.exec('cdk synth --no-notices --quiet');
demo.exec('ts-node --transpile-only ../../scripts/summarize-assembly.ts cdk.out');

// Tables of README.md and docs/*.md that restate code (tiers, acknowledged findings, cfn-lint and cfn-guard exceptions,
// intended wildcards) are written from the code; `--check` only compares, as test/docs/generated-tables.test.ts does.
project.addTask('docs', {
  description: 'Regenerate the tables of README.md and docs/*.md that restate code (--check: fail if any differs)',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
  exec: 'ts-node --transpile-only -r tsconfig-paths/register scripts/docs/generate-tables.ts',
  receiveArgs: true,
});

// docs/interactions.md is written from the interaction proofs' verdicts (test/proofs); the proofs' doc test fails with
// this command when a policy statement that decides an interaction changes.
project.addTask('docs:interactions', {
  description: 'Regenerate docs/interactions.md from the interaction proofs (the IAM engine\'s verdicts over the demo and the two-tenant app)',
  env: { UPDATE_INTERACTIONS_DOC: '1' },
  exec: 'jest --coverage=false test/proofs/interactions-doc.test.ts',
});

// Issue 9's scale benchmark: MATE against an equivalent hand-written aws-cdk-lib app at N = 1, 10, 100 and 250 tenants
// (docs/benchmarks.md). Minutes long, so not part of CI; `npx projen bench --sizes 1,10` is a quick run.
const bench = project.addTask('bench', {
  description: 'Synthesize base + N tenants with MATE and with hand-written aws-cdk-lib, each in its own process, and compare synth time, memory, resources and template sizes (options: --sizes 1,10 --profile --keep)',
});
bench.exec('ts-node --transpile-only scripts/bench/bench.ts', { receiveArgs: true });

// The quota proofs at scale (100 to 250 tenants), out of the unit-test loop; CI runs them after the unit tests.
const testScale = project.addTask('test:scale', {
  description: 'Prove the quotas on environments of 100 to 250 tenants (test/scale), minutes long',
});
testScale.exec('jest --ci --coverage=false --testPathIgnorePatterns=/node_modules/ --json --outputFile=test-reports/jest-scale.json test/scale', { receiveArgs: true });

// Issue 15: the application contract end to end. examples/app against real TLS-only PostgreSQL and Redis configured
// as the synthesized demo configures RDS and ElastiCache (the servers come from scripts/e2e/install-servers.sh).
const e2e = project.addTask('e2e', {
  description: 'Run examples/app against real TLS-only PostgreSQL and Redis configured from the synthesized demo (needs scripts/e2e/install-servers.sh)',
  env: { CDK_VALIDATION: 'false', TS_NODE_PROJECT: 'tsconfig.dev.json', E2E_REPORT: 'test-reports/e2e.json' },
});
e2e.exec('ts-node --transpile-only -r tsconfig-paths/register scripts/e2e/run.ts');

const ci = project.addTask('ci', {
  description: 'The one command CI runs: compile, test with coverage, package for npm, build and check the Python wheel offline',
});
for (const name of ['default', 'pre-compile', 'compile', 'post-compile', 'test']) {
  ci.spawn(project.tasks.tryFind(name)!);
}
ci.spawn(testScale);
ci.spawn(e2e);
ci.spawn(testPython);
ci.spawn(project.tasks.tryFind('package:js')!);
ci.spawn(packagePythonOffline);

project.synth();
