import type { TSuggestionView } from './describe-suggestion';

/**
 * The model's suggestion under an item, when the project shows suggestions: the label and its
 * probability, or for a multi-label item the predicted set (each label with its probability) and,
 * quieter, the labels it leaves out.
 */
export function ModelSuggestion({ suggestion }: { suggestion: TSuggestionView }) {
  if (suggestion.kind === 'label') {
    return (
      <p className="text-sm text-slate-700" data-testid="model-suggestion">
        Model suggestion: <span className="font-medium">{suggestion.name}</span>
        {suggestion.score !== null ? <span className="text-slate-600"> ({formatPercent(suggestion.score)})</span> : null}
      </p>
    );
  }
  const predicted = suggestion.labels.filter((label) => label.isPredicted);
  const others = suggestion.labels.filter((label) => !label.isPredicted);
  return (
    <div className="text-sm text-slate-700" data-testid="model-suggestion">
      <p>
        Model suggestion:{' '}
        {predicted.length === 0 ? (
          <span className="font-medium">none of these</span>
        ) : (
          predicted.map((label, index) => (
            <span key={label.name}>
              {index > 0 ? ', ' : ''}
              <span className="font-medium break-words">{label.name}</span>
              {label.probability !== null ? <span className="text-slate-600"> ({formatPercent(label.probability)})</span> : null}
            </span>
          ))
        )}
        {suggestion.score !== null ? <span className="text-slate-600"> · this exact set {formatPercent(suggestion.score)}</span> : null}
      </p>
      {others.length > 0 && others.some((label) => label.probability !== null) ? (
        <p className="text-xs text-slate-600" data-testid="model-suggestion-others">
          Left out:{' '}
          {others.map((label, index) => (
            <span key={label.name}>
              {index > 0 ? ', ' : ''}
              <span className="break-words">{label.name}</span>
              {label.probability !== null ? ` (${formatPercent(label.probability)})` : ''}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
