/**
 * Where the synth time of a `node --cpu-prof` profile goes: self time by function and by file (the library's own
 * `src/` files, aws-cdk-lib's modules, constructs, Node), and the inclusive time of the library's functions, within
 * the synth window the run reported (module loading is cut off).
 */
import * as fs from 'fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface TimeShare {
  readonly name: string;
  readonly ms: number;
}

export interface ProfileSummary {
  /** Sampled time inside the window. */
  readonly totalMs: number;
  readonly selfByFunction: TimeShare[];
  readonly selfByFile: TimeShare[];
  readonly selfByPackage: TimeShare[];
  /** Time with at least one frame of the library's `src/` on the stack, per function (each counted once per sample). */
  readonly inclusiveBySourceFunction: TimeShare[];
  /** Time with any frame of the library's `src/` on the stack. */
  readonly underSourceMs: number;
}

/** A readable location: `src/...` for the library, `aws-cdk-lib/...` for aws-cdk-lib, the URL otherwise. */
export function fileOf(url: string): string {
  if (!url) {
    return '(native)';
  }
  const path = url.replace(/^file:\/\//, '');
  const source = path.match(/\/(src\/.*)$/);
  if (source && !path.includes('/node_modules/')) {
    return source[1];
  }
  const module = path.match(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  return module ? `${module[1]}/${module[2]}` : path;
}

/** The package a file belongs to: the library (`src/`), an npm package, or Node and V8 themselves. */
export function packageOf(url: string): string {
  const file = fileOf(url);
  if (file.startsWith('src/')) {
    return 'library (src/)';
  }
  if (file.startsWith('node:') || file === '(native)') {
    return 'Node.js and V8';
  }
  const parts = file.split('/');
  return file.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

export function summarizeProfile(profileFile: string, windowStartMicros: number, windowEndMicros: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf-8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parentOf.set(child, node.id);
    }
  }

  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMicros = 0;
  let underSourceMicros = 0;
  let time = profile.startTime;
  profile.samples.forEach((sample, index) => {
    time += profile.timeDeltas[index];
    // A sample stands for the time until the next one.
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (time < windowStartMicros || time > windowEndMicros || duration <= 0) {
      return;
    }
    const node = byId.get(sample)!;
    const frame = node.callFrame;
    const file = fileOf(frame.url);
    totalMicros += duration;
    add(selfByFunction, `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`, duration);
    add(selfByFile, file, duration);
    add(selfByPackage, packageOf(frame.url), duration);

    const sourceFunctions = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const callFrame = byId.get(id)!.callFrame;
      const callFile = fileOf(callFrame.url);
      if (callFile.startsWith('src/')) {
        sourceFunctions.add(`${callFrame.functionName || '(anonymous)'} ${callFile}:${callFrame.lineNumber + 1}`);
      }
    }
    sourceFunctions.forEach((name) => add(inclusive, name, duration));
    if (sourceFunctions.size > 0) {
      underSourceMicros += duration;
    }
  });

  return {
    totalMs: totalMicros / 1000,
    selfByFunction: ranked(selfByFunction),
    selfByFile: ranked(selfByFile),
    selfByPackage: ranked(selfByPackage),
    inclusiveBySourceFunction: ranked(inclusive),
    underSourceMs: underSourceMicros / 1000,
  };
}

function add(shares: Map<string, number>, name: string, micros: number): void {
  shares.set(name, (shares.get(name) ?? 0) + micros);
}

function ranked(shares: Map<string, number>): TimeShare[] {
  return [...shares].map(([name, micros]) => ({ name, ms: micros / 1000 })).sort((a, b) => b.ms - a.ms);
}
