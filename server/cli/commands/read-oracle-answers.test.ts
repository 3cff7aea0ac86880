import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelTask } from '@/ml/model-kinds';
import { readOracleAnswers, type TOracleFileOptions } from './read-oracle-answers';

/** A Label Studio task with one annotation per result list given. */
function labelStudioTask(id: number, text: string, results: unknown[][], extra: Record<string, unknown> = {}) {
  return { id, data: { text }, annotations: results.map((result, i) => ({ id: id * 10 + i, completed_by: i + 1, result, ...extra })) };
}

const choices = (...names: string[]) => ({ from_name: 'topics', to_name: 'text', type: 'choices', value: { choices: names } });
const region = (start: number, end: number, label: string, text: string) => ({ from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, text: text.slice(start, end), labels: [label] } });

describe('readOracleAnswers', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-oracle-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = async <TTask extends ModelTask>(name: string, content: string, task: TTask, options: Partial<TOracleFileOptions> = {}) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return readOracleAnswers(file, { textField: 'text', ...options }, task);
  };

  it('reads label sets as the importer does: JSON lists, "|" in CSV cells, [] as "none of these", a missing cell as no answer', async () => {
    const csv = await read('sets.csv', 'text,topics\nrain and a goal,sports|weather\nvote,"[""politics""]"\nnothing here,[]\nno cell,\n', 'multi_label', { labelField: 'topics' });
    expect(csv.answers).toEqual([['sports', 'weather'], ['politics'], []]);
    expect(csv.skipped).toBe(1);
    const jsonl = await read('sets.jsonl', '{"text":"a","topics":["x","y"]}\n{"text":"b","topics":[]}\n{"text":"c"}\n', 'multi_label', { labelField: 'topics' });
    expect(jsonl.answers).toEqual([['x', 'y'], []]);
    expect(jsonl.skipped).toBe(1);
  });

  it('takes a Label Studio task\'s answer from its annotations: several choices are a set, an empty choices result "none of these", disagreement no answer', async () => {
    const tasks = [
      labelStudioTask(1, 'goal and rain', [[choices('sports', 'weather')], [choices('weather', 'sports')]]),
      labelStudioTask(2, 'quiet day', [[choices()]]),
      labelStudioTask(3, 'vote', [[choices('politics')], [choices('sports')]]),
      labelStudioTask(4, 'no annotation', []),
      // A ground-truth annotation is the gold, whatever the others say.
      { ...labelStudioTask(5, 'senate', [[choices('sports')]]), annotations: [{ id: 1, result: [choices('sports')] }, { id: 2, ground_truth: true, result: [choices('politics')] }] },
    ];
    const sets = await read('tasks.json', JSON.stringify(tasks), 'multi_label');
    expect(sets.texts).toEqual(['goal and rain', 'quiet day', 'senate']);
    expect(sets.answers).toEqual([['sports', 'weather'], [], ['politics']]);
    expect(sets.skipped).toBe(2);
    expect(sets.mapping.labelField).toBeNull();
    // One label per item: two choices are no single label.
    const single = await read('tasks.json', JSON.stringify(tasks), 'single_label');
    expect(single.answers).toEqual(['politics']);
  });

  it('reads spaCy spans in code points and Label Studio regions in UTF-16, checked against the text', async () => {
    const text = '🙂 Zoë flew to Oslo.';
    const spacy = await read(
      'spans.jsonl',
      `${JSON.stringify({ text, spans: [{ start: 2, end: 5, label: 'PER' }, { start: 14, end: 18, label: 'LOC' }] })}\n${JSON.stringify({ text: 'Oslo', spans: [{ start: 0, end: 9, label: 'LOC' }] })}\n`,
      'spans',
    );
    expect(spacy.mapping.labelField).toBe('spans');
    expect(spacy.answers).toEqual([{ spans: [{ start: 3, end: 6, label: 'PER' }, { start: 15, end: 19, label: 'LOC' }] }]);
    expect(spacy.skipped).toBe(1);
    expect(spacy.firstProblem).toMatch(/^row 2: .*not code point offsets inside the text/);
    const labelStudio = await read('regions.json', JSON.stringify([labelStudioTask(1, text, [[region(3, 6, 'PER', text)]])]), 'spans');
    expect(labelStudio.answers).toEqual([{ spans: [{ start: 3, end: 6, label: 'PER' }] }]);
  });

  it('needs --label-field for a file without annotations, and --task-type spans for spaCy JSONL', async () => {
    await expect(read('plain.jsonl', '{"text":"a","label":"x"}\n', 'single_label')).rejects.toThrow(/a jsonl file holds no annotations .* --label-field/);
    await expect(read('spans.jsonl', '{"text":"a","spans":[]}\n', 'single_label', { format: 'spacy' })).rejects.toThrow(/--task-type spans/);
  });
});
