import { createTemplateApp } from './app';

createTemplateApp().synth();
