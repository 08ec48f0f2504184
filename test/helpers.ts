import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const ROOT = join(import.meta.dirname, '..');
export const SEED_FILE = join(ROOT, 'lessons', 'asif-dirty-work.md');
/**
 * The seed lesson as it was written before key items had mentions and cores: an
 * old-format file that must keep loading, and the stable lesson the tests of
 * mechanics (classroom, exports, backups, grading) run on, whatever the seed becomes.
 */
export const OLD_SEED_FILE = join(ROOT, 'test', 'fixtures', 'lessons', 'asif-v1.md');
/** The seed lesson's article as published (a copy of the project's shared/articles file: tests read nothing outside the repository). */
export const SOURCE_ARTICLE = join(ROOT, 'test', 'fixtures', 'articles', 'asif-dirty-work.txt');

/** A temporary folder removed when the test file finishes. */
export function tempDir(prefix = 'lede-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small valid lesson; `patch` edits the YAML before the body is added. */
export function miniLesson(opts: { frontMatter?: string; body?: string } = {}): string {
  const fm =
    opts.frontMatter ??
    `lede: 1
id: mini
title: A small lesson
article:
  headline: Council says the bridge is safe
  byline: A. Writer
exercises:
  - id: sources
    kind: highlight
    title: Sources
    prompt: Find the sources.
    labels:
      - id: named
        name: Named
        description: A named source.
      - id: vague
        name: Vague
        description: A vague source.
    key:
      - quote: the council
        occurrence: 1
        label: named
        explanation: The council is named.
      - quote: experts
        label: vague
        explanation: Which experts?
  - id: q
    kind: choice
    title: Question
    prompt: Pick one.
    options:
      - id: a
        text: Yes
        correct: true
        feedback: Right.
      - id: b
        text: No
        feedback: Not so.`;
  const body = opts.body ?? `According to the council, the bridge is safe.\n\nExperts disagree, but the council says experts are wrong.\n`;
  return `---\n${fm}\n---\n${body}`;
}
