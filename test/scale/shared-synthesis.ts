/**
 * Synthesis work that the jest workers of one run share: each work item (an app) is synthesized once, by whichever
 * process claims it first, into a directory of the run; the others read its cloud assembly from there.
 *
 * An item is claimed by creating `<item>.claim` exclusively (holding the claimant's pid) and is done once
 * `<item>.done` exists. A process waiting for an item whose claimant died takes it over, so a run with one worker,
 * or a worker that crashed, still gets every item. A test file that needs items joins as their consumer
 * (`<consumer>.consumer`), so that other files only help with the items of files that will run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface WorkItem {
  /** A file name: the item's cloud assembly goes in `<dir>/<name>`. */
  readonly name: string;
  /** The test file that needs it. */
  readonly consumer: string;
  /** Synthesizes the item's app into `outdir`. */
  readonly synthesize: (outdir: string) => void;
}

export class SharedSynthesis {
  /**
   * The work of `key` in the directory jest's global setup made for this run (test/setup), shared by its workers;
   * undefined when there is none (jest run without the project's setup).
   */
  public static ofThisRun(key: string, items: readonly WorkItem[]): SharedSynthesis | undefined {
    const runDir = process.env.MATE_CHECKED_APPS_DIR;
    return runDir ? new SharedSynthesis(path.join(runDir, key), items) : undefined;
  }

  /** The work of `key` in a directory of this process alone, removed by `removeIfPrivate`. */
  public static private(key: string, items: readonly WorkItem[]): SharedSynthesis {
    return new SharedSynthesis(fs.mkdtempSync(path.join(os.tmpdir(), `${key}-`)), items, true);
  }

  constructor(public readonly dir: string, public readonly items: readonly WorkItem[], private readonly isPrivate = false) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Removes the directory of a process's own work; the run's directory is removed by jest's global teardown. */
  public removeIfPrivate(): void {
    if (this.isPrivate) {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /**
   * For the test file `consumer`: synthesizes those of its items no process has claimed, then helps with the items
   * of the other consumers that joined.
   */
  public prepare(consumer: string): void {
    fs.writeFileSync(path.join(this.dir, `${consumer}.consumer`), String(process.pid));
    this.synthesizeUnclaimed((item) => item.consumer === consumer);
    this.synthesizeUnclaimed((item) => fs.existsSync(path.join(this.dir, `${item.consumer}.consumer`)));
  }

  /** Synthesizes, one claim at a time and in order, every item `accepts` that no process has claimed; returns their names. */
  public synthesizeUnclaimed(accepts: (item: WorkItem) => boolean = () => true): string[] {
    const synthesized: string[] = [];
    for (const item of this.items) {
      // Whether the item is wanted is asked again for each: consumers join while others synthesize.
      if (accepts(item) && this.claim(item, 'claim')) {
        this.synthesize(item);
        synthesized.push(item.name);
      }
    }
    return synthesized;
  }

  /** The cloud assembly of `item` once it is synthesized, by this process or another; taken over if its claimant died. */
  public async assemblyOf(item: WorkItem): Promise<string> {
    const done = this.file(item, 'done');
    while (!fs.existsSync(done)) {
      if (this.claim(item, 'claim') || (!this.claimantAlive(item) && this.claim(item, 'takeover'))) {
        this.synthesize(item);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return this.outdir(item);
  }

  public outdir(item: WorkItem): string {
    return path.join(this.dir, item.name);
  }

  private synthesize(item: WorkItem): void {
    fs.rmSync(this.outdir(item), { recursive: true, force: true });
    item.synthesize(this.outdir(item));
    fs.writeFileSync(this.file(item, 'done'), String(process.pid));
  }

  private claim(item: WorkItem, kind: 'claim' | 'takeover'): boolean {
    try {
      fs.writeFileSync(this.file(item, kind), String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return false;
      }
      throw error;
    }
  }

  /** Whether the process that claimed `item` still runs (a claim still being written counts as alive). */
  private claimantAlive(item: WorkItem): boolean {
    const pid = Number(fs.readFileSync(this.file(item, 'claim'), 'utf-8'));
    if (!pid) {
      return true;
    }
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  }

  private file(item: WorkItem, kind: 'claim' | 'takeover' | 'done'): string {
    return path.join(this.dir, `${item.name}.${kind}`);
  }
}
