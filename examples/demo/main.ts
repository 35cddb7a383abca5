import { createDemoApp } from './app';

createDemoApp().synth();
