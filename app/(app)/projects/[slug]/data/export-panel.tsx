'use client';

import { useState } from 'react';

const FORMATS = [
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'csv', label: 'CSV' },
  { value: 'label-studio', label: 'Label Studio JSON' },
];
/** Spans projects only: spaCy / Prodigy-style lines, offsets in code points. */
const SPACY_FORMAT = { value: 'spacy', label: 'spaCy JSONL (code point offsets)' };
const STATUSES = [
  { value: 'all', label: 'All items' },
  { value: 'labeled', label: 'Items with a final label' },
  { value: 'reviewed', label: 'Reviewed items' },
];

export function ExportPanel({ slug, isSpanProject = false }: { slug: string; isSpanProject?: boolean }) {
  const formats = isSpanProject ? [...FORMATS, SPACY_FORMAT] : FORMATS;
  const [format, setFormat] = useState('jsonl');
  const [status, setStatus] = useState('all');
  const href = `/api/v1/projects/${encodeURIComponent(slug)}/export?${new URLSearchParams({ format, status })}`;
  return (
    <section className="card space-y-4" aria-labelledby="export-heading">
      <h2 id="export-heading" className="font-semibold">
        Export
      </h2>
      <p className="text-sm text-slate-700">
        Every annotation, the final {isSpanProject ? 'spans' : 'label'} and how {isSpanProject ? 'they were' : 'it was'} decided, the gold {isSpanProject ? 'spans' : 'label'} and the latest model prediction.
        {isSpanProject ? ' Span offsets count UTF-16 code units, except in spaCy JSONL, which counts code points as Python does.' : ''}
      </p>
      <label className="block text-sm font-medium text-slate-800">
        Format
        <select className="input mt-1" value={format} onChange={(event) => setFormat(event.target.value)}>
          {formats.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Items
        <select className="input mt-1" value={status} onChange={(event) => setStatus(event.target.value)}>
          {STATUSES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <a className="btn-primary w-full" href={href} download>
        Download export
      </a>
    </section>
  );
}
