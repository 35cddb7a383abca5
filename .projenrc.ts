import { awscdk, javascript } from 'projen';

/** Oldest aws-cdk-lib users may bring: the first with the `Validations` API cdk-nag v3 acknowledgements use. */
const MIN_CDK_VERSION = '2.257.0';
/** What we build and test against; the upgrade workflow moves it forward. */
const DEV_CDK_VERSION = '2.276.0';
/** GitHub runners use a supported Node; this machine's Node 20 still works but is past end of life. */
const WORKFLOW_NODE_VERSION = '22.x';

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

  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.5.1',
  // The peer range keeps MIN_CDK_VERSION; development pins a current release instead of the minimum.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'constructs@10.5.1',
    'tsconfig-paths',
    'aws-cdk@^2', // the CLI, to synthesize the example apps
    'cdk-nag@^3',
    '@aws-cdk/cloudformation-diff',
    '@cdklabs/cdk-validator-cfnguard',
    'yaml',
  ],

  // A single development tsconfig at the top level covers src, test, examples and .projenrc.ts.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      baseUrl: '.',
      // Examples import the package by its published name, as users who copy them will.
      paths: { '@sociant/mate-infra': ['src/index.ts'] },
    },
    include: ['examples/**/*.ts', 'scripts/**/*.ts'],
  },

  publishToPypi: {
    distName: 'sociant-mate-infra',
    module: 'sociant_mate_infra',
    trustedPublishing: true,
  },
  npmTrustedPublishing: true,

  jestOptions: {
    // projen's default passes --updateSnapshot; a changed snapshot must fail the run instead.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      moduleNameMapper: { '^@sociant/mate-infra$': '<rootDir>/src/index.ts' },
      coverageThreshold: {
        lines: 90, statements: 90, branches: 80, functions: 90,
      },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      testTimeout: 120_000,
    },
  },

  docgen: true,
  githubOptions: { mergify: false },
  depsUpgradeOptions: {
    workflowOptions: { labels: ['auto-approve'] },
  },
  gitignore: ['/examples/**/cdk.out/', '/cdk.out/', '/dist-python/', '/.venv-wheel/', '*.cpuprofile'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/scripts/', '/.ci/', '/docs/', '/cdk.out/', '/tsconfig.dev.json'] },
});

// Examples are type-checked on every test run even though jsii never compiles them.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json', { name: 'typecheck' });

project.synth();
