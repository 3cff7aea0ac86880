import { VisibleText } from './visible-text';

/** An item's metadata, folded away by default; keys and values are imported data, shown as text. */
export function ItemMetadata({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700">Metadata ({entries.length})</summary>
      <dl className="mt-2 grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-3 gap-y-1">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="truncate font-medium text-slate-700">
              <VisibleText text={key} />
            </dt>
            <dd className="break-words text-slate-900">
              <VisibleText text={typeof value === 'string' ? value : JSON.stringify(value)} />
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
