'use client';

import { useState } from 'react';

const FORMATS = [
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'csv', label: 'CSV' },
  { value: 'label-studio', label: 'Label Studio JSON' },
];
const STATUSES = [
  { value: 'all', label: 'All items' },
  { value: 'labeled', label: 'Items with a final label' },
  { value: 'reviewed', label: 'Reviewed items' },
];

export function ExportPanel({ slug }: { slug: string }) {
  const [format, setFormat] = useState('jsonl');
  const [status, setStatus] = useState('all');
  const href = `/api/v1/projects/${encodeURIComponent(slug)}/export?${new URLSearchParams({ format, status })}`;
  return (
    <section className="card space-y-4" aria-labelledby="export-heading">
      <h2 id="export-heading" className="font-semibold">
        Export
      </h2>
      <p className="text-sm text-slate-700">Every annotation, the final label and how it was decided, the gold label and the latest model prediction.</p>
      <label className="block text-sm font-medium text-slate-800">
        Format
        <select className="input mt-1" value={format} onChange={(event) => setFormat(event.target.value)}>
          {FORMATS.map((option) => (
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
