import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMapping } from './import';

describe('quorum import: the mapping it sends', () => {
  let directory: string;
  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-import-'));
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('reads a spaCy file as spaCy (code point offsets) in a spans project, and as plain JSON Lines elsewhere', async () => {
    const file = path.join(directory, 'ner.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ text: '🇫🇷 Paris', spans: [{ start: 3, end: 8, label: 'LOC' }], meta: { id: 1 } })}\n`);
    expect(await resolveMapping(file, { project: 'p' }, true)).toEqual({ format: 'spacy', mapping: { textField: 'text', labelField: 'spans', idField: null, metadataField: 'meta' } });
    expect((await resolveMapping(file, { project: 'p' }, false)).format).toBe('jsonl');
    // --label-field still wins.
    expect((await resolveMapping(file, { project: 'p', labelField: 'gold' }, true)).mapping.labelField).toBe('gold');
  });
});
