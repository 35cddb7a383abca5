import { createDemoApp, withSecurityChecks } from './app';

withSecurityChecks(createDemoApp()).synth();
