import { createTemplateApp, withSecurityChecks } from './app';

withSecurityChecks(createTemplateApp()).synth();
