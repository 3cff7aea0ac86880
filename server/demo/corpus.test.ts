import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpamAssassin, MAX_BODY_CHARS, parseMessage, readSpamAssassinMessages, type TDemoMessage } from './corpus';

const PER_GROUP = 40;
const HEADER_LINE = /^(Return-Path|Received|Delivered-To|Message-Id|MIME-Version|Content-Type|Content-Transfer-Encoding): /im;

describe('loadSpamAssassin (first 40 messages of each group)', () => {
  const sample: TDemoMessage[] = [];
  beforeAll(async () => {
    for await (const message of loadSpamAssassin({ limitPerGroup: PER_GROUP })) sample.push(message);
  });

  it('labels spam groups spam and ham groups ham, with group/id external ids', () => {
    const byGroup = new Map<string, Set<string>>();
    for (const m of sample) byGroup.set(m.group, (byGroup.get(m.group) ?? new Set()).add(m.label));
    expect(Object.fromEntries([...byGroup].map(([g, labels]) => [g, [...labels]]))).toEqual({
      'easy-ham-1': ['ham'],
      'easy-ham-2': ['ham'],
      'hard-ham-1': ['ham'],
      'spam-1': ['spam'],
      'spam-2': ['spam'],
    });
    expect(sample).toHaveLength(5 * PER_GROUP);
    expect(sample[0]!.externalId).toBe('easy-ham-1/00001');
    expect(new Set(sample.map((m) => m.externalId)).size).toBe(sample.length);
  });

  it('gives non-empty text that starts with the subject, not with raw MIME headers', () => {
    for (const m of sample) {
      expect(m.text.trim(), m.externalId).not.toBe('');
      expect(m.text.slice(0, 500), m.externalId).not.toMatch(HEADER_LINE);
      expect(m.text.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 1000);
    }
  });

  it('decodes transfer encodings and turns HTML-only bodies into text', async () => {
    const raw = readSpamAssassinMessages();
    const base64 = raw.find((m) => /^Content-Transfer-Encoding:\s*base64/im.test(m.text) && /^Content-Type:\s*text\/plain/im.test(m.text))!;
    const htmlOnly = raw.find((m) => /^Content-Type:\s*text\/html/im.test(m.text) && !/text\/plain/i.test(m.text))!;
    expect(base64).toBeDefined();
    expect(htmlOnly).toBeDefined();
    const decoded = await parseMessage(base64.text);
    expect(decoded).not.toMatch(/[A-Za-z0-9+/]{76}\n[A-Za-z0-9+/]{76}/);
    const converted = await parseMessage(htmlOnly.text);
    expect(converted.length).toBeGreaterThan(20);
    expect(converted).not.toMatch(/<\/?(html|body|table|td|font|p|br)\b/i);
  });
});
