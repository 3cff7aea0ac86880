/** The model's suggestion under an item, when the project shows suggestions: the label and its probability. */
export function ModelSuggestion({ suggestion }: { suggestion: { name: string; score: number | null } }) {
  return (
    <p className="text-sm text-slate-700" data-testid="model-suggestion">
      Model suggestion: <span className="font-medium">{suggestion.name}</span>
      {suggestion.score !== null ? <span className="text-slate-600"> ({Math.round(suggestion.score * 100)}%)</span> : null}
    </p>
  );
}
